"""The page cache in nginx, as visitors and editors notice it: fast, fresh, never private."""

import http.client
import re
import secrets
import time
from urllib.parse import urlsplit

from tests.deploy.conftest import CSRF_COOKIE, Browser, form_token, get, poll, request

ARTICLE = "/blog/treatment-resistant-depression/"


def retitle(production_stack, path: str, title: str, *, publish: bool) -> None:
    """Give the page at path a new title in a draft, and publish it if asked."""
    production_stack.manage_shell(
        "from wagtail.models import Page\n"
        f"page = Page.objects.get(url_path='/home{path}').specific\n"
        f"page.title = {title!r}\n"
        "revision = page.save_revision()\n" + ("revision.publish()\n" if publish else "")
    )


def until_cached(url: str):
    response, _ = poll(lambda: (r := get(url)).cache_status == "HIT" and r, timeout=5)
    assert response, f"{url} never came from the cache"
    return response


def test_anonymous_page_views_come_from_the_cache_with_every_header(production_stack):
    url = production_stack.proxy_url + "/treatments/"
    production_stack.purge("/treatments/")

    first = get(url)
    second = get(url)

    assert (first.status, first.cache_status) == (200, "MISS")
    assert (second.status, second.cache_status) == (200, "HIT")
    assert second.text == first.text
    for name in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
    ):
        assert second.header(name) == first.header(name) != "", name
    assert "unsafe-inline" not in second.header("Content-Security-Policy")
    # A hit carries the id of this request, not of the one that filled the cache.
    assert second.header("X-Request-ID") != first.header("X-Request-ID")


def test_publishing_shows_the_new_version_through_the_proxy_within_a_second(production_stack):
    url = production_stack.proxy_url + ARTICLE
    until_cached(url)
    draft_title = f"Draft title {secrets.token_hex(4)}"

    retitle(production_stack, ARTICLE, draft_title, publish=False)
    assert draft_title not in get(url).text

    new_title = f"Published title {secrets.token_hex(4)}"
    retitle(production_stack, ARTICLE, new_title, publish=True)
    fresh, seconds = poll(lambda: new_title in get(url).text, timeout=3)

    assert fresh, "the proxy kept serving the old version"
    assert seconds < 1.0
    # The blog index lists the post under its new title too.
    assert new_title in get(production_stack.proxy_url + "/blog/").text


def test_unpublishing_removes_the_page_from_the_proxy_within_a_second(production_stack):
    path = "/blog/esketamine-and-ketamine-for-depression/"
    until_cached(production_stack.proxy_url + path)

    production_stack.manage_shell(
        f"from wagtail.models import Page\nPage.objects.get(url_path='/home{path}').unpublish()\n"
    )
    gone, seconds = poll(lambda: get(production_stack.proxy_url + path).status == 404, timeout=3)

    assert gone
    assert seconds < 1.0


def test_a_practice_settings_change_purges_every_cached_page(production_stack):
    proxy = production_stack.proxy_url
    pages = [
        "/",
        "/blog/",
        "/treatments/tms/",
        "/team/",
        "/contact/thank-you/",
        "/privacy-policy/",
    ]
    others = ["/blog/feed/", "/sitemap.xml", "/robots.txt"]
    for path in pages + others:
        until_cached(proxy + path)
    new_name = f"Renamed Practice {secrets.token_hex(3)}"

    production_stack.manage_shell(
        "from wagtail.models import Site\n"
        "from practice_site.content.models import PracticeSettings\n"
        "practice = PracticeSettings.for_site(Site.objects.get(is_default_site=True))\n"
        f"practice.practice_name = {new_name!r}\n"
        "practice.save()\n"
    )
    renamed, seconds = poll(
        lambda: all(new_name in get(proxy + path).text for path in pages), timeout=5
    )

    assert renamed, [path for path in pages if new_name not in get(proxy + path).text]
    assert seconds < 2.0
    # Feeds, the sitemap and robots.txt were dropped too: the next request refills them.
    assert {path: get(proxy + path).cache_status for path in others} == dict.fromkeys(
        others, "MISS"
    )


def brand_stylesheet(html: str) -> str:
    return re.search(r'<link rel="stylesheet" href="(/brand/[0-9a-f]+\.css)">', html).group(1)


def test_a_brand_change_reaches_cached_pages_through_a_new_stylesheet(production_stack):
    proxy = production_stack.proxy_url
    before = brand_stylesheet(until_cached(proxy + ARTICLE).text)
    stylesheet = get(proxy + before)
    assert stylesheet.status == 200
    assert "immutable" in stylesheet.header("Cache-Control")
    color = "#0b6e4f" if "#0b6e4f" not in stylesheet.text else "#5b2a86"

    production_stack.manage_shell(
        "from wagtail.models import Site\n"
        "from practice_site.content.models import PracticeSettings\n"
        "practice = PracticeSettings.for_site(Site.objects.get(is_default_site=True))\n"
        f"practice.brand_color = {color!r}\n"
        "practice.save()\n"
    )
    changed, seconds = poll(
        lambda: brand_stylesheet(get(proxy + ARTICLE).text) != before, timeout=5
    )

    assert changed and seconds < 2.0
    after = brand_stylesheet(get(proxy + ARTICLE).text)
    assert f"--color-brand: {color};" in get(proxy + after).text
    # The old address still answers a page someone had open: from the cache, as it was
    # (its address names that text), or, once dropped, by sending them to the new one.
    old = get(proxy + before)
    assert (old.status, old.header("Location")) in ((200, ""), (302, after))


def test_the_contact_form_is_never_stored_because_it_sets_the_csrf_cookie(production_stack):
    url = production_stack.proxy_url + "/contact/"

    responses = [get(url), get(url)]

    for response in responses:
        assert response.status == 200
        assert response.cache_status == "MISS"
        assert CSRF_COOKIE in response.cookies()
        assert "no-store" in response.header("Cache-Control")
    cookie_flags = {flag.strip() for flag in responses[0].header("Set-Cookie").split(";")}
    assert {"Secure", "HttpOnly", "SameSite=Lax"} <= cookie_flags


def test_form_posts_search_and_query_strings_are_never_cached(production_stack):
    proxy = production_stack.proxy_url
    post = request(
        "POST",
        proxy + "/contact/",
        body=b"name=x",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert post.status == 403  # no CSRF token: refused, and not cached either
    assert post.cache_status != "HIT"

    for path in ("/search/?q=depression", "/blog/?page=1"):
        responses = [get(proxy + path), get(proxy + path)]
        assert [r.status for r in responses] == [200, 200]
        assert "HIT" not in {r.cache_status for r in responses}, path
        assert "no-store" in responses[1].header("Cache-Control")


def test_nothing_a_signed_in_editor_sees_is_stored_or_shown_to_visitors(production_stack):
    proxy = production_stack.proxy_url
    editor = Browser()
    editor.admin_login(proxy)
    production_stack.purge("/team/")

    signed_in = editor.get(proxy + "/team/")
    anonymous = get(proxy + "/team/")

    assert signed_in.status == 200
    assert signed_in.cache_status == "BYPASS"
    assert "no-store" in signed_in.header("Cache-Control")
    assert "wagtail-userbar" in signed_in.text
    assert anonymous.cache_status == "MISS"  # the editor's page was not stored
    assert "wagtail-userbar" not in anonymous.text
    admin = [editor.get(proxy + "/admin/"), editor.get(proxy + "/admin/")]
    assert [r.status for r in admin] == [200, 200]
    assert {r.cache_status for r in admin} == {""}  # the admin never goes near the cache
    assert "private" in admin[1].header("Cache-Control")


def test_health_checks_pass_the_cache_by(production_stack):
    for path in ("/healthz", "/readyz"):
        response = get(production_stack.proxy_url + path)
        assert response.status == 200
        assert response.cache_status == ""
        assert "no-store" in response.header("Cache-Control")


def test_a_visitors_inquiry_is_sent_by_the_worker_and_no_log_holds_what_they_wrote(
    production_stack,
):
    production_stack.manage_shell(
        "from wagtail.models import Site\n"
        "from practice_site.content.models import PracticeSettings\n"
        "practice = PracticeSettings.for_site(Site.objects.get(is_default_site=True))\n"
        "practice.notification_emails = 'frontdesk@practice.example'\n"
        "practice.save()\n"
    )
    visitor = Browser()
    form = visitor.get(production_stack.proxy_url + "/contact/")
    started = form.text.split('name="form_started" value="', 1)[1].split('"', 1)[0]
    time.sleep(3.2)  # the form refuses anything sent faster than a person could
    name, email = f"Zebediah Quill {secrets.token_hex(3)}", f"zq{secrets.token_hex(3)}@example.net"

    response = visitor.post(
        production_stack.proxy_url + "/contact/",
        {
            "csrfmiddlewaretoken": form_token(form.text),
            "form_started": started,
            "name": name,
            "contact_method": "email",
            "email": email,
            "best_time": "Evening",
            "consent": "on",
            "website": "",
        },
    )

    assert response.status == 302, response.text[:300]
    notifications, _ = poll(
        lambda: [
            message
            for message in production_stack.emails()
            if message["Subject"].startswith("New inquiry on the")
        ],
        timeout=10,
    )
    assert notifications, "the worker did not send the notification"
    time.sleep(1.1)  # nginx flushes its access log every second
    logs = production_stack.logs()
    sent = "\n".join(message.as_string() for message in production_stack.emails())
    for written in (logs, sent):
        assert name not in written
        assert email not in written
        assert "Zebediah" not in written


def test_each_request_is_one_log_line_with_the_proxys_request_id(production_stack):
    production_stack.purge("/team/demo-therapist/")

    response = get(production_stack.proxy_url + "/team/demo-therapist/")
    request_id = response.header("X-Request-ID")
    time.sleep(1.1)  # nginx flushes its access log every second

    lines = [line for line in production_stack.logs().splitlines() if request_id in line]
    assert len(request_id) == 32
    # One line from gunicorn (the app server that rendered it), one from nginx.
    assert len(lines) == 2, lines
    assert all('"GET /team/demo-therapist/"' in line for line in lines)


def test_uploaded_images_are_served_by_the_proxy_and_documents_only_by_the_app(
    production_stack,
):
    media = production_stack.state_dir / "media"
    (media / "images").mkdir(exist_ok=True)
    (media / "images" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (media / "documents").mkdir(exist_ok=True)
    (media / "documents" / "private.pdf").write_bytes(b"%PDF-1.4")

    image = get(production_stack.proxy_url + "/media/images/photo.png")
    document = get(production_stack.proxy_url + "/media/documents/private.pdf")

    assert image.status == 200
    assert image.header("X-Content-Type-Options") == "nosniff"
    assert document.status == 404


def test_uploads_above_the_limit_are_refused_at_the_proxy(production_stack):
    parts = urlsplit(production_stack.proxy_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        # Announce 13 MB (over the 10 MB upload limit); nginx answers before any is sent.
        connection.putrequest("POST", "/admin/images/multiple/add/")
        connection.putheader("Content-Length", str(13 * 1024 * 1024))
        connection.endheaders()
        status = connection.getresponse().status
    finally:
        connection.close()

    assert status == 413
