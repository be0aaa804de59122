"""Page latency under load: the list, a filtered list, a search and pair pages, with N statements and pairs.

    python bench/pages.py --statements 100000 --pairs 100000 [--database sqlite|postgres]

Fills a database of its own with `generate_data` (once; reused on later runs), serves it with
gunicorn (DEBUG off, 2 workers on loopback) and drives each page with wrk for --duration seconds.
Prints one line per page with requests, errors and p50/p95/p99 latency.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import urllib.request

from serving import ROOT, production_env, run, wait_until_up

PYTHON = sys.executable


def database_env(kind: str, statements: int, pairs: int) -> dict:
    name = f"bench_pages_{statements}_{pairs}"
    if kind == "sqlite":
        folder = ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        return production_env(f"sqlite:///{folder / (name + '.sqlite3')}")
    base = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    subprocess.run(["psql", f"{base}/postgres", "-qc", f"CREATE DATABASE {name}"], capture_output=True)
    return production_env(f"{base}/{name}")


def pair_id_range(env) -> tuple[int, int]:
    out = run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            "from django.db.models import Min, Max; from factcheck.models import ClaimPair;"
            "r = ClaimPair.objects.aggregate(Min('pk'), Max('pk')); print(r['pk__min'], r['pk__max'])",
        ],
        env,
        capture_output=True,
    ).stdout.split()
    return int(out[-2]), int(out[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--only", default="", help="comma-separated page names (default: all)")
    options = parser.parse_args()

    env = database_env(options.database, options.statements, options.pairs)
    run([PYTHON, "manage.py", "migrate", "-v0"], env)
    has_data = run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            "from factcheck.models import ClaimPair; print(ClaimPair.objects.count())",
        ],
        env,
        capture_output=True,
    ).stdout.split()[-1]
    if int(has_data) < options.pairs:
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
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    low, high = pair_id_range(env)

    base = f"http://127.0.0.1:{options.port}"
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "factcheck.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{options.port}",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(base + "/")
        pages = [
            ("list", "/", []),
            ("filtered", "/?status=confirmed&sort=similarity", []),
            ("search", "/?q=government", []),
            ("search+filter", "/?q=police&status=candidate", []),
            ("pair", "/pairs/", ["/pairs/", str(low), str(high)]),
            ("sources", "/sources/", []),
            ("sources by clashes", "/sources/?sort=clashes", []),
            ("source search", "/sources/?q=minister", []),
            ("documents", "/documents/", []),
            ("statements", "/statements/", []),
            ("statements filtered", "/statements/?stance=assertion&pairs=yes", []),
            ("statement search", "/statements/?q=government", []),
        ]
        only = set(options.only.split(",")) if options.only else None
        pages = [page for page in pages if only is None or page[0] in only]
        print(
            f"database={options.database} statements={options.statements} pairs={options.pairs} "
            f"server=gunicorn-2-workers load=wrk-{options.connections}-connections-{options.duration}s"
        )
        for name, path, script_args in pages:
            url = base + (path if not script_args else "/")
            urllib.request.urlopen(url).read()  # warm up
            result = run(
                [
                    "wrk",
                    "-t1",
                    f"-c{options.connections}",
                    f"-d{options.duration}s",
                    # Long enough that a slow page is measured, not dropped as an error.
                    "--timeout",
                    "30s",
                    "-s",
                    "bench/wrk_report.lua",
                    url,
                    *script_args,
                ],
                env,
                capture_output=True,
            ).stdout
            line = re.search(r"RESULT (.*)", result)
            shown = "/pairs/<random>/" if script_args else path
            print(f"page={name} path={shown} {line.group(1) if line else result}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
