"""The small common face of the two backends: run a query, run a write transaction, translate
driver errors into StoreError. SQL is written once with `?` placeholders; PostgreSQL's adapter
rewrites them to `%s`, so statements must not contain a literal `?` or `%`.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from bp_tutor.progress.errors import StoreError, one_line

Row = tuple[Any, ...]


class Database(ABC):
    """One connection to a progress database; threads may share it (calls are serialised)."""

    #: "sqlite" or "postgresql": picks the dialect of the schema (bp_tutor.progress.schema).
    dialect: str
    #: Where the data lives, for messages (a file path, or a URL without its password).
    location: str

    def __init__(self) -> None:
        # Re-entrant: queries run inside a transaction from the same thread.
        self._lock = threading.RLock()

    @abstractmethod
    def _run(self, sql: str, params: Sequence[object]) -> list[Row]:
        """Run one statement and return its rows (empty for statements without a result)."""

    @abstractmethod
    def _write_transaction(self) -> AbstractContextManager[None]:
        """Begin a transaction that will write; commit on success, roll back on any exception."""

    @abstractmethod
    def _driver_errors(self) -> tuple[type[BaseException], ...]:
        """The driver's exception classes that mean "the database said no"."""

    @abstractmethod
    def table_names(self) -> set[str]:
        """Names of the tables in the database (in the current schema for PostgreSQL)."""

    @abstractmethod
    def lock_schema(self) -> None:
        """Inside a transaction: keep other processes from migrating at the same time."""

    @abstractmethod
    def _close(self) -> None: ...

    def query(self, action: str, sql: str, params: Sequence[object] = ()) -> list[Row]:
        """Run one statement on its own (autocommit); `action` names it in error messages."""
        with self._lock, self._translate_errors(action):
            return self._run(sql, params)

    @contextmanager
    def transaction(self, action: str) -> Iterator[Database]:
        """All `execute` calls inside the block commit together or not at all."""
        with self._lock, self._translate_errors(action), self._write_transaction():
            yield self

    def execute(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        """Run one statement inside `transaction()`."""
        return self._run(sql, params)

    def close(self) -> None:
        with self._lock:
            self._close()

    @contextmanager
    def _translate_errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except StoreError:
            raise
        except self._driver_errors() as error:
            raise StoreError(f"could not {action} in {self.location}: {one_line(str(error))}") from error
