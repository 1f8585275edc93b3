"""A titled DataTable for the teacher's dashboard, refilled in place on every refresh."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static


class TableLike(Protocol):
    """What the dashboard gets to show: `bp_tutor.classroom.dashboard_view.TableData`."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def columns(self) -> Sequence[str]: ...
    @property
    def rows(self) -> Sequence[Sequence[str]]: ...
    @property
    def keys(self) -> Sequence[str]: ...


class ClassroomTable(Vertical):
    """Title line and table; `show` replaces the rows and keeps the cursor on the same key."""

    DEFAULT_CSS = """
    ClassroomTable { height: auto; margin-bottom: 1; }
    ClassroomTable > .classroom-table-title { text-style: bold; color: $accent; }
    ClassroomTable > DataTable { height: auto; max-height: 16; }
    """

    def __init__(self, table_id: str) -> None:
        super().__init__(id=f"section-{table_id}")
        self.table_id = table_id
        self._columns: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("", classes="classroom-table-title")
        table: DataTable[str] = DataTable(id=f"table-{self.table_id}", cursor_type="row", zebra_stripes=True)
        yield table

    @property
    def data_table(self) -> DataTable[str]:
        return self.query_one(DataTable)

    def show(self, data: TableLike) -> None:
        self.query_one(".classroom-table-title", Static).update(data.title)
        table = self.data_table
        keep = self.selected_key()
        columns = tuple(data.columns)
        if columns != self._columns:
            table.clear(columns=True)
            table.add_columns(*columns)
            self._columns = columns
        else:
            table.clear()
        seen: set[str] = set()
        for key, row in zip(data.keys, data.rows, strict=True):
            # Two sessions of one student share a name; row keys must be unique.
            unique = key if key not in seen else f"{key}#{len(seen)}"
            seen.add(unique)
            table.add_row(*row, key=unique)
        if keep is not None and keep in seen:
            table.move_cursor(row=table.get_row_index(keep))

    def selected_key(self) -> str | None:
        table = self.data_table
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:
            return None
        return None if key is None else key.split("#", 1)[0]

    def row_texts(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row (for tests and for copying)."""
        table = self.data_table
        return [tuple(str(cell) for cell in table.get_row_at(index)) for index in range(table.row_count)]
