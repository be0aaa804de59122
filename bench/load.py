"""Readers and editors at once, against gunicorn on PostgreSQL, then a count of every review.

    python bench/load.py [--duration 60] [--browsers 8] [--editors 4] [--database-url URL]

Readers: wrk on loopback, --browsers connections, a mix of the pair list, its filters and
search, pair pages and the JSON API (bench/browse.lua). Editors: --editors threads, each a
logged-in session that opens a pair's page and posts a verdict with its CSRF token, half as
plain form posts and half as htmx posts, each with a note no other request uses.

Afterwards the database is checked: every review the server accepted is stored exactly once
(counted by note), nothing is stored that was not acknowledged, and every pair's status is its
latest verdict. Prints requests, concurrency, p50/p95/p99 and errors, and a final `RESULT {json}`
line; exits 1 on any error or any lost or duplicated review.

The server runs as in production (DEBUG off); the editors' requests say they came through a TLS
proxy (X-Forwarded-Proto: https), as they would in production, so the secure cookies work on
loopback. With --setup (the default) the database is created, migrated and filled with
`generate_data` when it holds fewer pairs than --pairs.
"""

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter

import requests
from serving import ROOT, production_env, run, wait_until_up

PYTHON = sys.executable
PASSWORD = "load-editor-password-7"
VERDICTS = ["confirmed", "dismissed", "unclear"]


def setup_database(options, env) -> None:
    """Create, migrate and fill the database (once; later runs reuse it)."""
    base, _, name = options.database_url.rpartition("/")
    subprocess.run(["psql", f"{base}/postgres", "-qc", f"CREATE DATABASE {name}"], capture_output=True)
    run([PYTHON, "manage.py", "migrate", "-v0"], env)
    django_setup(options.database_url)
    from factcheck.models import ClaimPair

    if ClaimPair.objects.count() < options.pairs:
        run(
            [
                PYTHON,
                "manage.py",
                "generate_data",
                "--statements",
                str(options.statements),
                "--pairs",
                str(options.pairs),
            ],
            env,
        )


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def make_editors(count: int) -> list[str]:
    from django.contrib.auth.models import Group, Permission, User

    # The group comes with the migrations; a test database flushed between tests may have lost it.
    editors, _ = Group.objects.get_or_create(name="editors")
    editors.permissions.add(Permission.objects.get(content_type__app_label="factcheck", codename="add_review"))
    names = []
    for number in range(1, count + 1):
        user, _ = User.objects.get_or_create(username=f"load-editor-{number}")
        user.set_password(PASSWORD)
        user.is_active = True
        user.save()
        user.groups.add(editors)
        names.append(user.username)
    return names


class Editor(threading.Thread):
    """One editor: logs in, then opens pairs and records verdicts until the deadline."""

    def __init__(self, username: str, base: str, pair_ids: list[int], deadline: float, run_id: str, seed: int):
        super().__init__(daemon=True)
        self.username, self.base, self.pair_ids, self.deadline, self.run_id = username, base, pair_ids, deadline, run_id
        self.rng = random.Random(seed)
        self.session = requests.Session()  # for its kept-alive connection; cookies are kept below
        # The session and CSRF cookies are Secure (the server is told it sits behind TLS); a cookie
        # jar would not send them over loopback http, so they are sent by hand, as a browser behind
        # the TLS proxy would.
        self.cookies: dict[str, str] = {}
        self.host = base.removeprefix("http://")
        self.pages: list[tuple[float, int]] = []  # (seconds, status)
        self.posts: list[tuple[float, int, str, bool]] = []  # (seconds, status, note, accepted)
        self.errors: list[str] = []

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{self.host}{path}",
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
            **kwargs.pop("headers", {}),
        }
        response = self.session.request(
            method, self.base + path, headers=headers, allow_redirects=False, timeout=30, **kwargs
        )
        self.cookies.update({cookie.name: cookie.value for cookie in response.cookies})
        self.session.cookies.clear()
        return response

    def login(self) -> None:
        self.request("GET", "/accounts/login/")
        response = self.request(
            "POST",
            "/accounts/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            },
        )
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not log in: {response.status_code}")

    def run(self) -> None:
        try:
            self.login()
        except Exception as error:  # reported, and counted as an error
            self.errors.append(f"login: {error}")
            return
        number = 0
        while time.monotonic() < self.deadline:
            pair = self.rng.choice(self.pair_ids)
            started = time.monotonic()
            try:
                page = self.request("GET", f"/pairs/{pair}/")
                self.pages.append((time.monotonic() - started, page.status_code))
                number += 1
                note = f"{self.run_id}-{self.username}-{number}"
                token = self.cookies["csrftoken"]
                htmx = number % 2 == 0
                data = {"verdict": self.rng.choice(VERDICTS), "note": note}
                headers = {"HX-Request": "true", "X-CSRFToken": token} if htmx else {}
                if not htmx:
                    data["csrfmiddlewaretoken"] = token
                started = time.monotonic()
                response = self.request("POST", f"/pairs/{pair}/review/", data=data, headers=headers)
                accepted = response.status_code == (200 if htmx else 302)
                self.posts.append((time.monotonic() - started, response.status_code, note, accepted))
            except requests.RequestException as error:
                # The answer never came: the review may or may not be stored; the check below tells.
                self.errors.append(f"{type(error).__name__}: {error}")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def check_reviews(run_id: str, editors: list[Editor]) -> dict:
    """Every acknowledged review stored exactly once; nothing stored that was not acknowledged."""
    from django.db.models import OuterRef, Subquery

    from factcheck.models import ClaimPair, Review

    stored = Counter(Review.objects.filter(note__startswith=f"{run_id}-").values_list("note", flat=True))
    accepted = {note for editor in editors for _, _, note, ok in editor.posts if ok}
    refused = {note for editor in editors for _, _, note, ok in editor.posts if not ok}
    latest = Review.objects.filter(pair=OuterRef("pk")).order_by("-created_at", "-pk").values("verdict")[:1]
    touched = ClaimPair.objects.filter(reviews__note__startswith=f"{run_id}-").distinct()
    wrong_status = sum(1 for pair in touched.annotate(latest=Subquery(latest)) if pair.status != pair.latest)
    return {
        "reviews_accepted": len(accepted),
        "reviews_stored": sum(stored.values()),
        "accepted_stored_once": sum(1 for note in accepted if stored[note] == 1),
        "lost": sorted(note for note in accepted if stored[note] == 0),
        "duplicated": sorted(note for note, n in stored.items() if n > 1),
        "stored_not_acknowledged": sorted(note for note in stored if note not in accepted),
        "refused_but_stored": sorted(note for note in refused if stored[note]),
        "pairs_whose_status_is_not_the_latest_verdict": wrong_status,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck_load"),
        help="a PostgreSQL database (created if missing)",
    )
    parser.add_argument("--setup", action=argparse.BooleanOptionalAction, default=True, help="create and fill it")
    parser.add_argument("--statements", type=int, default=20_000)
    parser.add_argument("--pairs", type=int, default=20_000)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--browsers", type=int, default=8, help="wrk connections for readers")
    parser.add_argument("--editors", type=int, default=4, help="editors posting verdicts at once")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=8798)
    options = parser.parse_args()

    env = production_env(options.database_url)
    env["DATABASE_CONN_MAX_AGE"] = "60"
    if options.setup:
        setup_database(options, env)
    django_setup(options.database_url)
    from django.db.models import Max, Min

    from factcheck.models import ClaimPair

    bounds = ClaimPair.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        raise SystemExit("the database holds no pairs; run with --setup")
    pair_ids = list(ClaimPair.objects.values_list("pk", flat=True)[:5000])
    usernames = make_editors(options.editors)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)

    base = f"http://127.0.0.1:{options.port}"
    server = subprocess.Popen(
        [
            *(PYTHON, "-m", "gunicorn", "factcheck.wsgi", "-k", "gthread", "-w", str(options.workers)),
            *("--threads", str(options.threads), "-b", f"127.0.0.1:{options.port}", "--log-level", "error"),
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(base + "/")
        run_id = f"load-{uuid.uuid4().hex[:8]}"
        deadline = time.monotonic() + options.duration
        editors = [Editor(name, base, pair_ids, deadline, run_id, seed=number) for number, name in enumerate(usernames)]
        readers = subprocess.Popen(
            [
                *("wrk", "-t2", f"-c{options.browsers}", f"-d{int(options.duration)}s", "--timeout", "30s"),
                *("-s", "bench/browse.lua", base, str(bounds["low"]), str(bounds["high"])),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for editor in editors:
            editor.start()
        wrk_out, _ = readers.communicate(timeout=options.duration + 120)
        for editor in editors:
            editor.join(timeout=120)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    browse = dict(re.findall(r"(\w+)=([\d.]+)", re.search(r"RESULT (.*)", wrk_out).group(1)))
    post_times = [s for editor in editors for s, *_ in editor.posts]
    page_times = [s for editor in editors for s, _ in editor.pages]
    editor_errors = [e for editor in editors for e in editor.errors]
    bad_pages = sum(1 for editor in editors for _, status in editor.pages if status != 200)
    refused = sum(1 for editor in editors for *_, ok in editor.posts if not ok)
    browse_errors = sum(int(float(browse[k])) for k in ("non2xx3xx", "connect", "read", "write", "timeout"))
    reviews = check_reviews(run_id, editors)
    result = {
        "seconds": options.duration,
        "server": f"gunicorn {options.workers} workers x {options.threads} threads, PostgreSQL",
        "concurrency": {"browsing_connections": options.browsers, "editors": options.editors},
        "browsing": {
            "requests": int(float(browse["requests"])),
            "errors": browse_errors,
            "p50_ms": float(browse["p50_ms"]),
            "p95_ms": float(browse["p95_ms"]),
            "p99_ms": float(browse["p99_ms"]),
            "rps": float(browse["rps"]),
        },
        "editors": {
            "page_views": len(page_times),
            "reviews_posted": len(post_times),
            "errors": len(editor_errors) + bad_pages + refused,
            "error_samples": editor_errors[:5],
            "review_p50_ms": round(percentile(post_times, 0.5) * 1000, 1),
            "review_p95_ms": round(percentile(post_times, 0.95) * 1000, 1),
            "page_p95_ms": round(percentile(page_times, 0.95) * 1000, 1),
        },
        "database": reviews,
    }
    total = result["browsing"]["requests"] + len(page_times) + len(post_times)
    print(
        f"load: {options.duration:g}s against {result['server']}; {options.browsers} browsing connections (wrk) "
        f"+ {options.editors} editors (logged-in sessions); {total} requests in all"
    )
    b, e, d = result["browsing"], result["editors"], reviews
    print(
        f"browsing: requests={b['requests']} errors={b['errors']} p50_ms={b['p50_ms']} p95_ms={b['p95_ms']} "
        f"p99_ms={b['p99_ms']} rps={b['rps']}"
    )
    print(
        f"editors: page_views={e['page_views']} reviews_posted={e['reviews_posted']} errors={e['errors']} "
        f"review_p50_ms={e['review_p50_ms']} review_p95_ms={e['review_p95_ms']} page_p95_ms={e['page_p95_ms']}"
    )
    print(
        f"database: reviews_accepted={d['reviews_accepted']} reviews_stored={d['reviews_stored']} "
        f"stored_exactly_once={d['accepted_stored_once']} lost={len(d['lost'])} duplicated={len(d['duplicated'])} "
        f"stored_not_acknowledged={len(d['stored_not_acknowledged'])} "
        f"status_not_latest_verdict={d['pairs_whose_status_is_not_the_latest_verdict']}"
    )
    print("RESULT " + json.dumps(result))
    failed = (
        b["errors"]
        or e["errors"]
        or d["lost"]
        or d["duplicated"]
        or d["stored_not_acknowledged"]
        or d["refused_but_stored"]
        or d["pairs_whose_status_is_not_the_latest_verdict"]
        or d["reviews_accepted"] == 0
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
