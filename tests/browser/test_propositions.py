"""An editor works on propositions in a browser: rename, take a statement out, merge; with JavaScript and without."""

import re

import pytest
from playwright.sync_api import expect

from factcheck.models import Proposition
from factcheck.services.matcher.matching import embed_statements
from factcheck.services.propositions.editing import create_proposition
from factcheck.services.propositions.propose import propose_propositions
from tests.browser.conftest import SCREENSHOTS
from tests.factories import make_pair
from tests.proposition_data import make_article_set

AUTO_TITLE = "Missiles were flying from Belarus in the direction of Kiev."


@pytest.fixture
def propositions(transactional_db, editor):
    """The seed's statements (as the real extraction finds them) with the clashes a scorer finds,
    proposed by the matcher; and an editor's proposition on Lukashenko's readiness to merge in."""
    statements = make_article_set()
    embed_statements()
    kyiv = statements["kyiv-missiles"]
    for key, contradiction in [
        ("pentagon-indication", 0.8),
        ("pentagon-signs", 0.75),
        ("lukashenko-not-withdrawn", 0.7),
    ]:
        make_pair(kyiv, statements[key], contradiction=contradiction)
    propose_propositions()
    belarus = Proposition.objects.get(title=AUTO_TITLE)
    ready = create_proposition(
        title="Is Belarus ready to deploy its army?", user=editor, statements=[statements["lukashenko-ready"]]
    )
    return belarus, ready, statements


def log_in(page, live_server, next_url):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Log in").click()


def card(page, statement):
    return page.locator(f"#statement-{statement.pk}")


def test_editor_renames_takes_out_and_merges_in_place(page, live_server, propositions, screenshot, csp_violations):
    belarus, ready, statements = propositions
    log_in(page, live_server, "/propositions/")
    expect(page.locator("h1")).to_have_text("Propositions")
    expect(page.locator("#proposition-list .proposition-card").first).to_contain_text(AUTO_TITLE)
    screenshot("proposition-list")
    page.get_by_role("link", name=AUTO_TITLE).click()
    expect(page).to_have_url(re.compile(rf"/propositions/{belarus.pk}/$"))
    expect(page.locator("#lane-affirms")).to_contain_text("1")
    expect(page.locator(".lane-hedges .stance-card")).to_have_count(2)
    screenshot("proposition-detail")
    page.evaluate("window.notReloaded = true")

    page.locator("#proposition-title summary").click()
    page.get_by_label("Title", exact=True).fill("Is Belarus taking part in the attack on Ukraine?")
    page.get_by_role("button", name="Save title").click()
    expect(page.locator("h1")).to_have_text("Is Belarus taking part in the attack on Ukraine?")

    card(page, statements["pentagon-signs"]).get_by_role("button", name=re.compile("Take statement")).click()
    expect(page.locator(".lane-hedges .stance-card")).to_have_count(1)
    expect(page.locator("#proposition-body .messages")).to_contain_text("out of this proposition")

    page.get_by_label("Proposition to merge in").select_option(str(ready.pk))
    page.get_by_role("button", name="Merge into this one").click()
    expect(card(page, statements["lukashenko-ready"])).to_be_visible()
    expect(page.locator("#lane-related")).to_be_visible()
    expect(page.locator("#proposition-body .messages")).to_contain_text("Merged")
    assert page.evaluate("window.notReloaded") is True
    screenshot("proposition-after-edits")

    belarus.refresh_from_db()
    ready.refresh_from_db()
    assert belarus.title == "Is Belarus taking part in the attack on Ukraine?"
    assert ready.merged_into == belarus
    active = dict(belarus.memberships.filter(removed=False).values_list("statement", "stance"))
    assert statements["pentagon-signs"].pk not in active
    assert active[statements["lukashenko-ready"].pk] == "related"
    assert active[statements["kyiv-missiles"].pk] == "affirms"

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("proposition-detail-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Alexander Lukashenko").first.click()
    expect(page.get_by_role("heading", name="Stances on propositions")).to_be_visible()
    screenshot("source-stances")
    assert csp_violations == []


def test_without_javascript_the_same_edits_work_by_plain_forms(no_js_page, live_server, propositions):
    page = no_js_page
    belarus, ready, statements = propositions
    log_in(page, live_server, belarus.get_absolute_url())
    expect(page.locator("h1")).to_have_text(AUTO_TITLE)

    page.locator("#proposition-title summary").click()
    page.get_by_label("Title", exact=True).fill("Is Belarus in the war?")
    page.get_by_role("button", name="Save title").click()
    expect(page.locator(".messages")).to_contain_text("Renamed.")
    expect(page.locator("h1")).to_have_text("Is Belarus in the war?")

    card(page, statements["pentagon-signs"]).get_by_role("button", name=re.compile("Take statement")).click()
    expect(page.locator(".messages")).to_contain_text("out of this proposition")
    expect(card(page, statements["pentagon-signs"])).to_have_count(0)

    page.get_by_label("Proposition to merge in").select_option(str(ready.pk))
    page.get_by_role("button", name="Merge into this one").click()
    expect(page.locator(".messages")).to_contain_text("Merged")
    expect(card(page, statements["lukashenko-ready"])).to_be_visible()

    page.locator("#proposition-title summary").click()
    page.get_by_label("Title", exact=True).fill("")
    page.get_by_label("Title", exact=True).fill(" ")
    page.get_by_role("button", name="Save title").click()
    expect(page.locator("#proposition-title .errorlist")).to_contain_text("A proposition needs a title.")
    # The `screenshot` fixture shoots the default page; this one is a page of its own.
    page.screenshot(path=str(SCREENSHOTS / "proposition-no-js-error.png"), full_page=True, caret="initial")
    belarus.refresh_from_db()
    assert belarus.title == "Is Belarus in the war?"
    assert ready.__class__.objects.get(pk=ready.pk).merged_into == belarus
