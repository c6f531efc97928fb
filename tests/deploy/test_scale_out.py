"""Two app servers behind one proxy, sharing PostgreSQL and Redis."""

import secrets
from urllib.parse import urlsplit

import redis

from tests.deploy.conftest import REDIS_URL, Browser, form_token, get, poll

# A page Editors publish themselves (clinical pages go live through their review).
PAGE = "/fees-and-insurance/"


def test_a_session_made_on_one_app_server_works_on_the_other(production_stack):
    first, second = production_stack.app_urls
    editor = Browser()
    editor.admin_login(first)

    dashboard = editor.get(f"{second}/admin/")

    assert dashboard.status == 200
    assert "Dashboard" in dashboard.text
    assert get(f"{second}/admin/").status == 302  # and it is the session that counts


def test_publishing_through_one_app_server_shows_on_both_and_through_the_proxy_at_once(
    production_stack,
):
    first, second = production_stack.app_urls
    proxy = production_stack.proxy_url
    new_title = f"Fees, updated {secrets.token_hex(4)}"
    page_id = production_stack.manage_shell(
        "from wagtail.models import Page\n"
        f"page = Page.objects.get(url_path='/home{PAGE}').specific\n"
        f"page.title = {new_title!r}\n"
        "page.save_revision()\n"
        "print(page.pk)\n"
    ).splitlines()[-1]  # the log lines come first: production logs to stdout
    poll(lambda: get(proxy + PAGE).cache_status == "HIT", timeout=5)
    assert new_title not in get(proxy + PAGE).text
    # Both app servers render the page now, so each has its route and cached
    # fragments of the old version, which publishing must make stale.
    for app in (first, second):
        assert new_title not in get(app + PAGE).text

    editor = Browser()
    editor.admin_login(first)
    publish_url = f"{first}/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/"
    confirm = editor.get(publish_url)
    published = editor.post(publish_url, {"csrfmiddlewaretoken": form_token(confirm.text)})

    assert published.status == 302, published.text[:300]
    assert new_title in get(first + PAGE).text
    assert new_title in get(second + PAGE).text
    fresh, seconds = poll(lambda: new_title in get(proxy + PAGE).text, timeout=3)
    assert fresh, "the proxy kept serving the old version"
    assert seconds < 1.0


def test_a_page_one_app_server_rendered_is_served_from_its_fragments_by_the_other(
    production_stack,
):
    first, second = production_stack.app_urls
    # As the proxy sends both: the site's address, not each server's own.
    site = {"Host": urlsplit(production_stack.proxy_url).netloc}
    fragments = redis.Redis.from_url(REDIS_URL)

    def fragment_count() -> int:
        return len(fragments.keys("*template.cache.*"))

    # After a change nothing cached matches the new version: the first server
    # renders the page in full and stores its fragments.
    production_stack.manage_shell(
        "from practice_site.caching.content_version import content_version_bump\n"
        "content_version_bump()\n"
    )
    before = fragment_count()
    first_view = get(first + PAGE, headers=site)
    stored = fragment_count()
    second_view = get(second + PAGE, headers=site)

    assert first_view.status == second_view.status == 200
    assert stored > before
    # The second server found every fragment the first stored, and stored none of its own.
    assert fragment_count() == stored
    assert second_view.text == first_view.text
    fragments.close()
