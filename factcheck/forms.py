"""Forms for every input the pages take, GET filters included."""

import hashlib

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.db.models import Count
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from factcheck.models import (
    MAX_ID,
    ClaimPair,
    Document,
    PairKind,
    PairStatus,
    Proposition,
    PropositionStance,
    Review,
    Source,
    SourceKind,
    Statement,
    StatementStance,
    Verdict,
    pairing_problem,
)

# A select lists at most this many sources or documents (the busiest); a filter set from a link
# to any other one still shows, as the selected option.
MAX_SELECT_OPTIONS = 300
SHORTLIST_SECONDS = 60


class FastSelect(forms.Select):
    """A select rendered in Python: Django's per-option templates cost ~1 ms per 20 options,
    which made the filter form the slowest part of the list page."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(v), mark_safe(" selected") if str(v) == selected else "", label) for v, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


def search_field(*, label: str = "Search", placeholder: str = "Words, speakers…") -> forms.CharField:
    """The `q` field of every search on the pages: at most 200 characters, every word must match."""
    return forms.CharField(
        required=False,
        max_length=200,
        label=label,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder, "autocomplete": "off"}),
    )


class PairFilterForm(forms.Form):
    SORTS = {
        "contradiction": ["-contradiction", "-similarity", "-pk"],
        "similarity": ["-similarity", "-contradiction", "-pk"],
        "newest": ["-created_at", "-pk"],
    }

    q = search_field()
    # The default view is the work queue: open candidates and confirmed clashes. Dismissed and
    # unclear pairs show when asked for (by their status, or "any").
    status = forms.ChoiceField(
        choices=[("", "Open and confirmed"), ("all", "Any status"), *PairStatus.choices],
        required=False,
        widget=FastSelect,
    )
    kind = forms.ChoiceField(
        choices=[("", "Any kind"), *[(k, label) for k, label in PairKind.choices if k]],
        required=False,
        widget=FastSelect,
    )
    source = forms.ModelChoiceField(
        queryset=Source.objects.all(), required=False, empty_label="Any source", widget=FastSelect
    )
    document = forms.ModelChoiceField(
        queryset=Document.objects.all(), required=False, empty_label="Any document", widget=FastSelect
    )
    sort = forms.ChoiceField(
        choices=[("contradiction", "Strongest clash"), ("similarity", "Most related"), ("newest", "Newest")],
        required=False,
        widget=FastSelect,
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, label_suffix="", **kwargs)
        selected = {name: (data or {}).get(name) for name in ("source", "document")}
        self.fields["source"].choices = shortlist_choices(busiest_sources(), selected["source"], Source, "Any source")
        self.fields["document"].choices = shortlist_choices(
            latest_documents(), selected["document"], Document, "Any document"
        )

    def filters(self) -> dict:
        """The valid filters; a bad value is dropped (and shown as an error) instead of failing the page."""
        if self.is_bound:
            self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "q": cleaned.get("q", ""),
            "status": {"": "open", "all": ""}.get(cleaned.get("status") or "", cleaned.get("status")),
            "kind": cleaned.get("kind", ""),
            "source": cleaned.get("source"),
            "document": cleaned.get("document"),
            "ordering": self.SORTS[cleaned.get("sort") or "contradiction"],
        }


def busiest_sources() -> list[tuple[int, str]]:
    """The sources with most statements, as (id, name); counted once a minute, not per request."""

    def count():
        busiest = Source.objects.annotate(n=Count("statements")).order_by("-n", "name")[:MAX_SELECT_OPTIONS]
        return [(source.pk, source.name) for source in busiest]

    return cache.get_or_set("factcheck:busiest-sources", count, SHORTLIST_SECONDS)


def latest_documents() -> list[tuple[int, str]]:
    return [
        (pk, title)
        for pk, title in Document.objects.order_by("-published", "-pk").values_list("pk", "title")[:MAX_SELECT_OPTIONS]
    ]


def shortlist_choices(options: list[tuple[int, str]], selected, model, empty_label: str) -> list:
    """The shortlist, plus the selected row when a link chose one that is not on it."""
    options = list(options)
    chosen = str(selected or "")
    # isascii: "²".isdigit() is true, yet int("²") fails.
    if chosen.isascii() and chosen.isdigit() and int(chosen) not in {pk for pk, _ in options}:
        extra = model.objects.filter(pk=int(chosen)).first()
        if extra:
            options.insert(0, (extra.pk, str(extra)))
    return [("", empty_label), *[(pk, label[:90]) for pk, label in options]]


class ReviewForm(forms.ModelForm):
    verdict = forms.ChoiceField(choices=Verdict.choices, widget=forms.RadioSelect)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Review
        fields = ["verdict", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "placeholder": "Why? (optional)", "maxlength": 2000})}


class ListForm(forms.Form):
    """A list page's GET filters: a bad value is dropped (and shown) instead of failing the page."""

    def __init__(self, data=None, **kwargs):
        super().__init__(data, label_suffix="", **kwargs)

    def filters(self) -> dict:
        if self.is_bound:
            self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) or field.initial or "" for name, field in self.fields.items()}


class SourceFilterForm(ListForm):
    SORTS = {"name": "Name", "statements": "Most statements", "clashes": "Most clashes"}

    q = search_field(placeholder="A name or an alias")
    kind = forms.ChoiceField(choices=[("", "Any kind"), *SourceKind.choices], required=False, widget=FastSelect)
    sort = forms.ChoiceField(choices=list(SORTS.items()), required=False, initial="name", widget=FastSelect)


class DocumentFilterForm(ListForm):
    q = search_field(placeholder="Words of the title, an outlet, a URL")
    outlet = forms.CharField(required=False, max_length=200, label="Outlet")
    since = forms.DateField(required=False, label="Published from", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="to", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            self.add_error("until", "The end of the range is before its start.")
        return cleaned


class StatementFilterForm(ListForm):
    q = search_field(placeholder="Words or a speaker")
    source = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    stance = forms.ChoiceField(
        choices=[("", "Any stance"), *StatementStance.choices], required=False, widget=FastSelect
    )
    pairs = forms.ChoiceField(
        choices=[("", "With or without pairs"), ("yes", "In a pair"), ("no", "In no pair")],
        required=False,
        label="Pairs",
        widget=FastSelect,
    )


class SourceMergeSearchForm(forms.Form):
    merge = search_field(label="Source to merge", placeholder="Its name or an alias")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)


class SourceMergeForm(forms.Form):
    other = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target

    def clean_other(self):
        other = Source.objects.filter(pk=self.cleaned_data["other"]).first()
        if other is None:
            raise forms.ValidationError("That source does not exist (merged already?).")
        if other.pk == self.target.pk:
            raise forms.ValidationError("Choose two different sources to merge.")
        return other


class StatementSearchForm(forms.Form):
    q = search_field(label="Find a statement", placeholder="Words or a speaker")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)


class FlagPairForm(forms.Form):
    other = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, statement, **kwargs):
        super().__init__(*args, **kwargs)
        self.statement = statement

    def clean_other(self):
        other = Statement.objects.select_related("source").filter(pk=self.cleaned_data["other"]).first()
        if other is None:
            raise forms.ValidationError("That statement does not exist.")
        if problem := pairing_problem(self.statement, other):
            raise forms.ValidationError(problem)
        a, b = sorted([self.statement.pk, other.pk])
        existing = ClaimPair.objects.filter(statement_a=a, statement_b=b).first()
        if existing and existing.status == ClaimPair.Status.CONFIRMED:
            raise forms.ValidationError("These two statements are already a confirmed pair.")
        return other


class PropositionFilterForm(forms.Form):
    q = search_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)

    def search(self) -> str:
        return self.cleaned_data["q"] if self.is_bound and self.is_valid() else ""


def title_field(label: str = "Title") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=Proposition._meta.get_field("title").max_length,
        error_messages={"required": "A proposition needs a title."},
        widget=forms.TextInput(attrs={"placeholder": "A question, e.g. “Is Belarus taking part in the war?”"}),
    )


class PropositionTitleForm(forms.Form):
    title = title_field()

    def __init__(self, *args, proposition: Proposition | None = None, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.proposition = proposition


class PropositionFormMixin:
    """A form about one proposition: its statements are the only ones it accepts."""

    def __init__(self, *args, proposition: Proposition, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.proposition = proposition

    def member(self, statement_id: int) -> Statement:
        statement = (
            Statement.objects.filter(
                pk=statement_id,
                proposition_memberships__proposition=self.proposition,
                proposition_memberships__removed=False,
            )
            .select_related("source")
            .first()
        )
        if statement is None:
            raise forms.ValidationError(f"Statement {statement_id} is not in this proposition.")
        return statement


def other_propositions(proposition: Proposition):
    return Proposition.objects.filter(merged_into__isnull=True).exclude(pk=proposition.pk)


class MoveStatementForm(PropositionFormMixin, forms.Form):
    statement = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    to = forms.ModelChoiceField(
        queryset=Proposition.objects.none(),
        required=False,
        empty_label="out of this proposition",
        error_messages={"invalid_choice": "That proposition does not exist or was merged into another."},
    )

    def __init__(self, *args, proposition: Proposition, **kwargs):
        super().__init__(*args, proposition=proposition, **kwargs)
        self.fields["to"].queryset = other_propositions(proposition)

    def clean_statement(self):
        return self.member(self.cleaned_data["statement"])


class AddStatementForm(PropositionFormMixin, forms.Form):
    statement = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def clean_statement(self):
        statement = Statement.objects.filter(pk=self.cleaned_data["statement"]).first()
        if statement is None:
            raise forms.ValidationError("That statement does not exist.")
        if self.proposition.memberships.filter(statement=statement, removed=False).exists():
            raise forms.ValidationError(f"Statement {statement.pk} is already in this proposition.")
        return statement


class StanceForm(PropositionFormMixin, forms.Form):
    statement = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    stance = forms.ChoiceField(choices=PropositionStance.choices)

    def clean_statement(self):
        return self.member(self.cleaned_data["statement"])


class MergeForm(PropositionFormMixin, forms.Form):
    other = forms.ModelChoiceField(
        queryset=Proposition.objects.none(),
        label="Merge into this one",
        empty_label="Choose a proposition",
        error_messages={
            "required": "Choose the proposition to merge into this one.",
            "invalid_choice": "That proposition does not exist or was merged already.",
        },
    )

    def __init__(self, *args, proposition: Proposition, **kwargs):
        super().__init__(*args, proposition=proposition, **kwargs)
        self.fields["other"].queryset = other_propositions(proposition)


class SplitForm(PropositionFormMixin, forms.Form):
    statements = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], error_messages={"required": "Tick the statements that go into the new proposition."}
    )
    title = title_field("Title of the new proposition")

    def __init__(self, *args, proposition: Proposition, **kwargs):
        super().__init__(*args, proposition=proposition, **kwargs)
        self.fields["statements"].choices = [
            (pk, pk) for pk in proposition.memberships.filter(removed=False).values_list("statement_id", flat=True)
        ]
        self.fields["statements"].error_messages["invalid_choice"] = (
            "Only statements in this proposition can be split off."
        )

    def clean_statements(self):
        return list(Statement.objects.filter(pk__in=self.cleaned_data["statements"]))


class LoginThrottleMixin:
    """Refuses a user name from an address for a while after repeated failed log-ins."""

    MAX_FAILURES = 5
    LOCKOUT_SECONDS = 15 * 60

    def clean(self):
        key = self.throttle_key()
        if cache.get(key, 0) >= self.MAX_FAILURES:
            raise forms.ValidationError("Too many failed log-ins. Try again in 15 minutes.", code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, self.LOCKOUT_SECONDS)
            raise

    def throttle_key(self) -> str:
        username = (self.data.get("username") or "").strip().lower()[:150]
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        # Hashed: any cache backend accepts the key, whatever characters were typed.
        return "login-failures:" + hashlib.sha256(f"{address}\0{username}".encode()).hexdigest()


class ThrottledLoginForm(LoginThrottleMixin, AuthenticationForm):
    pass


class ThrottledAdminLoginForm(LoginThrottleMixin, AdminAuthenticationForm):
    pass
