"""Helpers for reading a response the way a visitor's browser would."""

from bs4 import BeautifulSoup


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def visible_text(response) -> str:
    return " ".join(parse(response).get_text(" ").split())


def form_values(response, selector: str = "form") -> dict[str, str]:
    """What the browser would send if the visitor pressed the form's button now."""
    form = parse(response).select_one(selector)
    values = {}
    for control in form.find_all(["input", "select", "textarea"]):
        name = control.get("name")
        if not name or control.get("type") == "submit":
            continue
        if control.name == "select":
            chosen = control.find("option", selected=True) or control.find("option")
            values[name] = chosen.get("value", chosen.get_text()) if chosen else ""
        elif control.name == "textarea":
            values[name] = control.get_text()
        elif control.get("type") in ("radio", "checkbox"):
            if control.has_attr("checked"):
                values[name] = control.get("value", "on")
        else:
            values[name] = control.get("value", "")
    return values
