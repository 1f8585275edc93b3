"""The teacher's dashboard: the class at a glance, refreshed every few seconds, and one student's
details on Enter. The numbers come from a source object (bp_tutor.classroom.dashboard_app);
these screens only lay them out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar, Protocol

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from bp_tutor.ui.i18n import has_key, t
from bp_tutor.ui.widgets.classroom_table import ClassroomTable, TableLike
from bp_tutor.ui.widgets.footer import TutorFooter

REFRESH_SECONDS = 3.0
CLASS_TABLES = ("connected", "topics", "misconceptions", "students")
STUDENT_TABLES = ("lessons", "mastery", "recent")
# Rows of these tables are students: Enter opens their details.
STUDENT_ROWS = ("connected", "students")


class DashboardSource(Protocol):
    """Where the dashboard reads from."""

    def class_tables(self) -> Sequence[TableLike]: ...
    def student_tables(self, student: str) -> Sequence[TableLike]: ...


def _translated(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    out = {}
    for key, active in bindings.items():
        text_key = f"classroom.key.{active.binding.id}"
        if active.binding.id and has_key(text_key):
            binding = active.binding
            active = active._replace(
                binding=Binding(
                    binding.key,
                    binding.action,
                    t(text_key),
                    show=binding.show,
                    priority=binding.priority,
                    id=binding.id,
                )
            )
        out[key] = active
    return out


class _TablesScreen(Screen[None]):
    """A column of tables that refreshes itself."""

    TABLE_IDS: tuple[str, ...] = ()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return _translated(super().active_bindings)

    def __init__(self, source: DashboardSource) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        yield Static(self.heading(), id="classroom-heading")
        with VerticalScroll(id="classroom-body"):
            for table_id in self.TABLE_IDS:
                yield ClassroomTable(table_id)
        yield Static("", id="classroom-status")
        yield TutorFooter()

    def heading(self) -> str:
        return t("classroom.title")

    def on_mount(self) -> None:
        self.reload()
        self.set_interval(REFRESH_SECONDS, self.reload)

    def fetch(self) -> Sequence[TableLike]:
        raise NotImplementedError

    def reload(self) -> None:
        status = self.query_one("#classroom-status", Static)
        try:
            tables = self.fetch()
        except Exception as error:  # the database may be briefly unreachable: keep the last view
            status.update(t("classroom.error", error=str(error)))
            return
        for data in tables:
            self.query_one(f"#section-{data.id}", ClassroomTable).show(data)
        status.update(self.status_line(tables))

    def status_line(self, tables: Sequence[TableLike]) -> str:
        return datetime.now().strftime("%H:%M:%S")

    def table(self, table_id: str) -> ClassroomTable:
        return self.query_one(f"#section-{table_id}", ClassroomTable)


class ClassroomDashboardScreen(_TablesScreen):
    """Connected students, class mastery per topic, frequent mistakes and the gradebook."""

    TABLE_IDS = CLASS_TABLES
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+q", "quit", "Quit", id="quit_anywhere", show=False, priority=True),
    ]

    def fetch(self) -> Sequence[TableLike]:
        return self.source.class_tables()

    def on_mount(self) -> None:
        super().on_mount()
        # The keys go to a table of students from the start: arrows and Enter open one.
        tables = [self.table(table_id).data_table for table_id in STUDENT_ROWS]
        next((table for table in tables if table.row_count), tables[-1]).focus()

    def status_line(self, tables: Sequence[TableLike]) -> str:
        by_id = {data.id: data for data in tables}
        return t(
            "classroom.updated",
            connected=len(by_id["connected"].rows) if "connected" in by_id else 0,
            students=len(by_id["students"].rows) if "students" in by_id else 0,
            time=datetime.now().strftime("%H:%M:%S"),
        )

    def action_refresh(self) -> None:
        self.reload()

    def action_quit(self) -> None:
        self.app.exit()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        section = event.data_table.parent
        if not isinstance(section, ClassroomTable) or section.table_id not in STUDENT_ROWS:
            return
        student = section.selected_key()
        if student:
            event.stop()
            self.app.push_screen(ClassroomStudentScreen(self.source, student))


class ClassroomStudentScreen(_TablesScreen):
    """One student: lessons, mastery per topic, recent attempts."""

    TABLE_IDS = STUDENT_TABLES
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back"),
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("q", "quit", "Quit", id="quit"),  # as on the class's screen
        Binding("ctrl+q", "quit", "Quit", id="quit_anywhere", show=False, priority=True),
    ]

    def __init__(self, source: DashboardSource, student: str) -> None:
        super().__init__(source)
        self.student = student

    def heading(self) -> str:
        return t("classroom.student.title", student=self.student)

    def fetch(self) -> Sequence[TableLike]:
        return self.source.student_tables(self.student)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_refresh(self) -> None:
        self.reload()

    def action_quit(self) -> None:
        self.app.exit()
