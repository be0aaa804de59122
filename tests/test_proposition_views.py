"""Proposition pages: the list by contestedness, the page with its lanes, editors' changes in place or by form."""

from datetime import date

import pytest
from django.urls import reverse

from factcheck.models import Proposition, PropositionStatement
from factcheck.services.propositions.editing import create_proposition, merge_propositions, set_stance
from tests.conftest import HTMX, csrf_token, login
from tests.factories import make_document, make_pair, make_source, make_statement

pytestmark = pytest.mark.django_db


def url(name, proposition, *args):
    return reverse(f"factcheck:proposition-{name}", args=[proposition.pk, *args])


@pytest.fixture
def belarus(editor):
    """The seed's question, made by an editor, with the statements' stances as they are read."""
    belarus_state = make_source(name="Belarus", kind="government")
    usa = make_source(name="United States", kind="government")
    statements = {
        "kyiv": make_statement(
            source=make_source(name="Ukraine", kind="government", affiliation="Ukraine"),
            text="Missiles were flying from Belarus in the direction of Kiev.",
            said_on=date(2022, 3, 1),
        ),
        "pentagon": make_statement(
            source=make_source(name="Pentagon official", kind="office", affiliation="US", parent=usa),
            text="There is no indication that Belarusian troops are entering Ukraine.",
            said_on=date(2022, 2, 28),
        ),
        "lukashenko": make_statement(
            source=make_source(name="Alexander Lukashenko", affiliation="Belarus", parent=belarus_state),
            text="Not a single part of Belarusian armed forces has been withdrawn from their places of deployment.",
            document=make_document(title="Ukraine threatens Belarus", published=date(2022, 3, 2)),
        ),
    }
    proposition = create_proposition(
        title="Is Belarus taking part in the attack on Ukraine?", user=editor, statements=statements.values()
    )
    return proposition, statements


def rows():
    return list(
        PropositionStatement.objects.order_by("pk").values_list("proposition", "statement", "stance", "removed")
    )


def test_detail_shows_the_question_the_lanes_the_timeline_and_links(client, belarus):
    proposition, statements = belarus
    pair = make_pair(statements["kyiv"], statements["pentagon"], contradiction=0.8)
    html = client.get(proposition.get_absolute_url()).content.decode()
    assert "<h1>Is Belarus taking part in the attack on Ukraine?</h1>" in html
    lanes = {
        lane: html[html.index(f'id="lane-{lane}"') :].split("</section>")[0] for lane in ["affirms", "denies", "hedges"]
    }
    assert "Missiles were flying from Belarus" in lanes["affirms"]
    assert "Not a single part" in lanes["denies"]
    assert "no indication" in lanes["hedges"]
    assert statements["pentagon"].source.get_absolute_url() in html
    assert "US" in lanes["hedges"]  # the affiliation
    timeline = html[html.index('class="timeline"') :].split("</ol>")[0]
    assert timeline.index("28 Feb 2022") < timeline.index("1 Mar 2022") < timeline.index("2 Mar 2022")
    assert pair.get_absolute_url() in html
    assert html.count("in a clash") == 4  # two statements, each in its lane and on the timeline


def test_detail_for_htmx_search_returns_only_the_results(client, editor, belarus):
    proposition, _ = belarus
    make_statement(source=make_source(name="NATO"), text="Belarusian soldiers were seen near the border.")
    response = login(client, editor).get(proposition.get_absolute_url(), {"q": "soldiers"}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="add-results">')
    assert "Belarusian soldiers were seen" in html
    assert "HX-Request" in response["Vary"]


def test_merged_proposition_page_leads_to_where_it_went(client, editor, belarus):
    proposition, _ = belarus
    other = create_proposition(title="Old question", user=editor)
    merge_propositions(target=proposition, other=other, user=editor)
    response = client.get(other.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == proposition.get_absolute_url()


def test_list_ranks_the_most_contested_first(client, editor):
    def proposition(title, affirm, against):
        made = []
        for n in range(affirm):
            made.append(make_statement(source=make_source(name=f"{title} yes {n}"), text=f"{title} happened."))
        for n in range(against):
            made.append(make_statement(source=make_source(name=f"{title} no {n}"), text=f"{title} did not happen."))
        return create_proposition(title=title, user=editor, statements=made)

    one_sided = proposition("One-sided", 3, 0)
    contested = proposition("Contested", 2, 2)
    close = proposition("Close", 1, 1)
    response = client.get(reverse("factcheck:proposition-list"))
    html = response.content.decode()
    assert html.index("Contested") < html.index("Close") < html.index("One-sided")
    assert [p.pk for p in response.context["propositions"]] == [contested.pk, close.pk, one_sided.pk]
    assert "2 affirm" in html
    assert "2 deny" in html


def test_list_for_htmx_is_the_partial_and_searches_titles_and_statements(client, belarus):
    response = client.get(reverse("factcheck:proposition-list"), {"q": "Lukashenko"}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="proposition-list"')
    assert "Is Belarus taking part" in html
    empty = client.get(reverse("factcheck:proposition-list"), {"q": "football"}).content.decode()
    assert "No proposition matches “football”." in empty


def test_list_without_propositions_says_how_to_get_them(client, db):
    html = client.get(reverse("factcheck:proposition-list")).content.decode()
    assert "No propositions yet." in html
    assert "propose_propositions" in html


def test_list_runs_a_fixed_number_of_queries(client, editor, django_assert_max_num_queries):
    for n in range(12):
        statements = [make_statement(text=f"Claim {n} is true."), make_statement(text=f"Claim {n} is not true.")]
        create_proposition(title=f"Question {n}", user=editor, statements=statements)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("factcheck:proposition-list")).status_code == 200


def test_editor_renames_and_is_sent_back(client, editor, belarus):
    proposition, _ = belarus
    response = login(client, editor).post(url("rename", proposition), {"title": "  Is Belarus in the war?  "})
    assert response.status_code == 302
    assert response["Location"] == proposition.get_absolute_url()
    proposition.refresh_from_db()
    assert proposition.title == "Is Belarus in the war?"


def test_htmx_rename_returns_the_title_partial_and_an_event(client, editor, belarus):
    proposition, _ = belarus
    response = login(client, editor).post(url("rename", proposition), {"title": "Is Belarus at war?"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<header class="proposition-head" id="proposition-title">')
    assert "<h1>Is Belarus at war?</h1>" in html
    assert '<div id="proposition-body" hx-swap-oob="true">' in html  # stances are read again against the title
    assert '"proposition-changed"' in response["HX-Trigger"]


def test_htmx_rename_to_a_denial_sends_the_turned_stances_along(client, editor, belarus):
    proposition, _ = belarus
    response = login(client, editor).post(
        url("rename", proposition), {"title": "Belarus is not taking part in the war."}, headers=HTMX
    )
    body = response.content.decode().split('<div id="proposition-body" hx-swap-oob="true">')[1]
    denies = body[body.index('id="lane-denies"') :].split("</section>")[0]
    assert "Missiles were flying from Belarus" in denies


def test_rename_to_nothing_is_a_400_with_the_message_and_changes_nothing(client, editor, belarus):
    proposition, _ = belarus
    response = login(client, editor).post(url("rename", proposition), {"title": "   "}, headers=HTMX)
    assert response.status_code == 400
    assert "A proposition needs a title." in response.content.decode()
    proposition.refresh_from_db()
    assert proposition.title == "Is Belarus taking part in the attack on Ukraine?"


def test_editor_takes_a_statement_out_without_javascript(client, editor, belarus):
    proposition, statements = belarus
    response = login(client, editor).post(url("move", proposition), {"statement": statements["pentagon"].pk})
    assert response.status_code == 302
    row = proposition.memberships.get(statement=statements["pentagon"])
    assert row.removed
    page = client.get(response["Location"]).content.decode()
    assert "Moved Pentagon official’s statement out of this proposition." in page
    assert "There is no indication" not in page.split('id="proposition-body"')[1].split("Edit this proposition")[0]


def test_htmx_move_into_another_proposition_returns_the_body(client, editor, belarus):
    proposition, statements = belarus
    other = create_proposition(title="What does the Pentagon see?", user=editor)
    response = login(client, editor).post(
        url("move", proposition), {"statement": statements["pentagon"].pk, "to": other.pk}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="proposition-body">')
    assert "into “What does the Pentagon see?”" in html
    assert list(other.memberships.values_list("statement", flat=True)) == [statements["pentagon"].pk]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("move", {"statement": 999999}, "Statement 999999 is not in this proposition."),
        ("move", {"statement": "x"}, "Enter a whole number."),
        ("move", {"statement": "KYIV", "to": 999999}, "That proposition does not exist or was merged into another."),
        ("add", {"statement": 999999}, "That statement does not exist."),
        ("add", {"statement": "KYIV"}, "is already in this proposition."),
        ("stance", {"statement": "KYIV", "stance": "maybe"}, "Select a valid choice."),
        ("merge", {"other": ""}, "Choose the proposition to merge into this one."),
        ("merge", {"other": "SELF"}, "That proposition does not exist or was merged already."),
        ("split", {"title": "New"}, "Tick the statements that go into the new proposition."),
        ("split", {"title": "New", "statements": ["KYIV", "PENTAGON", "LUKASHENKO"]}, "Leave at least one statement"),
        ("split", {"title": "", "statements": ["KYIV"]}, "A proposition needs a title."),
    ],
)
def test_bad_input_is_a_400_with_the_message_and_changes_nothing(client, editor, belarus, name, data, message):
    proposition, statements = belarus
    placeholders = {
        "KYIV": statements["kyiv"].pk,
        "PENTAGON": statements["pentagon"].pk,
        "LUKASHENKO": statements["lukashenko"].pk,
        "SELF": proposition.pk,
    }
    data = {
        key: [placeholders.get(v, v) for v in value] if isinstance(value, list) else placeholders.get(value, value)
        for key, value in data.items()
    }
    before, propositions = rows(), list(Proposition.objects.values_list("pk", "title", "merged_into"))
    login(client, editor)
    for headers in [{}, HTMX]:
        response = client.post(url(name, proposition), data, headers=headers)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert rows() == before
    assert list(Proposition.objects.values_list("pk", "title", "merged_into")) == propositions


def test_editor_adds_sets_a_stance_merges_and_splits(client, editor, belarus):
    proposition, statements = belarus
    login(client, editor)
    nato = make_statement(source=make_source(name="NATO"), text="Belarusian troops have entered Ukraine.")
    assert client.post(url("add", proposition), {"statement": nato.pk}).status_code == 302
    assert proposition.memberships.get(statement=nato).stance == "affirms"

    client.post(url("stance", proposition), {"statement": nato.pk, "stance": "hedges"})
    row = proposition.memberships.get(statement=nato)
    assert (row.stance, row.stance_by_editor) == ("hedges", True)

    other = create_proposition(
        title="Will Belarus deploy?",
        user=editor,
        statements=[make_statement(source=make_source(name="Minsk"), text="Belarus is ready to deploy in 2-3 days.")],
    )
    assert client.post(url("merge", proposition), {"other": other.pk}).status_code == 302
    other.refresh_from_db()
    assert other.merged_into == proposition
    assert proposition.memberships.filter(removed=False).count() == 5

    response = client.post(
        url("split", proposition), {"title": "Who saw what?", "statements": [statements["pentagon"].pk, nato.pk]}
    )
    assert response.status_code == 302
    new = Proposition.objects.get(title="Who saw what?")
    assert set(new.memberships.values_list("statement", flat=True)) == {statements["pentagon"].pk, nato.pk}
    assert new.memberships.get(statement=nato).stance_by_editor


def test_editor_makes_a_proposition(client, editor):
    login(client, editor)
    response = client.post(reverse("factcheck:proposition-create"), {"title": "Did the bridge close?"})
    proposition = Proposition.objects.get()
    assert response["Location"] == proposition.get_absolute_url()
    assert (proposition.origin, proposition.edited) == ("editor", True)
    htmx = client.post(reverse("factcheck:proposition-create"), {"title": "Another"}, headers=HTMX)
    assert htmx.status_code == 204
    assert htmx["HX-Redirect"] == Proposition.objects.get(title="Another").get_absolute_url()
    bad = client.post(reverse("factcheck:proposition-create"), {"title": ""}, headers=HTMX)
    assert bad.status_code == 400
    assert bad.content.decode().lstrip().startswith('<details class="panel tool" id="proposition-create" open>')
    assert "A proposition needs a title." in bad.content.decode()
    assert Proposition.objects.count() == 2


WRITES = [
    ("rename", {"title": "Mine"}),
    ("move", {"statement": "KYIV"}),
    ("add", {"statement": "KYIV"}),
    ("stance", {"statement": "KYIV", "stance": "denies"}),
    ("merge", {"other": "OTHER"}),
    ("split", {"title": "New", "statements": ["KYIV"]}),
]


def filled(data, statements, other):
    values = {"KYIV": statements["kyiv"].pk, "OTHER": other.pk}
    return {k: [values.get(x, x) for x in v] if isinstance(v, list) else values.get(v, v) for k, v in data.items()}


@pytest.mark.parametrize(("name", "data"), WRITES)
def test_anonymous_is_sent_to_log_in_and_nothing_changes(client, editor, belarus, name, data):
    proposition, statements = belarus
    other = create_proposition(title="Other", user=editor)
    before = rows()
    response = client.post(url(name, proposition), filled(data, statements, other))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    htmx = client.post(url(name, proposition), filled(data, statements, other), headers=HTMX)
    assert htmx.status_code == 403
    assert htmx["HX-Redirect"].startswith(reverse("login"))
    assert rows() == before


@pytest.mark.parametrize(("name", "data"), WRITES)
def test_a_reader_is_forbidden_and_nothing_changes(client, editor, reader, belarus, name, data):
    proposition, statements = belarus
    other = create_proposition(title="Other", user=editor)
    before = rows()
    response = login(client, reader).post(url(name, proposition), filled(data, statements, other))
    assert response.status_code == 403
    assert "Only editors may change propositions." in response.content.decode()
    assert rows() == before


def test_create_is_for_editors_only(client, reader):
    assert client.post(reverse("factcheck:proposition-create"), {"title": "X"}).status_code == 302
    assert login(client, reader).post(reverse("factcheck:proposition-create"), {"title": "X"}).status_code == 403
    assert Proposition.objects.count() == 0


@pytest.mark.parametrize(("name", "data"), WRITES)
def test_a_post_without_the_csrf_token_is_forbidden(csrf_client, editor, belarus, name, data):
    proposition, statements = belarus
    other = create_proposition(title="Other", user=editor)
    client = login(csrf_client, editor)
    before = rows()
    assert client.post(url(name, proposition), filled(data, statements, other)).status_code == 403
    assert rows() == before


def test_htmx_post_with_the_csrf_header_is_accepted(csrf_client, editor, belarus):
    proposition, _ = belarus
    client = login(csrf_client, editor)
    token = csrf_token(client, proposition.get_absolute_url())
    response = client.post(url("rename", proposition), {"title": "Checked"}, headers={**HTMX, "X-CSRFToken": token})
    assert response.status_code == 200
    proposition.refresh_from_db()
    assert proposition.title == "Checked"


def test_editing_tools_are_shown_to_editors_only(client, editor, reader, belarus):
    proposition, _ = belarus
    assert "Edit this proposition" not in client.get(proposition.get_absolute_url()).content.decode()
    assert "Edit this proposition" not in login(client, reader).get(proposition.get_absolute_url()).content.decode()
    assert "Edit this proposition" in login(client, editor).get(proposition.get_absolute_url()).content.decode()


def test_a_state_page_shows_the_stances_of_the_people_who_speak_for_it(client, editor, belarus):
    proposition, statements = belarus
    set_stance(proposition=proposition, statement=statements["lukashenko"], stance="denies", user=editor)
    state = statements["lukashenko"].source.parent
    html = client.get(state.get_absolute_url()).content.decode()
    assert "Stances of Belarus and those who speak for it" in html
    section = html.split("Stances of Belarus")[1].split("Strongest contradictions")[0]
    assert proposition.title in section
    assert "Alexander Lukashenko" in section
    assert "Denies" in section
    person = client.get(statements["kyiv"].source.get_absolute_url()).content.decode()
    assert "Stances on propositions" in person
    assert "Affirms" in person
    nobody = client.get(make_source(name="Quiet").get_absolute_url()).content.decode()
    assert "Quiet has taken no side on a proposition yet." in nobody


def test_header_links_to_propositions(client, db):
    html = client.get(reverse("factcheck:pair-list")).content.decode()
    assert f'href="{reverse("factcheck:proposition-list")}"' in html


@pytest.mark.parametrize("model", ["proposition", "propositionstatement"])
def test_admin_lists_searches_filters_and_opens_propositions(admin_client, belarus, model):
    changelist = reverse(f"admin:factcheck_{model}_changelist")
    assert admin_client.get(changelist).context["cl"].result_count > 0
    assert admin_client.get(changelist, {"q": "Belarus"}).status_code == 200
    filters = {"origin__exact": "editor"} if model == "proposition" else {"stance__exact": "hedges"}
    assert admin_client.get(changelist, filters).context["cl"].result_count >= 1
    first = (Proposition if model == "proposition" else PropositionStatement).objects.first()
    assert admin_client.get(reverse(f"admin:factcheck_{model}_change", args=[first.pk])).status_code == 200


def test_detail_runs_a_fixed_number_of_queries(client, editor, belarus, django_assert_max_num_queries):
    proposition, statements = belarus
    login(client, editor)
    extra = [make_statement(text=f"Belarusian unit {n} crossed the border.") for n in range(10)]
    for statement in extra:
        client.post(url("add", proposition), {"statement": statement.pk})
    make_pair(statements["kyiv"], statements["pentagon"])
    with django_assert_max_num_queries(25):
        assert client.get(proposition.get_absolute_url()).status_code == 200
