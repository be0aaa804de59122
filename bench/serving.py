"""What the benchmarks that serve the app share: a production-like environment, the subprocess
runner and the wait for the server to answer."""

import os
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_env(database_url: str) -> dict:
    """The caller's environment without its DJANGO_ settings, as in production (DEBUG off), on
    loopback, against `database_url`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-secret-key-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="ERROR",
        DATABASE_URL=database_url,
    )
    return env


def run(args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, text=True, **kwargs)


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"server at {url} did not come up")
