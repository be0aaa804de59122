"""Pages. Views are thin: read the request through a form, call a selector or service, render.

Every page works as plain links and forms; with htmx the same view answers with the part of the
page that changed (a template partial), chosen by `partial_or_page`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from factcheck import selectors
from factcheck.forms import (
    AddStatementForm,
    DocumentFilterForm,
    FlagPairForm,
    MergeForm,
    MoveStatementForm,
    PairFilterForm,
    PropositionFilterForm,
    PropositionTitleForm,
    ReviewForm,
    SourceFilterForm,
    SourceMergeForm,
    SourceMergeSearchForm,
    SplitForm,
    StanceForm,
    StatementFilterForm,
    StatementSearchForm,
    ThrottledLoginForm,
)
from factcheck.models import ClaimPair, Document, PropositionStance, Source, Statement
from factcheck.pagination import PagedIds, capped_page
from factcheck.services.corpus.sources import merge_sources
from factcheck.services.interchange.claimreview import claim_reviews
from factcheck.services.matcher.explain import why_paired
from factcheck.services.matcher.thresholds import agreement_near
from factcheck.services.propositions import editing
from factcheck.services.reviews import can_review, flag_pair, record_verdict

PAGE_SIZE = 25


def partial_or_page(request, template: str, partial: str) -> str:
    """The partial for htmx swaps; the whole page for plain requests and history restores."""
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{partial}"
    return template


def safe_next(request, fallback: str) -> str:
    """The posted `next` when it is a path on this site, else the fallback.

    Only a path: `redirect()` would take a bare word such as "0" for a view name and fail.
    """
    target = request.POST.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def deny_non_editor(request, action: str = "review pairs") -> HttpResponse | None:
    """None for an editor; else login for the anonymous (403 + HX-Redirect for htmx), 403 for others."""
    if request.user.is_authenticated:
        return None if can_review(request.user) else HttpResponseForbidden(f"Only editors may {action}.")
    if request.htmx:
        response = HttpResponseForbidden(f"Log in as an editor to {action}.")
        response["HX-Redirect"] = f"{reverse('login')}?next={request.htmx.current_url_abs_path or '/'}"
        return response
    return redirect_to_login(request.get_full_path())


@require_GET
@vary_on_headers("HX-Request")
def pair_list(request):
    form = PairFilterForm(request.GET or None)
    filters = form.filters()
    page = capped_page(selectors.filter_pairs(**filters), PAGE_SIZE, request.GET.get("page"))
    context = {"form": form, "page": page, "pairs": page.object_list}
    if not page.object_list and filters["status"] == "open":
        context["settled"] = selectors.settled_pairs_count()
    return render(request, partial_or_page(request, "factcheck/pair_list.html", "pair-list"), context)


def pair_context(request, pair, form=None) -> dict:
    cues = pair.cues or {}
    sides = []
    for statement, words in [(pair.statement_a, cues.get("a", [])), (pair.statement_b, cues.get("b", []))]:
        context = selectors.in_context(statement)
        sides.append(
            {
                "statement": statement,
                "context": context,
                "claim": selectors.highlight_words(context.claim if context else statement.text, words),
                "stance": cues.get("stance_a" if statement == pair.statement_a else "stance_b", ""),
                "others": selectors.other_pairs(statement, exclude=pair, limit=5),
            }
        )
    return {
        "pair": pair,
        "sides": sides,
        "fired": cues.get("fired", []),
        "why": why_paired(pair),
        "can_review": can_review(request.user),
        "review_form": form or ReviewForm(),
        "agreement": agreement_near(pair.contradiction),
    }


@require_GET
def pair_detail(request, pk):
    pair = selectors.pair_with_history(pk)
    context = pair_context(request, pair)
    if pair.status == ClaimPair.Status.CONFIRMED:
        # schema.org ClaimReview for search engines; the speakers' aliases and offices go in it.
        prefetch_related_objects([pair.statement_a.source, pair.statement_b.source], "aliases", "parent")
        context["claim_reviews"] = claim_reviews(pair, site_url=request.build_absolute_uri("/"))
    return render(request, "factcheck/pair_detail.html", context)


@require_POST
def review_create(request, pk):
    if denied := deny_non_editor(request):
        return denied
    pair = selectors.pair_with_history(pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        context = pair_context(request, pair, form)
        template = partial_or_page(request, "factcheck/pair_detail.html", "pair-review")
        return render(request, template, context, status=400)
    record_verdict(pair=pair, user=request.user, verdict=form.cleaned_data["verdict"], note=form.cleaned_data["note"])
    if request.htmx:
        pair = selectors.pair_with_history(pk)
        response = render(request, "factcheck/pair_detail.html#pair-review", pair_context(request, pair))
        return trigger_client_event(response, "verdict-recorded", {"pair": pair.pk, "status": pair.status})
    messages.success(request, f"Pair {pair.pk} marked {pair.get_status_display().lower()}.")
    return redirect(safe_next(request, pair.get_absolute_url()))


@require_GET
@login_required
@vary_on_headers("HX-Request")
def review_queue(request):
    if not can_review(request.user):
        raise PermissionDenied("Only editors may review pairs.")
    # isascii: "²".isdigit() is true, yet int("²") fails; 18 digits: more overflow a database id.
    skip = [int(v) for v in request.GET.getlist("skip")[:200] if v.isascii() and v.isdigit() and len(v) <= 18]
    pair = selectors.next_for_review(skip=skip)
    context = {"counts": selectors.queue_counts(request.user), "skip": skip}
    if pair is not None:
        context.update(pair_context(request, pair))
    return render(request, partial_or_page(request, "factcheck/review_queue.html", "review-queue"), context)


@require_GET
@vary_on_headers("HX-Request")
def statement_detail(request, pk):
    statement = get_object_or_404(selectors.statements_for_page(), pk=pk)
    search = StatementSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    context = {
        "statement": statement,
        "context": selectors.in_context(statement),
        "also_in": selectors.same_words_in_copies(statement),
        "same_words": selectors.same_words_as(statement),
        "pairs": selectors.other_pairs(statement, limit=50),
        "can_review": can_review(request.user),
        "search": search,
        "results": selectors.search_statements(q, pairable_with=statement) if q else [],
        "q": q,
    }
    template = partial_or_page(request, "factcheck/statement_detail.html", "flag-results")
    return render(request, template, context)


def list_page(request, form, rows, template: str, partial: str, prepare=None, **extra) -> HttpResponse:
    """A paged list with its filter form: the page for plain requests, the results for htmx.
    `prepare` completes the rows of the page (counts read for those rows only)."""
    page = capped_page(rows, PAGE_SIZE, request.GET.get("page"))
    shown = list(page.object_list)
    if prepare is not None:
        prepare(shown)
    context = {"form": form, "page": page, "rows": shown, **extra}
    return render(request, partial_or_page(request, template, partial), context)


@require_GET
@vary_on_headers("HX-Request")
def source_list(request):
    form = SourceFilterForm(request.GET or None)
    rows = selectors.filter_sources(**form.filters())
    return list_page(
        request, form, rows, "factcheck/source_list.html", "source-list", prepare=selectors.attach_clash_counts
    )


@require_GET
@vary_on_headers("HX-Request")
def document_list(request):
    form = DocumentFilterForm(request.GET or None)
    rows = selectors.filter_documents(**form.filters(), stories=True).defer("text", "minhash")
    return list_page(request, form, rows, "factcheck/document_list.html", "document-list")


@require_GET
@vary_on_headers("HX-Request")
def statement_list(request):
    form = StatementFilterForm(request.GET or None)
    filters = form.filters()
    source_id = filters.pop("source", None)
    source = Source.objects.filter(pk=source_id).first() if source_id else None
    rows = selectors.filter_statements(**filters, source=source)
    if source_id and source is None:
        rows = rows.none()  # a link to a source that is gone: nothing, not everything
    elif filters["q"]:
        rows = PagedIds(rows, selectors.statements_for_page(), read_once=True)
    return list_page(request, form, rows, "factcheck/statement_list.html", "statement-list", source=source)


@require_GET
@vary_on_headers("HX-Request")
def same_words_list(request):
    """The same words attributed to two sources: misattributions and copies, for editors to check."""
    search = StatementSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    page = capped_page(selectors.same_words_links(q=q), PAGE_SIZE, request.GET.get("page"))
    context = {"search": search, "q": q, "page": page, "links": page.object_list}
    return render(request, partial_or_page(request, "factcheck/same_words_list.html", "same-words"), context)


@require_POST
def flag_create(request, pk):
    if denied := deny_non_editor(request):
        return denied
    statement = get_object_or_404(Statement, pk=pk)
    form = FlagPairForm(request.POST, statement=statement)
    if not form.is_valid():
        return HttpResponse("; ".join(e for errors in form.errors.values() for e in errors), status=400)
    pair = flag_pair(
        statement=statement, other=form.cleaned_data["other"], user=request.user, note=form.cleaned_data["note"]
    )
    messages.success(request, f"Pair {pair.pk} stored as a confirmed contradiction.")
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = pair.get_absolute_url()
        return response
    return redirect(pair)


@require_GET
def source_detail(request, pk):
    source = selectors.source_with_counts(pk)
    statements = capped_page(selectors.source_statements(source), 50, request.GET.get("page"))
    merge_search = SourceMergeSearchForm(request.GET or None)
    merge_q = merge_search.cleaned_data["merge"] if merge_search.is_valid() else ""
    editor = can_review(request.user)
    context = {
        "source": source,
        "statements": statements,
        "pairs": selectors.filter_pairs(source=source)[:20],
        "positions": selectors.source_positions(source),
        "can_review": editor,
        "merge_search": merge_search,
        "merge_q": merge_q,
        "merge_candidates": list(selectors.filter_sources(q=merge_q).exclude(pk=source.pk)[:10])
        if editor and merge_q
        else [],
    }
    return render(request, "factcheck/source_detail.html", context)


@require_POST
def source_merge(request, pk):
    """An editor merges another source into this one (the same person under two names)."""
    if denied := deny_non_editor(request, "merge sources"):
        return denied
    target = get_object_or_404(Source, pk=pk)
    form = SourceMergeForm(request.POST, target=target)
    if not form.is_valid():
        return HttpResponse("; ".join(e for errors in form.errors.values() for e in errors), status=400)
    other_name = form.cleaned_data["other"].name
    report = merge_sources(target=target, other=form.cleaned_data["other"], user=request.user)
    messages.success(
        request,
        f"Merged {other_name} into {target.name}: {report.statements} statement{'s' if report.statements != 1 else ''} "
        f"moved, {report.pairs_removed} pair{'s' if report.pairs_removed != 1 else ''} between them removed.",
    )
    return redirect(target)


@require_GET
def document_detail(request, pk):
    document = get_object_or_404(Document, pk=pk)
    statements = list(document.statements.select_related("source").order_by("start", "pk"))
    colours = selectors.speaker_colours(statements)
    context = {
        "document": document,
        "story": selectors.story_of(document),
        "paragraphs": selectors.document_pieces(document, statements),
        "statements": statements,
        "speakers": [
            (next(s.source for s in statements if s.source_id == pk), colour) for pk, colour in colours.items()
        ],
    }
    return render(request, "factcheck/document_detail.html", context)


@require_GET
def favicon(request):
    # Browsers ask for /favicon.ico on pages that name none (the admin's); resolved per request
    # because the hashed static name exists only after collectstatic.
    return redirect(static("factcheck/favicon.svg"), permanent=True)


# ---------------------------------------------------------------------------------------------
# Propositions

EDIT_PROPOSITIONS = "change propositions"


@require_GET
@vary_on_headers("HX-Request")
def proposition_list(request):
    form = PropositionFilterForm(request.GET or None)
    page = Paginator(selectors.propositions_for_list(q=form.search()), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "propositions": selectors.attach_sides(list(page.object_list)),
        "can_edit": can_review(request.user),
        "create_form": PropositionTitleForm(),
    }
    return render(request, partial_or_page(request, "factcheck/proposition_list.html", "proposition-list"), context)


@require_POST
def proposition_create(request):
    if denied := deny_non_editor(request, EDIT_PROPOSITIONS):
        return denied
    form = PropositionTitleForm(request.POST)
    if form.is_valid():
        proposition = editing.create_proposition(title=form.cleaned_data["title"], user=request.user)
        messages.success(request, "Proposition made. Add the statements that speak to it.")
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = proposition.get_absolute_url()
            return response
        return redirect(proposition)
    form_page = PropositionFilterForm()
    page = Paginator(selectors.propositions_for_list(), PAGE_SIZE).get_page(1)
    context = {
        "form": form_page,
        "page": page,
        "propositions": selectors.attach_sides(list(page.object_list)),
        "can_edit": True,
        "create_form": form,
    }
    template = partial_or_page(request, "factcheck/proposition_list.html", "proposition-create")
    return render(request, template, context, status=400)


def proposition_context(request, proposition, **forms) -> dict:
    members = selectors.proposition_members(proposition)
    by_stance = {stance: [row for row in members if row.stance == stance] for stance in PropositionStance.values}
    lanes = [
        {"stance": stance.value, "label": stance.label, "rows": by_stance[stance.value]} for stance in selectors.SIDES
    ]
    can_edit = can_review(request.user)
    search = forms.pop("search", None) or StatementSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_bound and search.is_valid() else ""
    inside = {row.statement_id for row in members}
    context = {
        "proposition": proposition,
        "members": members,
        "lanes": lanes,
        "related": by_stance[PropositionStance.RELATED],
        "timeline": selectors.in_time_order(list(members)),
        "pairs": list(selectors.pairs_inside(list(inside))[:50]),
        "n_sources": len({row.statement.source_id for row in members}),
        "side_counts": [
            (stance.value, len({row.statement.source_id for row in by_stance[stance.value]}), stance.label)
            for stance in PropositionStance
        ],
        "can_edit": can_edit,
        "stances": PropositionStance.choices,
        "search": search,
        "q": q,
        "results": [s for s in selectors.search_statements(q) if s.pk not in inside] if q and can_edit else [],
        "rename_form": PropositionTitleForm(initial={"title": proposition.title}),
        "merge_form": MergeForm(proposition=proposition),
        "split_form": SplitForm(proposition=proposition),
        "targets": selectors.move_targets(proposition) if can_edit else [],
        "errors": [],
    }
    context.update(forms)
    return context


@require_GET
@vary_on_headers("HX-Request")
def proposition_detail(request, pk):
    proposition = selectors.proposition_or_merged(pk)
    if proposition.merged_into_id is not None:
        target = selectors.live_end(proposition)
        messages.info(request, f"Proposition {proposition.pk} was merged into this one.")
        return redirect(target)
    context = proposition_context(request, proposition)
    return render(request, partial_or_page(request, "factcheck/proposition_detail.html", "add-results"), context)


def edit_proposition(request, pk, *, form_class, partial: str, form_name: str, change):
    """The editor actions on one proposition: check, validate, change, answer.

    `change(proposition, cleaned_data, user)` calls the service and returns a message. Bad
    input (or a change the service refuses) answers 400 with the form's errors and changes
    nothing; htmx gets the updated part of the page, a plain form post a redirect (PRG).
    """
    if denied := deny_non_editor(request, EDIT_PROPOSITIONS):
        return denied
    proposition = selectors.proposition_or_merged(pk)
    form = form_class(request.POST, proposition=proposition)
    message = None
    if form.is_valid():
        try:
            message = change(proposition, form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_error(None, error)
    if message is None:
        context = proposition_context(request, proposition, **{form_name: form})
        if partial == "proposition-body":  # the title's form shows its own errors
            context["errors"] = [e for errors in form.errors.values() for e in errors]
        template = partial_or_page(request, "factcheck/proposition_detail.html", partial)
        return render(request, template, context, status=400)
    proposition = selectors.live_end(selectors.proposition_or_merged(pk))
    if request.htmx:
        context = proposition_context(request, proposition, notice=message)
        html = render_to_string(f"factcheck/proposition_detail.html#{partial}", context, request)
        if partial == "proposition-title":
            # A new title may turn the stances around: the body comes along, swapped out of band.
            html += render_to_string(
                "factcheck/proposition_detail.html#proposition-body", {**context, "oob": True}, request
            )
        return trigger_client_event(HttpResponse(html), "proposition-changed", {"proposition": proposition.pk})
    messages.success(request, message)
    return redirect(proposition)


@require_POST
def proposition_rename(request, pk):
    def change(proposition, data, user):
        editing.rename_proposition(proposition=proposition, title=data["title"], user=user)
        return "Renamed."

    return edit_proposition(
        request,
        pk,
        form_class=PropositionTitleForm,
        partial="proposition-title",
        form_name="rename_form",
        change=change,
    )


@require_POST
def proposition_move(request, pk):
    def change(proposition, data, user):
        statement, to = data["statement"], data["to"]
        editing.move_statement(statement=statement, out_of=proposition, into=to, user=user)
        where = f"into “{to.title}”" if to else "out of this proposition"
        return f"Moved {statement.source.name}’s statement {where}."

    return edit_proposition(
        request, pk, form_class=MoveStatementForm, partial="proposition-body", form_name="move_form", change=change
    )


@require_POST
def proposition_add(request, pk):
    def change(proposition, data, user):
        editing.move_statement(statement=data["statement"], into=proposition, user=user)
        return f"Added {data['statement'].source.name}’s statement."

    return edit_proposition(
        request, pk, form_class=AddStatementForm, partial="proposition-body", form_name="add_form", change=change
    )


@require_POST
def proposition_stance(request, pk):
    def change(proposition, data, user):
        editing.set_stance(proposition=proposition, statement=data["statement"], stance=data["stance"], user=user)
        return (
            f"Stance of {data['statement'].source.name}’s statement set to “{PropositionStance(data['stance']).label}”."
        )

    return edit_proposition(
        request, pk, form_class=StanceForm, partial="proposition-body", form_name="stance_form", change=change
    )


@require_POST
def proposition_merge(request, pk):
    def change(proposition, data, user):
        other = data["other"]
        editing.merge_propositions(target=proposition, other=other, user=user)
        return f"Merged “{other.title}” into this proposition."

    return edit_proposition(
        request, pk, form_class=MergeForm, partial="proposition-body", form_name="merge_form", change=change
    )


@require_POST
def proposition_split(request, pk):
    def change(proposition, data, user):
        new = editing.split_proposition(
            proposition=proposition, statements=data["statements"], title=data["title"], user=user
        )
        n = len(data["statements"])
        return f"Split {n} statement{'s' if n != 1 else ''} off into proposition {new.pk}, “{new.title}”."

    return edit_proposition(
        request, pk, form_class=SplitForm, partial="proposition-body", form_name="split_form", change=change
    )


class ThrottledLoginView(LoginView):
    form_class = ThrottledLoginForm
    redirect_authenticated_user = True
