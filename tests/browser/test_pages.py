"""The pages in a real browser, with JavaScript and without."""

import re

from playwright.sync_api import expect

from factcheck.models import ClaimPair


def test_list_shows_the_seed_pairs(page, live_server, seeded, screenshot, csp_violations):
    page.goto(live_server.url)
    cards = page.locator("#pair-list article.pair")
    assert cards.count() == ClaimPair.objects.count() > 0
    expect(page.locator("h1")).to_have_text("Claims and counterclaims")
    screenshot("pair-list")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("pair-list-phone")
    assert csp_violations == []


def test_typing_in_search_narrows_the_list_without_a_page_load(page, live_server, seeded, csp_violations):
    page.goto(live_server.url)
    total = page.locator("#pair-list article.pair").count()
    page.evaluate("window.notReloaded = true")
    word = "Belarusian"
    expected = (
        ClaimPair.objects.filter(statement_a__text__icontains=word).count()
        + ClaimPair.objects.filter(statement_b__text__icontains=word).exclude(statement_a__text__icontains=word).count()
    )
    page.get_by_label("Search").press_sequentially(word, delay=30)
    expect(page).to_have_url(re.compile(r"q=Belarusian"))
    expect(page.locator("#pair-list article.pair")).to_have_count(expected)
    assert page.evaluate("window.notReloaded") is True
    assert expected < total or total == expected
    assert csp_violations == []


def test_filter_then_back_restores_the_previous_list(page, live_server, seeded, editor, csp_violations):
    first = ClaimPair.objects.order_by("-contradiction").first()
    from factcheck.services.reviews import record_verdict

    record_verdict(pair=first, user=editor, verdict="confirmed")
    page.goto(live_server.url)
    total = ClaimPair.objects.count()
    expect(page.locator("#pair-list article.pair")).to_have_count(total)
    page.get_by_label("Status").select_option("confirmed")
    expect(page).to_have_url(re.compile(r"status=confirmed"))
    expect(page.locator("#pair-list article.pair")).to_have_count(1)
    page.go_back()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator("#pair-list article.pair")).to_have_count(total)
    expect(page.get_by_label("Status")).to_have_value("")
    page.go_forward()
    expect(page.locator("#pair-list article.pair")).to_have_count(1)
    assert csp_violations == []


def test_opening_a_pair_shows_both_claims_highlighted_in_context(page, live_server, seeded, screenshot, csp_violations):
    page.goto(live_server.url)
    page.locator("#pair-list article.pair a.open").first.click()
    expect(page).to_have_url(re.compile(r"/pairs/\d+/$"))
    marks = page.locator("mark.claim")
    expect(marks).to_have_count(2)
    pair = ClaimPair.objects.order_by("-contradiction", "-similarity", "-pk").first()
    for statement, mark in zip([pair.statement_a, pair.statement_b], [marks.nth(0), marks.nth(1)], strict=True):
        if statement.start is not None:
            assert mark.inner_text().strip() == statement.document.text[statement.start : statement.end].strip()
    expect(page.get_by_role("heading", name="Why they were paired")).to_be_visible()
    screenshot("pair-detail")
    assert csp_violations == []


def test_document_and_source_pages(page, live_server, seeded, screenshot, csp_violations):
    pair = ClaimPair.objects.order_by("-contradiction").first()
    page.goto(live_server.url + pair.get_absolute_url())
    page.locator("section.panel h2 a").first.click()
    expect(page.locator("h1")).to_have_text(pair.statement_a.source.name)
    screenshot("source-detail")
    document = pair.statement_a.document or pair.statement_b.document
    page.goto(live_server.url + document.get_absolute_url())
    expect(page.locator(".document-text a.said").first).to_be_visible()
    screenshot("document-detail")
    assert csp_violations == []


def test_without_javascript_search_filter_and_pages_work(no_js_page, live_server, seeded, editor):
    page = no_js_page
    from factcheck.services.reviews import record_verdict

    record_verdict(pair=ClaimPair.objects.order_by("-contradiction").first(), user=editor, verdict="dismissed")
    page.goto(live_server.url)
    total = ClaimPair.objects.count()
    expect(page.locator("#pair-list article.pair")).to_have_count(total - 1)  # the work queue: no dismissed pair
    page.get_by_label("Status").select_option("dismissed")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"status=dismissed"))
    expect(page.locator("#pair-list article.pair")).to_have_count(1)
    page.get_by_label("Status").select_option("")
    page.get_by_label("Search").fill("zzzz-nothing")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No pairs match these filters.")).to_be_visible()
    page.go_back()
    expect(page.locator("#pair-list article.pair")).to_have_count(1)
    for path, heading in (("/sources/", "Sources"), ("/documents/", "Documents"), ("/statements/", "Statements")):
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_have_text(heading)
        page.get_by_label("Search").fill("zzzz-nothing")
        page.get_by_role("button", name="Filter").click()
        expect(page.get_by_text("matches these filters")).to_be_visible()
    page.goto(live_server.url)
    page.locator("#pair-list article.pair a.open").first.click()
    expect(page.locator("mark.claim")).to_have_count(2)


def test_changing_a_dropdown_then_pressing_filter_raises_no_console_error(page, live_server, seeded, csp_violations):
    """It used to log htmx:sendAbort: the change's request was aborted by the submit's."""
    page.goto(live_server.url)
    page.get_by_label("Sort").select_option("similarity")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"sort=similarity"))
    expect(page.locator("#pair-list article.pair").first).to_be_visible()
    page.wait_for_timeout(500)
    assert csp_violations == []


def test_the_lists_filter_as_you_type_and_page(page, live_server, seeded, screenshot, csp_violations):
    from factcheck.models import Source

    page.goto(live_server.url + "/sources/")
    rows = page.locator("#source-list tbody tr")
    expect(rows).to_have_count(Source.objects.count())
    name = Source.objects.order_by("name").first().name
    page.get_by_label("Search").press_sequentially(name.split()[0], delay=30)
    expect(page).to_have_url(re.compile(r"q="))
    expect(rows.first).to_contain_text(name.split()[0])
    screenshot("source-list")
    page.goto(live_server.url + "/statements/")
    page.get_by_label("Stance").select_option("hedge")
    expect(page).to_have_url(re.compile(r"stance=hedge"))
    screenshot("statement-list")
    page.goto(live_server.url + "/documents/")
    expect(page.locator("#document-list tbody tr")).to_have_count(1)
    screenshot("document-list")
    assert csp_violations == []
