"""The admin: where sources, documents, statements and pairs are entered and corrected by hand."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.text import Truncator

from factcheck.forms import ThrottledAdminLoginForm
from factcheck.models import (
    ClaimPair,
    Document,
    Embedding,
    PairingThreshold,
    Proposition,
    PropositionStatement,
    Review,
    SameWords,
    ScorerRefit,
    Source,
    SourceAlias,
    Statement,
)
from factcheck.services.corpus.sources import merge_sources
from factcheck.services.reviews import record_verdict
from factcheck.tasks import enqueue_matching

admin.site.login_form = ThrottledAdminLoginForm
admin.site.site_header = "factcheck administration"
admin.site.site_title = "factcheck admin"
admin.site.site_url = "/"


def rounded(value: float | None) -> str:
    """A score as the admin lists show it: three digits, or a dash."""
    return "–" if value is None else f"{value:.3f}"


def short(text: str, words: int = 14) -> str:
    return Truncator(text).words(words)


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 1


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "title", "affiliation", "parent", "statement_count"]
    list_filter = ["kind", "affiliation"]
    search_fields = ["name", "aliases__name", "title", "affiliation"]
    autocomplete_fields = ["parent"]
    inlines = [SourceAliasInline]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent").annotate(n_statements=Count("statements"))

    @admin.action(description="Merge the selected sources into one", permissions=["change"])
    def merge_selected(self, request, queryset):
        """Ask which source stays, then merge the others into it (their names become aliases)."""
        sources = list(queryset.order_by("-n_statements", "pk"))
        if len(sources) < 2:
            self.message_user(request, "Select two sources or more to merge.", messages.WARNING)
            return None
        chosen = request.POST.get("target")
        if chosen is None:
            context = {
                **self.admin_site.each_context(request),
                "sources": sources,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "title": "Merge sources",
            }
            return TemplateResponse(request, "admin/factcheck/source/merge.html", context)
        target = next((s for s in sources if str(s.pk) == chosen), None)
        if target is None:
            self.message_user(request, "Choose one of the selected sources to keep.", messages.ERROR)
            return None
        try:
            for other in sources:
                if other.pk != target.pk:
                    merge_sources(target=target, other=other, user=request.user)
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
            return None
        self.message_user(request, f"Merged {len(sources) - 1} source(s) into {target.name}; their names are aliases.")
        return None

    @admin.display(description="statements", ordering="n_statements")
    def statement_count(self, obj):
        return obj.n_statements


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    fields = [("source", "mode", "said_on"), "text", ("start", "end")]
    autocomplete_fields = ["source"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published", "statement_count", "created_at"]
    list_filter = ["outlet", "published"]
    search_fields = ["title", "outlet", "url", "text"]
    date_hierarchy = "published"
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    inlines = [StatementInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_statements=Count("statements"))

    @admin.display(description="statements", ordering="n_statements")
    def statement_count(self, obj):
        return obj.n_statements

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Statement:
            enqueue_matching([s.pk for s in formset.new_objects + [obj for obj, _ in formset.changed_objects]])


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["short_text", "source", "mode", "stance", "channel", "document", "said_on", "created_at"]
    list_filter = ["mode", "stance", "source__kind", "said_on"]
    search_fields = ["text", "source__name", "source__aliases__name", "document__title"]
    autocomplete_fields = ["source", "document"]
    list_select_related = ["source", "document"]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description="text")
    def short_text(self, obj):
        return short(obj.text)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Matching loads the model, so it runs in the task worker, never in the request.
        enqueue_matching([obj.pk])


@admin.register(Embedding)
class EmbeddingAdmin(admin.ModelAdmin):
    list_display = ["statement", "model_name", "dimensions", "created_at"]
    list_filter = ["model_name"]
    search_fields = ["statement__text"]
    list_select_related = ["statement__source"]
    readonly_fields = ["statement", "model_name", "text_hash", "dimensions", "created_at"]
    exclude = ["vector"]

    def has_add_permission(self, request):
        return False


class ReviewInline(admin.TabularInline):
    """Reviews are append-only: old ones are shown read-only, a new one may be added."""

    model = Review
    extra = 0
    fields = ["verdict", "note", "user", "created_at"]
    readonly_fields = ["user", "created_at"]
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ClaimPair)
class ClaimPairAdmin(admin.ModelAdmin):
    list_display = ["id", "text_a", "text_b", "similarity_rounded", "contradiction_rounded", "kind", "status"]
    list_filter = ["status", "kind", "scorer_version"]
    search_fields = [
        "statement_a__text",
        "statement_b__text",
        "statement_a__source__name",
        "statement_b__source__name",
    ]
    autocomplete_fields = ["statement_a", "statement_b"]
    list_select_related = ["statement_a__source", "statement_b__source"]
    readonly_fields = ["status", "duplicate_of", "created_at", "updated_at"]
    inlines = [ReviewInline]

    @admin.display(description="similarity", ordering="similarity")
    def similarity_rounded(self, obj):
        return rounded(obj.similarity)

    @admin.display(description="contradiction", ordering="contradiction")
    def contradiction_rounded(self, obj):
        return rounded(obj.contradiction)

    @admin.display(description="statement A")
    def text_a(self, obj):
        return f"{obj.statement_a.source}: {short(obj.statement_a.text)}"

    @admin.display(description="statement B")
    def text_b(self, obj):
        return f"{obj.statement_b.source}: {short(obj.statement_b.text)}"

    def save_formset(self, request, form, formset, change):
        if formset.model is not Review:
            return super().save_formset(request, form, formset, change)
        # New reviews go through the same service as the pages, which also sets the status.
        formset.new_objects = [
            record_verdict(pair=form.instance, user=request.user, verdict=review.verdict, note=review.note)
            for review in formset.save(commit=False)
        ]


@admin.register(SameWords)
class SameWordsAdmin(admin.ModelAdmin):
    """The same words attributed to two sources, found by the matcher; an editor may delete a link."""

    list_display = ["id", "text_a", "text_b", "similarity_rounded", "created_at"]
    search_fields = ["statement_a__text", "statement_a__source__name", "statement_b__source__name"]
    list_select_related = ["statement_a__source", "statement_b__source"]
    readonly_fields = ["statement_a", "statement_b", "similarity", "created_at"]
    text_a = ClaimPairAdmin.text_a
    text_b = ClaimPairAdmin.text_b
    similarity_rounded = ClaimPairAdmin.similarity_rounded

    def has_add_permission(self, request):
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["pair", "verdict", "user", "created_at", "short_note"]
    list_filter = ["verdict", "user"]
    search_fields = ["note", "user__username", "pair__statement_a__text", "pair__statement_b__text"]
    list_select_related = ["user", "pair"]
    autocomplete_fields = ["pair"]
    date_hierarchy = "created_at"
    fields = ["pair", "verdict", "note", "user", "created_at"]
    readonly_fields = ["user", "created_at"]

    @admin.display(description="note")
    def short_note(self, obj):
        return short(obj.note, 10)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # The service writes the row (and the pair's status); the admin logs this object.
        saved = record_verdict(pair=obj.pair, user=request.user, verdict=obj.verdict, note=obj.note)
        obj.pk, obj.user, obj.created_at = saved.pk, saved.user, saved.created_at


@admin.register(PairingThreshold)
class PairingThresholdAdmin(admin.ModelAdmin):
    """Set by `python manage.py calibrate`; shown here for the record."""

    list_display = ["threshold", "recall", "false_positive_rate", "confirmed", "dismissed", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ScorerRefit)
class ScorerRefitAdmin(admin.ModelAdmin):
    """Refits of the scorer's combination by `python manage.py calibrate`, adopted or not; for the record."""

    list_display = ["created_at", "base_version", "confirmed", "dismissed", "log_loss_change", "adopted"]
    list_filter = ["adopted"]

    @admin.display(description="cross-validated log loss (in force → refit)")
    def log_loss_change(self, obj):
        return f"{obj.before.get('log_loss', float('nan')):.3f} → {obj.after.get('log_loss', float('nan')):.3f}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PropositionStatementInline(admin.TabularInline):
    model = PropositionStatement
    extra = 0
    fields = ["statement", "stance", "confidence", "stance_by_editor", "added_by", "removed"]
    autocomplete_fields = ["statement"]


@admin.register(Proposition)
class PropositionAdmin(admin.ModelAdmin):
    """For corrections by hand; editors work on the proposition pages, whose changes re-runs keep."""

    list_display = ["title", "origin", "edited", "statement_count", "merged_into", "updated_at"]
    list_filter = ["origin", "edited", ("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["title", "memberships__statement__text", "memberships__statement__source__name"]
    autocomplete_fields = ["anchor", "merged_into"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [PropositionStatementInline]

    def get_queryset(self, request):
        active = Count("memberships", filter=Q(memberships__removed=False))
        return super().get_queryset(request).select_related("merged_into").annotate(n_statements=active)

    @admin.display(description="statements", ordering="n_statements")
    def statement_count(self, obj):
        return obj.n_statements


@admin.register(PropositionStatement)
class PropositionStatementAdmin(admin.ModelAdmin):
    list_display = ["proposition", "short_text", "source", "stance", "confidence", "added_by", "removed"]
    list_filter = ["stance", "added_by", "removed", "stance_by_editor"]
    search_fields = ["proposition__title", "statement__text", "statement__source__name"]
    list_select_related = ["proposition", "statement__source"]
    autocomplete_fields = ["proposition", "statement"]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description="statement")
    def short_text(self, obj):
        return short(obj.statement.text)

    @admin.display(description="source", ordering="statement__source__name")
    def source(self, obj):
        return obj.statement.source
