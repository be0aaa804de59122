"""The lists at volume, in a browser: 12,000 generated statements (sentences of real news bodies)
and 12,000 pairs, far more than the 150 real articles' 2,400 statements and 1,300 pairs."""

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from factcheck.lab.synthetic import generate
from factcheck.models import ClaimPair, Statement

pytestmark = pytest.mark.browser


@pytest.fixture
def volume(transactional_db):
    return generate(statements=12_000, pairs=12_000, seed=7)


def top_source_by_clashes() -> int:
    """The most shown pairs (not dismissed, not a repeat) any source speaks in, counted here."""
    shown = ClaimPair.objects.filter(duplicate_of__isnull=True).exclude(status="dismissed")
    counts = Counter()
    for a, b in shown.values_list("statement_a__source", "statement_b__source"):
        counts[a] += 1
        counts[b] += 1
    return max(counts.values())


def test_the_lists_page_search_and_sort_at_volume(page, live_server, volume, screenshot, csp_violations):
    page.goto(live_server.url + "/statements/")
    count = page.locator("#statement-list .result-count")
    expect(count).to_have_text("10,000+ statements")
    expect(page.locator("#statement-list nav.pagination")).to_contain_text("Page 1 of 401+")
    first = page.locator("#statement-list ol.statements > li").first.inner_text()
    page.locator("#statement-list a[rel=next]").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator("#statement-list ol.statements > li").first).not_to_have_text(first)

    word = Statement.objects.order_by("pk").values_list("text", flat=True).first().split()[-1].strip(".,")
    page.get_by_label("Search").press_sequentially(word, delay=20)
    expect(page).to_have_url(re.compile(r"q="))
    expect(count).not_to_have_text("10,000+ statements")
    screenshot("statement-list-volume")

    page.goto(live_server.url + "/sources/")
    page.get_by_label("Sort").select_option("clashes")
    expect(page).to_have_url(re.compile(r"sort=clashes"))
    top = page.locator("#source-list tbody tr").first.locator("td").last
    expect(top).to_have_text(str(top_source_by_clashes()))
    assert csp_violations == []


def test_the_lists_page_and_sort_at_volume_without_javascript(no_js_page, live_server, volume):
    page = no_js_page
    page.goto(live_server.url + "/statements/?stance=assertion&pairs=yes")
    expect(page.locator(".result-count")).to_have_text("10,000+ statements")
    page.locator("a[rel=next]").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator(".pagination")).to_contain_text("Page 2 of")
    page.goto(live_server.url + "/sources/")
    page.get_by_label("Sort").select_option("clashes")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"sort=clashes"))
    expect(page.locator("#source-list tbody tr").first.locator("td").last).to_have_text(str(top_source_by_clashes()))
    page.goto(live_server.url + "/documents/")
    expect(page.locator(".result-count")).to_have_text("600 stories")
