"""Pages. Views are thin: read the request through a form, call a selector or service, render.

Every page works as plain links and forms; with htmx the same view answers with the part of the
page that changed (a template partial), chosen by `partial_or_page`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from factcheck import selectors
from factcheck.forms import FlagPairForm, PairFilterForm, ReviewForm, StatementSearchForm, ThrottledLoginForm
from factcheck.models import ClaimPair, Document, Statement
from factcheck.services.claimreview import claim_reviews
from factcheck.services.reviews import can_review, flag_pair, record_verdict
from factcheck.services.thresholds import agreement_near

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


def deny_non_editor(request) -> HttpResponse | None:
    """None for an editor; else login for the anonymous (403 + HX-Redirect for htmx), 403 for others."""
    if request.user.is_authenticated:
        return None if can_review(request.user) else HttpResponseForbidden("Only editors may review pairs.")
    if request.htmx:
        response = HttpResponseForbidden("Log in as an editor to review pairs.")
        response["HX-Redirect"] = f"{reverse('login')}?next={request.htmx.current_url_abs_path or '/'}"
        return response
    return redirect_to_login(request.get_full_path())


@require_GET
@vary_on_headers("HX-Request")
def pair_list(request):
    form = PairFilterForm(request.GET or None)
    page = Paginator(selectors.filter_pairs(**form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "pairs": page.object_list}
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
        "pairs": selectors.other_pairs(statement, limit=50),
        "can_review": can_review(request.user),
        "search": search,
        "results": selectors.search_statements(q, exclude_source=statement.source) if q else [],
        "q": q,
    }
    template = partial_or_page(request, "factcheck/statement_detail.html", "flag-results")
    return render(request, template, context)


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
    statements = Paginator(selectors.source_statements(source), 50).get_page(request.GET.get("page"))
    context = {
        "source": source,
        "statements": statements,
        "pairs": selectors.filter_pairs(source=source)[:20],
    }
    return render(request, "factcheck/source_detail.html", context)


@require_GET
def document_detail(request, pk):
    document = get_object_or_404(Document, pk=pk)
    statements = list(document.statements.select_related("source").order_by("start", "pk"))
    colours = selectors.speaker_colours(statements)
    context = {
        "document": document,
        "paragraphs": selectors.document_pieces(document, statements),
        "statements": statements,
        "speakers": [
            (next(s.source for s in statements if s.source_id == pk), colour) for pk, colour in colours.items()
        ],
    }
    return render(request, "factcheck/document_detail.html", context)


class ThrottledLoginView(LoginView):
    form_class = ThrottledLoginForm
    redirect_authenticated_user = True
