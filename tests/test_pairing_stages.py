"""The cheap stages before the scorer (issue 17): same words, copies, contentless, same event."""

import pytest

from factcheck.models import ClaimPair, SameWords
from factcheck.services.matcher import triage
from factcheck.services.matcher.core import core_text, is_contentless
from factcheck.services.matcher.matching import match_statements
from factcheck.services.matcher.stories import STORY_GATE, StoryLink, story_links
from tests.factories import make_document, make_source, make_statement

pytestmark = [pytest.mark.django_db, pytest.mark.vectors]

QUOTE = "We have no official notification from the Iraqi government that it is Ebola."
BRUNO = "Bruno Mars has not confirmed reports that he is the father."


@pytest.fixture
def store_everything(settings):
    settings.FACTCHECK_MIN_CONTRADICTION = 0.0  # every pair the scorer reads is stored


def pair_texts():
    return {
        frozenset((p.statement_a.text, p.statement_b.text))
        for p in ClaimPair.objects.select_related("statement_a", "statement_b")
    }


def test_the_same_words_from_two_sources_are_a_same_words_link_not_a_pair(store_everything):
    who = make_statement(source=make_source(name="Christy Feig"), text=QUOTE)
    outlet = make_statement(source=make_source(name="Daily Mail", kind="outlet"), text=f"“{QUOTE.upper()}”")
    report = match_statements()
    assert not ClaimPair.objects.exists()
    link = SameWords.objects.get()
    assert {link.statement_a_id, link.statement_b_id} == {who.pk, outlet.pk}
    assert report.skipped["same words"] == 1


def test_two_copies_of_one_story_never_pair_across_the_copies_and_repeats_show_once(store_everything):
    claim = "The NHL will expand by four teams in 2016, a league source said."
    denial = "We're not in a position to expand at this time."
    original = make_document(title="NHL to expand", text=f"{claim} {denial}")
    copy = make_document(title="NHL to expand (AP)", text=f"{claim} {denial} (AP)", copy_of=original)
    source, league = make_source(name="A league source"), make_source(name="Bill Daly")
    for document in (original, copy):
        make_statement(source=source, document=document, text=claim)
        make_statement(source=league, document=document, text=denial)
    report = match_statements()
    assert report.skipped["copies"] == 2  # claim of one copy x denial of the other, both ways
    stored = ClaimPair.objects.all()
    assert stored.count() == 2  # the pair inside each copy
    shown = stored.filter(duplicate_of__isnull=True)
    assert shown.count() == 1
    assert shown.get().repeats.count() == 1


def test_a_statement_with_nothing_checkable_never_pairs_across_documents(store_everything):
    make_statement(
        source=make_source(name="Foreign Office", kind="office"),
        document=make_document(title="Jihadi John", text="We are aware of reports. We cannot confirm these reports."),
        text="We cannot confirm these reports.",
    )
    make_statement(
        source=make_source(name="Lawyer"), document=make_document(title="Bruno Mars", text=BRUNO), text=BRUNO
    )
    report = match_statements()
    assert report.candidates == 1  # the search found them (cosine over the gate) ...
    assert report.skipped == {"contentless": 1}  # ... and the stage kept them from the scorer
    assert not ClaimPair.objects.exists()


def test_inside_one_article_a_bare_denial_is_paired_with_the_claim_beside_it(store_everything):
    claim = "Kurdish fighters said she was captured near Kobani on Sunday."
    denial = "This is false propaganda."
    document = make_document(title="Fighter captured?", text=f"{claim} {denial}")
    make_statement(source=make_source(name="Kurdish fighters"), document=document, text=claim)
    make_statement(source=make_source(name="Her family"), document=document, text=denial)
    match_statements()
    assert pair_texts() == {frozenset((claim, denial))}


def test_two_statements_that_both_deny_or_hedge_never_pair_but_a_denial_meets_the_claim(store_everything):
    # Real news (issue 17's top 30): a health official and the ministry both deny the Mosul cases.
    document = make_document(title="Ebola in Mosul?", text="Ebola reached Mosul. Officials deny it.")
    claim = make_statement(source=make_source(name="Al Sabah"), document=document, text="Ebola reached Mosul.")
    denials = [
        make_statement(source=make_source(name=name), document=document, text=text, stance=stance)
        for name, text, stance in [
            ("Ahmed Rudaini", "It is not true that two cases of Ebola were found in Mosul.", "denial"),
            ("Health ministry", "It is not true that anyone in Mosul had contracted Ebola.", "denial"),
            ("WHO", "We cannot confirm that it is Ebola in Mosul.", "hedge"),
        ]
    ]
    report = match_statements()
    assert report.skipped["both withhold"] == 3  # the three pairs of the denials and the hedge
    stored = {frozenset((p.statement_a_id, p.statement_b_id)) for p in ClaimPair.objects.all()}
    assert stored == {frozenset((claim.pk, denial.pk)) for denial in denials}


def test_a_denial_finds_the_claim_it_denies_by_its_core():
    assert core_text("There is no indication that Belarusian troops are entering Ukraine.") == (
        "Belarusian troops are entering Ukraine."
    )
    assert core_text("The company denied reports that it would close the plant.") == "It would close the plant."
    assert is_contentless("We cannot confirm these reports.")
    assert is_contentless("The palace does not comment on rumours.")
    assert not is_contentless("We cannot confirm that the plane was shot down.")


def test_a_hedge_alone_does_not_relate_two_statements():
    # Cosine 0.35 and no shared name: the Bruno Mars story and a hedge about another story.
    assert not triage.related(0.35, 0.33, set())
    assert triage.related(0.35, 0.33, {"kobani"})
    assert triage.related(0.2, triage.CORE_GATE, set())


MOSUL = (
    "Iraqi media reported on Sunday that Islamic State fighters in Mosul had contracted Ebola. "
    "The Al Sabah newspaper said the disease reached Mosul through militants who came from Africa. "
    "Iraq's health ministry in Baghdad said nobody in Mosul had contracted the virus. "
    "The World Health Organization said it had no official notification from the Iraqi government."
)
MOSUL_AGAIN = (
    "A health ministry spokesman in Baghdad denied that Ebola had reached Mosul, calling the Al Sabah "
    "report about Islamic State militants false. Kurdish outlets had said militants in Mosul hospitals "
    "showed symptoms of the virus. The World Health Organization was not notified by the Iraqi government."
)
TURKEYS = (
    "A hoax website claimed that turkeys on a Minnesota farm were infected with Ebola before Thanksgiving. "
    "Farm owners in Minnesota said their birds were healthy and the story was made up. "
    "Poultry experts said birds cannot carry the virus and that the Thanksgiving turkeys were safe to eat."
)


def test_two_articles_of_other_stories_never_pair_however_close_their_sentences(store_everything, client):
    claim = "Islamic State fighters in Mosul had contracted Ebola."
    other = "The turkeys on the farm had contracted Ebola."
    denial = "Nobody in Mosul had contracted the Ebola virus."
    mosul, again = make_document(title="Ebola in Mosul?", text=MOSUL), make_document(title="No Ebola", text=MOSUL_AGAIN)
    turkeys = make_document(title="Ebola turkeys", text=TURKEYS)
    make_statement(source=make_source(name="Al Sabah", kind="outlet"), document=mosul, text=claim)
    make_statement(source=make_source(name="A hoax website"), document=turkeys, text=other)
    make_statement(source=make_source(name="Iraq's health ministry", kind="office"), document=again, text=denial)
    report = match_statements()
    assert frozenset((claim, denial)) in pair_texts()  # one story told by two articles
    assert frozenset((other, denial)) not in pair_texts()  # a turkey farm is another story
    assert report.skipped["other story"] >= 1
    # The pair page says why two articles were taken for one story.
    stored = ClaimPair.objects.get(statement_a__text__in=[claim, denial], statement_b__text__in=[claim, denial])
    assert stored.cues["story"]["similarity"] >= STORY_GATE
    assert "mosul" in stored.cues["story"]["words"]
    html = client.get(f"/pairs/{stored.pk}/").content.decode()
    assert "Their articles tell one story (words both use most: " in html
    assert "mosul" in html.split("Their articles tell one story")[1].split(";")[0]


def test_story_similarity_is_high_for_one_story_and_low_for_another():

    mosul, again = make_document(title="Ebola in Mosul?", text=MOSUL), make_document(title="No Ebola", text=MOSUL_AGAIN)
    turkeys = make_document(title="Ebola turkeys", text=TURKEYS)
    links = story_links([(mosul.pk, again.pk), (mosul.pk, turkeys.pk), (again.pk, turkeys.pk)])
    similarity = {key: link.similarity for key, link in links.items()}
    assert similarity[(mosul.pk, again.pk)] >= STORY_GATE
    assert similarity[(mosul.pk, turkeys.pk)] < STORY_GATE
    assert similarity[(again.pk, turkeys.pk)] < STORY_GATE
    empty = make_document(title="Nothing", text="The the and of.")
    assert story_links([(empty.pk, turkeys.pk)])[(empty.pk, turkeys.pk)] == StoryLink(0.0, ())
    shown = links[(mosul.pk, again.pk)].words
    assert "mosul" in shown
    assert "said" not in shown  # every report says "said"
    assert "ebola" not in shown  # all three articles speak of Ebola: it tells no story apart


def test_the_story_weights_follow_the_corpus_as_documents_arrive():
    from factcheck.services.matcher.stories import _words, document_frequencies

    make_document(title="Ebola turkeys", text=TURKEYS)
    sampled, frequencies = document_frequencies(_words())
    assert (sampled, frequencies["turkeys"], frequencies["mosul"]) == (1, 1, 0)
    make_document(title="Ebola in Mosul?", text=MOSUL)
    sampled, frequencies = document_frequencies(_words())  # a new document: read again, not kept
    assert (sampled, frequencies["mosul"], frequencies["ebola"]) == (2, 1, 2)
