"""An editor reviews pairs from the queue with the keyboard and sees the statuses on the list."""

import re

from playwright.sync_api import expect

from factcheck.models import ClaimPair, Review
from tests.factories import make_pair, make_source, make_statement


def log_in(page, live_server, username="editor", password="pw-for-tests-1"):
    page.goto(live_server.url + "/accounts/login/?next=/review/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_editor_reviews_three_pairs_with_the_keyboard(
    page, live_server, transactional_db, editor, screenshot, csp_violations
):
    a, b = make_source(name="Kyiv"), make_source(name="Minsk")
    pairs = [
        make_pair(
            make_statement(source=a, text=f"Claim {n} by Kyiv."),
            make_statement(source=b, text=f"Denial {n} by Minsk."),
            contradiction=c,
        )
        for n, c in [(1, 0.9), (2, 0.8), (3, 0.7), (4, 0.6)]
    ]
    log_in(page, live_server)
    expect(page).to_have_url(re.compile(r"/review/$"))
    expect(page.locator("#review-queue")).to_contain_text("Claim 1 by Kyiv.")
    screenshot("review-queue")

    page.keyboard.press("c")
    expect(page.locator("#review-queue")).to_contain_text("Claim 2 by Kyiv.")
    expect(page.locator("#last-verdict")).to_contain_text(f"Verdict on pair {pairs[0].pk}")
    page.keyboard.press("d")
    expect(page.locator("#review-queue")).to_contain_text("Claim 3 by Kyiv.")
    page.get_by_label("Note (optional)").fill("Hard to say from the text")
    page.get_by_label("Note (optional)").press("u")  # typing a note must not fire a shortcut
    expect(page.locator("#review-queue")).to_contain_text("Claim 3 by Kyiv.")
    page.get_by_label("Note (optional)").press("Escape")
    page.keyboard.press("u")
    expect(page.locator("#review-queue")).to_contain_text("Claim 4 by Kyiv.")
    page.keyboard.press("n")  # skip the fourth without a verdict
    expect(page.locator("#review-queue")).to_contain_text("The queue is empty.")

    assert list(Review.objects.order_by("pk").values_list("pair", "verdict", "note")) == [
        (pairs[0].pk, "confirmed", ""),
        (pairs[1].pk, "dismissed", ""),
        (pairs[2].pk, "unclear", "Hard to say from the textu"),
    ]
    # The list is the work queue: settled pairs (dismissed, unclear) leave it ...
    page.goto(live_server.url)
    cards = page.locator("#pair-list article.pair")
    expect(cards).to_have_count(2)
    expect(cards.nth(0).locator(".badge").first).to_have_text("Confirmed")
    expect(cards.nth(1).locator(".badge").first).to_have_text("Candidate")
    # ... and every verdict shows when any status is asked for.
    page.goto(live_server.url + "/?status=all")
    expect(cards).to_have_count(4)
    expect(cards.nth(0).locator(".badge").first).to_have_text("Confirmed")
    expect(cards.nth(1).locator(".badge").first).to_have_text("Dismissed")
    expect(cards.nth(2).locator(".badge").first).to_have_text("Unclear")
    expect(cards.nth(3).locator(".badge").first).to_have_text("Candidate")
    assert ClaimPair.objects.get(pk=pairs[3].pk).status == "candidate"
    assert csp_violations == []


def test_editor_records_a_verdict_on_the_pair_page_in_place(
    page, live_server, transactional_db, editor, csp_violations
):
    pair = make_pair(make_statement(source=make_source(name="Kyiv")), make_statement(source=make_source(name="Minsk")))
    log_in(page, live_server)
    page.goto(live_server.url + pair.get_absolute_url())
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Not a contradiction").check()
    page.get_by_label("Note").fill("Different events")
    page.get_by_role("button", name="Record verdict").click()
    expect(page.locator("#pair-review table.history")).to_contain_text("Different events")
    expect(page.locator("#review-title .badge")).to_have_text("Dismissed")
    assert page.evaluate("window.notReloaded") is True
    assert csp_violations == []


def test_editor_flags_a_missed_contradiction_by_search(page, live_server, transactional_db, editor, csp_violations):
    kyiv = make_statement(source=make_source(name="Ukraine"), text="Missiles flew from Belarus toward Kyiv.")
    make_statement(source=make_source(name="Lukashenko"), text="No missile was launched from Belarusian soil.")
    log_in(page, live_server)
    page.goto(live_server.url + kyiv.get_absolute_url())
    page.get_by_label("Find a statement").press_sequentially("launched", delay=30)
    expect(page.locator("#flag-results")).to_contain_text("No missile was launched")
    page.get_by_role("button", name=re.compile("Pair with statement")).click()
    expect(page).to_have_url(re.compile(r"/pairs/\d+/$"))
    expect(page.locator("#review-title .badge")).to_have_text("Confirmed")
    assert ClaimPair.objects.get().status == "confirmed"
    assert csp_violations == []
