"""The data factcheck holds: who said what, where, and which statements clash.

Source -> Statement <- Document; two statements of different sources form a ClaimPair; editors
judge a pair with Reviews (append-only; the pair's status is its latest verdict).
"""

import functools
import hashlib
import json
import re
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from pgvector.django import VectorField

# The largest id a BigAutoField holds: larger ids in a URL, an API query or an imported file are
# refused, not looked up.
MAX_ID = 2**63 - 1


def normalize_name(name: str) -> str:
    """The form in which source names and aliases are compared: case-, accent- and space-blind."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().replace("\u2019", "'").split())


# Words that go with a name but do not tell one source from another ("President Alexander
# Lukashenko" is Alexander Lukashenko, "the Pentagon" is the Pentagon).
NAME_NOISE = {
    "the", "a", "an", "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "sheikh",
    "president", "vice", "prime", "minister", "secretary", "general", "gen", "lt", "col", "capt", "sgt",
    "maj", "adm", "rear", "sen", "senator", "rep", "gov", "governor", "mayor", "rev", "st", "jr", "sr",
}  # fmt: skip


def name_key(name: str) -> str:
    """The form in which two spellings of one source meet: "Al-Fahd" and "Al Fahd", "U.S." and
    "US", "Rear Adm. John Kirby" and "John Kirby" give one key; titles and punctuation go."""
    plain = normalize_name(name).replace("'s ", " ").replace("’s ", " ")
    words = [w for w in re.findall(r"[^\W_]+", plain.replace(".", "")) if w]
    kept = [w for w in words if w not in NAME_NOISE]
    return " ".join(kept or words)


def content_hash(text: str) -> str:
    """SHA-256 of a document's text, the key that keeps one document from being stored twice."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SourceKind(models.TextChoices):
    PERSON = "person", "Person"
    OFFICE = "office", "Office"
    GOVERNMENT = "government", "Government"
    ORGANISATION = "organisation", "Organisation"
    OUTLET = "outlet", "News outlet"
    UNKNOWN = "unknown", "Unknown"


class StatementMode(models.TextChoices):
    QUOTE = "quote", "Direct quote"
    REPORTED = "reported", "Reported speech"


class StatementStance(models.TextChoices):
    """What a statement does with its claim, as extraction reads it (the words and the verb)."""

    ASSERTION = "assertion", "Asserts"
    DENIAL = "denial", "Denies"
    HEDGE = "hedge", "Hedges"
    CONTENTLESS = "contentless", "Says nothing checkable"


class PairStatus(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    CONFIRMED = "confirmed", "Confirmed"
    DISMISSED = "dismissed", "Dismissed"
    UNCLEAR = "unclear", "Unclear"


OPEN_STATUSES = [PairStatus.CANDIDATE, PairStatus.CONFIRMED]  # the work queue: what the pages show by default


class PairKind(models.TextChoices):
    """Why two statements clash, in words an editor reads."""

    NEGATION = "negation", "Negation"
    ANTONYMY = "antonymy", "Opposite words"
    NUMERIC = "numeric", "Numbers or dates disagree"
    DENIAL = "denial", "Denial against assertion"
    HEDGE = "hedge", "Hedge against assertion"
    ENTITY_SWAP = "entity_swap", "Different actor or place"
    WORLD_KNOWLEDGE = "world_knowledge", "World knowledge"
    UNKNOWN = "", "Not classified"


class Verdict(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed contradiction"
    DISMISSED = "dismissed", "Not a contradiction"
    UNCLEAR = "unclear", "Unclear"


class Source(models.Model):
    """Who said it: a person, an office, a government, an outlet."""

    Kind = SourceKind

    name = models.CharField(max_length=200, help_text="Display name, e.g. “Alexander Lukashenko”.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.UNKNOWN)
    title = models.CharField(max_length=300, blank=True, help_text="Role or title, e.g. “President of Belarus”.")
    affiliation = models.CharField(
        max_length=200, blank=True, help_text="Country or organisation, e.g. “Belarus”, “US”."
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text="The office or state this source speaks for (person → office → state).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SourceKind.values), name="source_kind_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="source_name_not_empty"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="source_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("factcheck:source-detail", args=[self.pk])

    @property
    def label(self) -> str:
        """Name with affiliation, as the pages show it: “Alexander Lukashenko (Belarus)”."""
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name

    @property
    def other_names(self) -> list[str]:
        """The aliases the pages list as "also called": the name itself left out (it is kept as an
        alias so that a search by it finds the source)."""
        return [alias.name for alias in self.aliases.all() if alias.name != self.name]


class SourceAlias(models.Model):
    """Another name a source goes by (“Lukashenko”, “the Belarussian President”)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, unique=True, editable=False)
    match_key = models.CharField(
        max_length=200, db_index=True, editable=False, default="", help_text="The name without titles or punctuation."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "source aliases"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived columns, kept beside the name so the indexes can do the matching.
        self.normalized = normalize_name(self.name)
        self.match_key = name_key(self.name)[:200]
        super().save(*args, **kwargs)

    def clean(self):
        self.normalized = normalize_name(self.name)
        self.match_key = name_key(self.name)[:200]
        if not self.normalized:
            raise ValidationError({"name": "An alias cannot be empty."})


class Document(models.Model):
    """An article or transcript, with where it came from."""

    title = models.CharField(max_length=500)
    outlet = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    published = models.DateField(null=True, blank=True)
    text = models.TextField(
        blank=True,
        help_text="The full text. Blank for a reference (title and URL) to a text not stored here.",
    )
    content_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    origin = models.CharField(
        max_length=500, blank=True, help_text="Where the text was read from (a file name, an import)."
    )
    copy_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text="The first stored document of the same story (a wire copy with small edits).",
    )
    minhash = models.BinaryField(
        null=True, blank=True, editable=False, help_text="MinHash of the text's word shingles, to find copies."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published", "title"]
        indexes = [models.Index(fields=["published"]), models.Index(fields=["url"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(text="", content_hash__isnull=True) | (~Q(text="") & Q(content_hash__isnull=False)),
                name="document_hash_iff_text",
            ),
            models.CheckConstraint(condition=~Q(copy_of=F("pk")), name="document_not_own_copy"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Derived from the text, so it can never disagree with it.
        self.content_hash = content_hash(self.text) if self.text else None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("factcheck:document-detail", args=[self.pk])

    def clean(self):
        if self.text and not self.text.strip():
            raise ValidationError({"text": "The text is only white space; leave it empty for a reference."})
        if not self.text and not (self.url or self.title):
            raise ValidationError("A reference without text needs a title or a URL.")
        self.content_hash = content_hash(self.text) if self.text else None


class Statement(models.Model):
    """What one source said, and the span of the document it came from."""

    Mode = StatementMode
    Stance = StatementStance

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="statements")
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.CASCADE, related_name="statements")
    text = models.TextField()
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.REPORTED)
    stance = models.CharField(
        max_length=12,
        choices=Stance.choices,
        default=Stance.ASSERTION,
        blank=True,
        help_text="Read by extraction; an editor may correct it. Left blank, it is an assertion.",
    )
    channel = models.CharField(
        max_length=200, blank=True, help_text="The outlet that relayed the speaker's words (“told CNN”), if any."
    )
    start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Offset of the statement in the document text."
    )
    end = models.PositiveIntegerField(null=True, blank=True)
    said_on = models.DateField(null=True, blank=True, help_text="When it was said, if known.")
    match_key = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The text and matcher settings this statement was last matched with; stale means re-match.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="statement_text_not_empty"),
            models.CheckConstraint(condition=Q(mode__in=StatementMode.values), name="statement_mode_valid"),
            models.CheckConstraint(condition=Q(stance__in=StatementStance.values), name="statement_stance_valid"),
            models.CheckConstraint(
                condition=(Q(start__isnull=True, end__isnull=True))
                | Q(start__isnull=False, end__isnull=False, start__lt=F("end"), document__isnull=False),
                name="statement_span_valid",
            ),
        ]
        indexes = [models.Index(fields=["said_on"])]

    def __str__(self):
        text = self.text if len(self.text) <= 80 else self.text[:77] + "…"
        return f"{self.source}: {text}"

    def get_absolute_url(self):
        return reverse("factcheck:statement-detail", args=[self.pk])

    @property
    def is_quote(self) -> bool:
        return self.mode == self.Mode.QUOTE

    @property
    def text_hash(self) -> str:
        return content_hash(self.text)

    def clean(self):
        if not self.text.strip():
            raise ValidationError({"text": "A statement needs some text."})
        self.stance = self.stance or self.Stance.ASSERTION
        if (self.start is None) != (self.end is None):
            raise ValidationError("Give both the start and the end of the span, or neither.")
        if self.start is not None:
            # `document` rather than `document_id`: in the admin's inline the document is not saved yet.
            if self.document is None:
                raise ValidationError("A span needs the document it points into.")
            if not self.start < self.end <= len(self.document.text):
                raise ValidationError(
                    f"The span {self.start}–{self.end} lies outside the document "
                    f"({len(self.document.text)} characters)."
                )


class Embedding(models.Model):
    """One statement's vector under one model, with the text it was computed from."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="embeddings")
    model_name = models.CharField(max_length=200)
    text_hash = models.CharField(max_length=64, help_text="Hash of the text that was encoded.")
    dimensions = models.PositiveSmallIntegerField()
    vector = models.BinaryField(help_text="float32 values, normalised to unit length.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["statement_id", "model_name"]
        constraints = [models.UniqueConstraint(fields=["statement", "model_name"], name="embedding_unique_per_model")]
        # The usearch index catches up on "embedded since": without this, a scan of every vector.
        indexes = [models.Index(fields=["model_name", "created_at"], name="embedding_model_created")]

    def __str__(self):
        return f"{self.model_name} vector of statement {self.statement_id}"


class StatementVector(models.Model):
    """A statement's vector in PostgreSQL's pgvector column, searched through an HNSW index.

    Not managed by migrations: `python manage.py enable_pgvector` creates the table where the
    vector extension exists (see the README). It is an index, not data: there is no foreign key
    (so test flushes and bulk deletes of statements never trip over it); rows of deleted
    statements are dropped on the next sync and never returned by a search.
    """

    statement = models.OneToOneField(Statement, primary_key=True, on_delete=models.DO_NOTHING, related_name="+")
    source_id = models.BigIntegerField()
    model_name = models.CharField(max_length=200)
    embedding = VectorField()

    class Meta:
        managed = False
        db_table = "factcheck_statementvector"

    def __str__(self):
        return f"vector of statement {self.statement_id}"


def score_bands() -> list[tuple[float, str, str]]:
    """(floor, band, words) for contradiction scores, highest first, from the scorer's calibrated
    threshold (its calibration.json) and the stored-pair threshold in force. Read once a minute."""
    from django.core.cache import cache

    def bands():
        called = _scorer_threshold(str(settings.FACTCHECK_SCORER_MODEL))
        latest = PairingThreshold.objects.order_by("-created_at", "-pk").values_list("threshold", flat=True).first()
        stored = float(settings.FACTCHECK_MIN_CONTRADICTION if latest is None else latest)
        return [
            (round(called + (1 - called) / 2, 4), "strong", "Strong clash"),
            (called, "likely", "Likely clash"),
            (min(stored, called), "possible", "Possible clash"),
        ]

    return cache.get_or_set("factcheck:score-bands", bands, 60)


def _scorer_threshold(folder: str) -> float:
    """The threshold of the combination in force: an adopted refit of this scorer's, else its
    calibration.json's."""
    version, threshold = _calibration_of(folder)
    refit = ScorerRefit.objects.filter(base_version=version, adopted=True).values_list("threshold", flat=True).first()
    return threshold if refit is None else float(refit)


@functools.lru_cache(maxsize=4)
def _calibration_of(folder: str) -> tuple[str, float]:
    try:
        calibration = json.loads((Path(folder) / "calibration.json").read_text())
        return str(calibration.get("version", "")), float(calibration["threshold"])
    except (OSError, KeyError, ValueError):
        return "", 0.5


class ClaimPair(models.Model):
    """Two statements of different sources that may contradict each other.

    One row per unordered pair: statement_a always has the lower id.
    """

    Status = PairStatus

    Kind = PairKind

    statement_a = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="pairs_as_a")
    statement_b = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="pairs_as_b")
    similarity = models.FloatField(null=True, blank=True, help_text="Cosine similarity, −1 to 1.")
    contradiction = models.FloatField(
        null=True, blank=True, help_text="Probability that the two statements contradict, 0 to 1."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, blank=True, default="")
    cues = models.JSONField(default=dict, blank=True, help_text="What the scorer saw: stances, cue words per side.")
    scorer_version = models.CharField(max_length=100, blank=True)
    embedding_model = models.CharField(max_length=200, blank=True)
    threshold = models.FloatField(null=True, blank=True, help_text="The threshold the pair passed.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CANDIDATE)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_index=False,  # indexed where set: see Meta
        related_name="repeats",
        help_text="The pair of the same two texts shown in its place (a claim against copies of one report).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-contradiction", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(statement_a__lt=F("statement_b")), name="pair_ordered_and_not_self"),
            models.UniqueConstraint(fields=["statement_a", "statement_b"], name="pair_unique"),
            models.CheckConstraint(condition=Q(status__in=PairStatus.values), name="pair_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=PairKind.values), name="pair_kind_valid"),
        ]
        indexes = [
            models.Index(fields=["status", "-contradiction"]),
            models.Index(fields=["status", "-similarity"]),
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["-contradiction"]),
            models.Index(fields=["-similarity"]),
            models.Index(fields=["-created_at"]),
            # The work queue's count from an index alone (8 ms at 100k pairs, against 43 ms).
            # Its pages are read in order from the indexes above once the planner has
            # statistics (services/planner.py).
            models.Index(fields=["duplicate_of", "status"], name="pair_repeat_status"),
            # The repeats of a page's pairs. Only the few repeats are indexed: with every pair in
            # one index, statistics that see 95% of the rows under NULL made SQLite scan the
            # table for them (29 ms a page, against 0.2 ms).
            models.Index(fields=["duplicate_of"], condition=Q(duplicate_of__isnull=False), name="pair_repeats_of"),
        ]

    def __str__(self):
        return f"Pair {self.pk}: {self.statement_a_id} × {self.statement_b_id}"

    def get_absolute_url(self):
        return reverse("factcheck:pair-detail", args=[self.pk])

    # Words for the scores, so a reader need not interpret decimals. The contradiction score is
    # a calibrated probability; the words follow the thresholds in force (`score_bands`): "Likely
    # clash" from the scorer's own threshold, "Strong clash" halfway from there to 1, "Possible
    # clash" from the stored-pair threshold. An editor's verdict outranks the score.
    SIMILARITY_BANDS = [(0.7, "Nearly the same claim"), (0.5, "Closely related"), (0.3, "Related")]
    VERDICT_WORDS = {"confirmed": ("confirmed", "Confirmed clash"), "dismissed": ("dismissed", "Dismissed: no clash")}

    @property
    def contradiction_band(self) -> str:
        return self._contradiction_band()[0]

    @property
    def contradiction_words(self) -> str:
        return self._contradiction_band()[1]

    def _contradiction_band(self) -> tuple[str, str]:
        if self.status in self.VERDICT_WORDS:
            return self.VERDICT_WORDS[self.status]
        if self.contradiction is None:
            return "unscored", "Not scored yet"
        for floor, band, words in score_bands():
            if self.contradiction >= floor:
                return band, words
        return "weak", "Weak clash"

    @property
    def similarity_words(self) -> str:
        if self.similarity is None:
            return "Similarity not computed"
        for floor, words in self.SIMILARITY_BANDS:
            if self.similarity >= floor:
                return words
        return "Loosely related"

    def clean(self):
        a, b = self.statement_a_id, self.statement_b_id
        if a is None or b is None:
            return
        if a == b:
            raise ValidationError("A statement cannot be paired with itself.")
        if a > b:
            self.statement_a_id, self.statement_b_id = b, a
        problem = pairing_problem(*Statement.objects.filter(pk__in=[a, b]))
        if problem:
            raise ValidationError(problem)

    @property
    def self_contradiction(self) -> bool:
        """One source against itself, in two documents (a change of story over time is news)."""
        return self.statement_a.source_id == self.statement_b.source_id


ONE_SOURCE = (
    "A pair needs statements of two different sources, or of one source in two different documents "
    "(the source contradicting itself)."
)


def pairing_problem(first: "Statement", second: "Statement") -> str:
    """Why two statements cannot form a pair, or "" when they can: two sources, or one source in
    two documents."""
    if first.pk == second.pk:
        return "A statement cannot be paired with itself."
    if first.source_id == second.source_id and (first.document_id is None or first.document_id == second.document_id):
        return ONE_SOURCE
    return ""


class SameWords(models.Model):
    """The same words attributed to two sources: not a clash, but what fact-checkers look for
    (a quote credited to the wrong person, an outlet's copy given as someone's words).

    One row per unordered pair, statement_a the lower id; found by the matcher (identical text
    once normalised, or nearly identical vectors).
    """

    statement_a = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="same_words_as_a")
    statement_b = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="same_words_as_b")
    similarity = models.FloatField(help_text="Cosine of the two statements' vectors.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "same words"
        constraints = [
            models.CheckConstraint(condition=Q(statement_a__lt=F("statement_b")), name="same_words_ordered"),
            models.UniqueConstraint(fields=["statement_a", "statement_b"], name="same_words_unique"),
        ]

    def __str__(self):
        return f"Same words: {self.statement_a_id} × {self.statement_b_id}"


class Review(models.Model):
    """An editor's verdict on a pair. Never edited: a change of mind is a new review."""

    Verdict = Verdict

    pair = models.ForeignKey(ClaimPair, on_delete=models.CASCADE, related_name="reviews")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    note = models.TextField(blank=True, max_length=2000)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(verdict__in=Verdict.values), name="review_verdict_valid")]

    def __str__(self):
        return f"{self.get_verdict_display()} by {self.user} on pair {self.pair_id}"


class PairingThreshold(models.Model):
    """A pairing threshold set by `calibrate` from editors' verdicts; the newest one is in force."""

    threshold = models.FloatField(help_text="Pairs are stored from this contradiction score up.")
    recall_target = models.FloatField(help_text="Share of confirmed pairs the threshold had to keep.")
    recall = models.FloatField(help_text="Share of confirmed pairs at or above the threshold.")
    false_positive_rate = models.FloatField(help_text="Share of dismissed pairs at or above the threshold.")
    confirmed = models.PositiveIntegerField()
    dismissed = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__gte=0, threshold__lte=1), name="pairing_threshold_is_probability"
            )
        ]

    def __str__(self):
        return f"threshold {self.threshold:.3f} (recall {self.recall:.0%}, FPR {self.false_positive_rate:.0%})"


class ScorerRefit(models.Model):
    """The scorer's combination (its logistic regression over the model's logits, the cosine and
    the cue rules) refitted from editors' verdicts by `calibrate`. Adopted only when it beats the
    combination in force under cross-validation; the newest adopted refit of a scorer is in force."""

    base_version = models.CharField(max_length=200, help_text="The calibration.json version it refits.")
    features = models.JSONField(help_text="Feature names, in the order of coef.")
    coef = models.JSONField()
    intercept = models.FloatField()
    threshold = models.FloatField(help_text="Scores from here up are called contradictions.")
    confirmed = models.PositiveIntegerField()
    dismissed = models.PositiveIntegerField()
    before = models.JSONField(help_text="Cross-validated figures of the combination in force.")
    after = models.JSONField(help_text="Cross-validated figures of this refit.")
    adopted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__gte=0, threshold__lte=1), name="refit_threshold_is_probability"
            )
        ]

    def __str__(self):
        state = "adopted" if self.adopted else "kept the previous"
        return f"refit of {self.base_version} from {self.confirmed + self.dismissed} verdicts ({state})"


class WorkerHeartbeat(models.Model):
    """A task worker's sign of life; a running task whose worker fell silent is put back in the queue."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True)
    started_at = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self):
        return f"worker {self.worker_id} on {self.hostname} (pid {self.pid})"


class PropositionStance(models.TextChoices):
    """Where one statement stands on a proposition."""

    AFFIRMS = "affirms", "Affirms"
    DENIES = "denies", "Denies"
    HEDGES = "hedges", "Hedges"
    RELATED = "related", "Only related"


class PropositionOrigin(models.TextChoices):
    AUTO = "auto", "Found by the matcher"
    EDITOR = "editor", "Made by an editor"


class Proposition(models.Model):
    """A question or claim that statements of several sources speak to.

    Found by `propose_propositions` (origin auto) or made by an editor. Once an editor has
    changed one (`edited`), re-runs may still add statements that cluster with it, but never
    rename it or take a statement out. A merged proposition stays as a pointer to the one it
    went into, so its address keeps working.
    """

    Origin = PropositionOrigin

    title = models.CharField(max_length=300, help_text="The question or claim, e.g. “Is Belarus in the war?”.")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.AUTO)
    edited = models.BooleanField(
        default=False, help_text="An editor has changed it: re-runs never rename it or take statements out."
    )
    anchor = models.ForeignKey(
        Statement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The most central statement of the cluster it was found as; the automatic title.",
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
        help_text="Set when an editor merged it into another proposition.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="proposition_title_not_empty"),
            models.CheckConstraint(condition=Q(origin__in=PropositionOrigin.values), name="proposition_origin_valid"),
            models.CheckConstraint(condition=~Q(merged_into=F("pk")), name="proposition_not_merged_into_itself"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("factcheck:proposition-detail", args=[self.pk])

    def clean(self):
        self.title = " ".join(self.title.split())
        if not self.title:
            raise ValidationError({"title": "A proposition needs a title."})


class PropositionStatement(models.Model):
    """One statement's stance on a proposition.

    Rows an editor made or changed are kept by re-runs: `added_by` editor rows are never taken
    out, `stance_by_editor` stances never recomputed, and a `removed` row is the record that an
    editor took the statement out, so a re-run does not put it back.
    """

    Stance = PropositionStance

    class AddedBy(models.TextChoices):
        AUTO = "auto", "Matcher"
        EDITOR = "editor", "Editor"

    proposition = models.ForeignKey(Proposition, on_delete=models.CASCADE, related_name="memberships")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="proposition_memberships")
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.RELATED)
    confidence = models.FloatField(default=0.5, help_text="How sure the stance is, 0 to 1 (1 when an editor set it).")
    cues = models.JSONField(default=list, blank=True, help_text="The words the stance was read from.")
    stance_by_editor = models.BooleanField(default=False)
    added_by = models.CharField(max_length=10, choices=AddedBy.choices, default=AddedBy.AUTO)
    removed = models.BooleanField(default=False, help_text="An editor took the statement out; re-runs keep it out.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["proposition_id", "statement_id"]
        constraints = [
            models.UniqueConstraint(fields=["proposition", "statement"], name="proposition_statement_unique"),
            models.CheckConstraint(condition=Q(stance__in=PropositionStance.values), name="proposition_stance_valid"),
            models.CheckConstraint(
                condition=Q(added_by__in=["auto", "editor"]), name="proposition_statement_added_by_valid"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=1), name="proposition_confidence_is_probability"
            ),
        ]
        indexes = [models.Index(fields=["statement", "removed"])]

    def __str__(self):
        return f"{self.get_stance_display()}: statement {self.statement_id} on proposition {self.proposition_id}"
