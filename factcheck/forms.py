"""Forms for every input the pages take, GET filters included."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.db.models import Count

from factcheck.models import ClaimPair, Document, PairKind, PairStatus, Review, Source, Statement, Verdict

# A select lists at most this many sources or documents (the busiest); a filter set from a link
# to any other one still shows, as the selected option.
MAX_SELECT_OPTIONS = 300


class PairFilterForm(forms.Form):
    SORTS = {
        "contradiction": ["-contradiction", "-similarity", "-pk"],
        "similarity": ["-similarity", "-contradiction", "-pk"],
        "newest": ["-created_at", "-pk"],
    }

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Words, speakers…", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(choices=[("", "Any status"), *PairStatus.choices], required=False)
    kind = forms.ChoiceField(
        choices=[("", "Any kind"), *[(k, label) for k, label in PairKind.choices if k]], required=False
    )
    source = forms.ModelChoiceField(queryset=Source.objects.all(), required=False, empty_label="Any source")
    document = forms.ModelChoiceField(queryset=Document.objects.all(), required=False, empty_label="Any document")
    sort = forms.ChoiceField(
        choices=[("contradiction", "Strongest clash"), ("similarity", "Most related"), ("newest", "Newest")],
        required=False,
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, label_suffix="", **kwargs)
        selected = {name: (data or {}).get(name) for name in ("source", "document")}
        self.fields["source"].choices = shortlist_choices(
            Source.objects.annotate(n=Count("statements")).order_by("-n", "name"), selected["source"], "Any source"
        )
        self.fields["document"].choices = shortlist_choices(
            Document.objects.order_by("-published", "-pk"), selected["document"], "Any document"
        )

    def filters(self) -> dict:
        """The valid filters; a bad value is dropped (and shown as an error) instead of failing the page."""
        if self.is_bound:
            self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "q": cleaned.get("q", ""),
            "status": cleaned.get("status", ""),
            "kind": cleaned.get("kind", ""),
            "source": cleaned.get("source"),
            "document": cleaned.get("document"),
            "ordering": self.SORTS[cleaned.get("sort") or "contradiction"],
        }


def shortlist_choices(queryset, selected, empty_label):
    options = list(queryset[:MAX_SELECT_OPTIONS])
    ids = {obj.pk for obj in options}
    # isascii: "²".isdigit() is true, yet int("²") fails.
    if selected and str(selected).isascii() and str(selected).isdigit() and int(selected) not in ids:
        extra = queryset.model.objects.filter(pk=int(selected)).first()
        if extra:
            options.insert(0, extra)
    return [("", empty_label), *[(obj.pk, str(obj)[:90]) for obj in options]]


class ReviewForm(forms.ModelForm):
    verdict = forms.ChoiceField(choices=Verdict.choices, widget=forms.RadioSelect)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Review
        fields = ["verdict", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "placeholder": "Why? (optional)", "maxlength": 2000})}


class StatementSearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=200,
        label="Find a statement",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Words or a speaker", "autocomplete": "off"}),
    )

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
        if other.source_id == self.statement.source_id:
            raise forms.ValidationError("Both statements are by the same source; a pair needs two sources.")
        a, b = sorted([self.statement.pk, other.pk])
        existing = ClaimPair.objects.filter(statement_a=a, statement_b=b).first()
        if existing and existing.status == ClaimPair.Status.CONFIRMED:
            raise forms.ValidationError("These two statements are already a confirmed pair.")
        return other


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
        return f"login-failures:{address}:{username}"


class ThrottledLoginForm(LoginThrottleMixin, AuthenticationForm):
    pass


class ThrottledAdminLoginForm(LoginThrottleMixin, AdminAuthenticationForm):
    pass
