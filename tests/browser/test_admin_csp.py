"""The admin works under the site's Content-Security-Policy."""

from playwright.sync_api import expect

from tests.factories import make_pair


def test_admin_pages_raise_no_csp_violation(page, live_server, admin_user, csp_violations, screenshot):
    pair = make_pair()
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    for path in [
        "/admin/factcheck/claimpair/",
        f"/admin/factcheck/claimpair/{pair.pk}/change/",
        "/admin/factcheck/statement/add/",
        "/admin/factcheck/document/add/",
        "/admin/factcheck/source/add/",
    ]:
        page.goto(live_server.url + path)
        expect(page.locator("#content")).to_be_visible()
    screenshot("admin-pair")
    assert csp_violations == []
