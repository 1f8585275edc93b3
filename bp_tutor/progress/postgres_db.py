"""The PostgreSQL backend, for a classroom sharing one store (psycopg 3, an optional extra).

Connections run in autocommit mode; writes go through `connection.transaction()`. PostgreSQL
commits are durable on return with the server's default synchronous_commit=on. Migrations take a
transaction-scoped advisory lock so several students connecting to a fresh database at once
upgrade it exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bp_tutor.progress.database import Database, Row
from bp_tutor.progress.errors import StoreError, one_line

PSYCOPG_MISSING = "PostgreSQL support needs psycopg: pip install 'bp-tutor[postgres]'"
CONNECT_TIMEOUT_SECONDS = 10
# Any fixed 64-bit number works, as long as nothing else in the database uses it.
MIGRATION_LOCK_KEY = 0x0B9_7070_5C4E_3A01


class PostgresDatabase(Database):
    dialect = "postgresql"

    def __init__(self, connection: Any, location: str) -> None:
        super().__init__()
        self._connection = connection
        self.location = location

    def _run(self, sql: str, params: Sequence[object]) -> list[Row]:
        cursor = self._connection.execute(sql.replace("?", "%s"), tuple(params))
        return list(cursor.fetchall()) if cursor.description else []

    @contextmanager
    def _write_transaction(self) -> Iterator[None]:
        with self._connection.transaction():
            yield

    def _driver_errors(self) -> tuple[type[BaseException], ...]:
        import psycopg

        return (psycopg.Error,)

    def table_names(self) -> set[str]:
        rows = self.query(
            "list the tables",
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
        )
        return {row[0] for row in rows}

    def lock_schema(self) -> None:
        self.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK_KEY,))

    def _close(self) -> None:
        self._connection.close()


def connect_postgres(url: str) -> PostgresDatabase:
    """Connect to the server named by `url`; StoreError (one line, no password) if that fails."""
    try:
        import psycopg
    except ImportError as error:
        raise StoreError(PSYCOPG_MISSING) from error
    location = redact_password(url)
    try:
        connection = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS)
    except psycopg.Error as error:
        raise StoreError(f"cannot connect to PostgreSQL at {location}: {one_line(str(error))}") from error
    return PostgresDatabase(connection, location)


def redact_password(url: str) -> str:
    """The URL with any password replaced by ***, fit for a message or a log."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        host = parts.hostname or ""
        if parts.port is not None:
            host = f"{host}:{parts.port}"
        netloc = f"{parts.username or ''}:***@{host}"
        return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return "the given PostgreSQL URL"
