"""Helpers for reading a response the way a visitor's browser would."""

from bs4 import BeautifulSoup


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def visible_text(response) -> str:
    return " ".join(parse(response).get_text(" ").split())
