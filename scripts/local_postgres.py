"""A local PostgreSQL server for tests and demos of the Dagster instance on PostgreSQL, from PyPI alone.

    .venv/bin/python scripts/local_postgres.py start [DIR]   # prints: export BILATERAL_DAGSTER_PG_URL=...
    .venv/bin/python scripts/local_postgres.py stop [DIR]

The server is `pgserver` (PostgreSQL 16 binaries inside a wheel, installed with the project), listening
on a Unix socket in DIR (default `.pgdata/`, git-ignored), never on a network port. It keeps running after
`start` returns, until `stop`. Running as root is fine: pgserver runs the server as an unprivileged user.
Where the wheel cannot run, Debian's server does the same job (`apt-get install postgresql`, then
`pg_ctlcluster 15 main start` and a URL with `host=/var/run/postgresql`).
"""

from __future__ import annotations

import sys
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parent.parent / ".pgdata"
URL_ENV = "BILATERAL_DAGSTER_PG_URL"


def start(folder: Path) -> str:
    """Start (or find running) the server whose data is in `folder`; returns its URL."""
    import pgserver

    folder.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(folder, cleanup_mode=None)  # None: left running when this process exits
    return sqlalchemy_url(str(server.get_uri()))


def sqlalchemy_url(url: str) -> str:
    """The URL with the driver dagster-postgres installs (psycopg2): SQLAlchemy 2.1 reads a bare
    `postgresql://` as psycopg 3, which the project does not install."""
    return url.replace("postgresql://", "postgresql+psycopg2://", 1) if url.startswith("postgresql://") else url


def stop(folder: Path) -> None:
    import pgserver

    pgserver.get_server(folder, cleanup_mode="stop").cleanup()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("start", "stop"):
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    if argv[0] == "start":
        print(f"export {URL_ENV}='{start(folder)}'")
    else:
        stop(folder)
        print(f"stopped the PostgreSQL server of {folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
