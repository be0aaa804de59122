"""Every scale benchmark in one run, then one summary to paste into the README.

    python bench/all.py [--sizes 10000,100000,1000000] [--databases sqlite,pgvector]
                        [--vectors 1000000] [--pages 1000000] [--skip match,index,pages]

Runs, one after another and each in its own process (so peak memory is each part's own):
- bench/match.py for every size on every database: pipeline statements/s against raw `encode`,
  `match` wall time, pairs scored, peak memory, one new statement, recall@10;
- bench/index.py: the approximate index at --vectors (build, query latency, recall, memory) and
  one new statement end to end against it;
- bench/pages.py: p95 of the list, search and pair pages under wrk, at --pages statements and
  pairs, on SQLite and on PostgreSQL.

Each part's full output goes to var/bench/all-<time>.log; the summary at the end quotes the
lines the parts print, nothing else. A part that fails is reported as failed and the rest go on.
Sizes of a million take hours on two cores (see the README); `--sizes 2000 --vectors 100000
--pages 10000` is a quick run of the whole thing.
"""

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_part(title: str, args: list[str], log) -> tuple[list[str], int]:
    """Run one benchmark, echoing and logging its output; returns (lines, exit code)."""
    print(f"\n== {title}: {' '.join(args)}", flush=True)
    log.write(f"\n== {title}: {' '.join(args)}\n")
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines = []
    for line in process.stdout:
        log.write(line)
        log.flush()
        if "\r" not in line:  # progress bars go to the log only
            print(line, end="", flush=True)
        lines.append(line.rstrip("\n"))
    code = process.wait()
    print(f"== {title}: exit {code} after {time.monotonic() - started:.0f}s", flush=True)
    return lines, code


def fields(line: str) -> dict[str, str]:
    return dict(re.findall(r"(\w+)=(\S+)", line))


def last_line(lines: list[str], starts: str) -> dict[str, str]:
    for line in reversed(lines):
        if line.startswith(starts):
            return fields(line)
    return {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="statements per match run")
    parser.add_argument("--databases", default="sqlite,pgvector")
    parser.add_argument("--vectors", type=int, default=1_000_000, help="vectors for bench/index.py")
    parser.add_argument("--pages", type=int, default=1_000_000, help="statements and pairs for bench/pages.py")
    parser.add_argument("--skip", default="", help="parts to leave out: match, index, pages")
    parser.add_argument("--raw-sample", type=int, default=5000)
    options = parser.parse_args()
    skip = {part.strip() for part in options.skip.split(",") if part.strip()}

    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    log_path = folder / f"all-{time.strftime('%Y%m%d-%H%M%S')}.log"
    matches, index, pages, failed = [], {}, [], []
    with log_path.open("w") as log:
        if "match" not in skip:
            for database in options.databases.split(","):
                for size in [int(n) for n in options.sizes.split(",")]:
                    args = ["bench/match.py", "--statements", str(size), "--database", database]
                    args += ["--raw-sample", str(options.raw_sample)]
                    lines, code = run_part(f"match {size} on {database}", args, log)
                    if code:
                        failed.append(f"match {size} on {database} (exit {code})")
                        continue
                    row = {"database": database, **last_line(lines, "engine="), **last_line(lines, "statements=")}
                    matches.append(row)
        if "index" not in skip:
            base = min(20_000, max(1000, options.vectors // 50))  # real sentences encoded; the rest derived
            args = ["bench/index.py", "--vectors", str(options.vectors), "--base", str(base)]
            lines, code = run_part("index", args, log)
            if code:
                failed.append(f"index (exit {code})")
            else:
                index = {**last_line(lines, "new_statement_vs_index "), **last_line(lines, "vectors=")}
        if "pages" not in skip:
            for database in ("sqlite", "postgres"):
                args = ["bench/pages.py", "--statements", str(options.pages), "--pairs", str(options.pages)]
                lines, code = run_part(f"pages on {database}", [*args, "--database", database], log)
                if code:
                    failed.append(f"pages on {database} (exit {code})")
                    continue
                rows = [fields(line) for line in lines if line.startswith("page=")]
                pages.append((database, {row["page"]: row.get("p95_ms", "?") for row in rows}))

    print("\n## Summary\n")
    if matches:
        print(
            "| database | statements | engine | pipeline/s | raw encode/s | speedup | match s | scored | "
            "peak GB | new statement ms | recall@10 |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for row in matches:
            print(
                f"| {row['database']} | {row.get('statements')} | {row.get('engine')} | {row.get('pipeline_per_s')} | "
                f"{row.get('raw_encode_per_s')} | {row.get('speedup')} | {row.get('match_s')} | "
                f"{row.get('scored')} | {row.get('peak_rss_gb')} | {row.get('new_vs_index_ms')} | "
                f"{row.get('recall_at_10')} |"
            )
    if index:
        print(
            f"\nindex: {index.get('vectors')} vectors, build {index.get('build_s')} s, query p50 "
            f"{index.get('query_p50_ms')} ms / p95 {index.get('query_p95_ms')} ms, exact "
            f"{index.get('exact_ms_per_query')} ms, recall@10 {index.get('recall_at_10')}, peak "
            f"{index.get('peak_rss_gb')} GB; one new statement: encode {index.get('encode_ms')} ms, search "
            f"{index.get('search_ms')} ms, score {index.get('score_ms')} ms ({index.get('scored')} pairs), "
            f"total {index.get('total_ms')} ms"
        )
    if pages:
        names = list(pages[0][1])
        print(f"\npages at {options.pages} statements and pairs, p95 ms:\n")
        print("| database | " + " | ".join(names) + " |")
        print("|---|" + "---|" * len(names))
        for database, p95 in pages:
            print(f"| {database} | " + " | ".join(p95.get(name, "?") for name in names) + " |")
    for part in failed:
        print(f"FAILED: {part}")
    print(f"\nfull output: {log_path.relative_to(ROOT)}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
