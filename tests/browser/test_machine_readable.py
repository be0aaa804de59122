"""What machines read, in a real browser: ClaimReview JSON-LD and the API's docs page, under the CSP."""

import json

from playwright.sync_api import expect

from factcheck.services.reviews import record_verdict
from tests.factories import make_pair, make_source, make_statement

# Collects Content-Security-Policy violations as the page reports them, before any page script runs.
WATCH_CSP = (
    "window.cspViolations = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
)


def test_claimreview_data_block_breaks_no_csp_rule_and_reads_back_whole(
    page, live_server, transactional_db, editor, csp_violations
):
    evil = 'No troops moved </script><script>alert("x")</script> at all.'
    pair = make_pair(make_statement(text=evil, source=make_source(name="Ministry")), make_statement())
    record_verdict(pair=pair, user=editor, verdict="confirmed", note="Checked.")
    page.add_init_script(WATCH_CSP)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + pair.get_absolute_url())
    expect(page.locator("h1")).to_contain_text("Ministry")
    blocks = page.locator('script[type="application/ld+json"]')
    expect(blocks).to_have_count(1)
    reviews = json.loads(blocks.first.text_content())
    assert evil in {review["claimReviewed"] for review in reviews}
    assert page.evaluate("window.cspViolations") == []
    assert csp_violations == []
    assert dialogs == []
    # The watcher does see violations: an inline script added now is refused and reported.
    page.evaluate(
        "document.body.append(Object.assign(document.createElement('script'), {textContent: 'window.ran = 1'}))"
    )
    page.wait_for_function("window.cspViolations.length > 0")
    assert page.evaluate("window.ran") is None


def test_api_docs_page_works_offline_under_the_csp(page, live_server, transactional_db, csp_violations):
    page.add_init_script(WATCH_CSP)
    outside = []
    page.route(
        "**/*",
        lambda route: (
            (outside.append(route.request.url), route.abort())
            if not route.request.url.startswith(live_server.url)
            else route.continue_()
        ),
    )
    page.goto(live_server.url + "/api/docs/")
    expect(page.get_by_text("/api/pairs/", exact=True)).to_be_visible()
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("factcheck API")
    assert outside == []
    assert page.evaluate("window.cspViolations") == []
    assert csp_violations == []
