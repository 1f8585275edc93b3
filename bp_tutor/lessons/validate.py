"""`bp-tutor check`: every rule of the lesson format, applied to a whole lesson folder.

A folder is either a library (language folders such as `en/` and `zh/` side by side, plus
`presets/`) or a single language folder. Problems come back sorted by file and line; nothing here
raises on bad lessons.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bp_tutor.lessons import schema
from bp_tutor.lessons.analysis import LessonAnalysis, analyse_lesson
from bp_tutor.lessons.loader import NOT_LANGUAGES, available_languages, lesson_files
from bp_tutor.lessons.numbers import Evaluator, check_number
from bp_tutor.lessons.preset_traces import PresetError, PresetTraces
from bp_tutor.lessons.problems import Problem
from bp_tutor.lessons.source import RawBlock
from bp_tutor.textfile import UnreadableFileError, read_text

BASE_LANGUAGE = "en"

LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    lessons: int = 0  # lesson files checked, over all languages

    def summary(self) -> str:
        n = len(self.problems)
        return (
            f"{self.lessons} lesson{'s' if self.lessons != 1 else ''} in"
            f" {len(self.languages)} language{'s' if len(self.languages) != 1 else ''}"
            f" ({', '.join(self.languages) or 'none'}), {n} problem{'s' if n != 1 else ''}"
        )


def preset_folders(root: Path) -> list[Path]:
    """Where presets are looked up: beside the language folders, then the shipped ones."""
    from bp_tutor.paths import presets_dir

    return [root / "presets", root.parent / "presets", presets_dir()]


def language_folders(root: Path) -> dict[str, Path]:
    """`root`'s language folders, or `root` itself when it directly holds lesson files."""
    languages = available_languages(root)
    if languages:
        return {lang: root / lang for lang in languages}
    if root.is_dir() and root.name not in NOT_LANGUAGES and any(root.glob("*.md")):
        return {root.name: root}
    return {}


def validate_folder(
    root: Path,
    *,
    evaluate: Evaluator | None = None,
    quiz_kinds: Collection[str] | None = None,
) -> list[Problem]:
    """Every problem in the lessons under `root` (see `check_library`)."""
    return check_library(root, evaluate=evaluate, quiz_kinds=quiz_kinds).problems


def check_library(
    root: Path,
    *,
    evaluate: Evaluator | None = None,
    quiz_kinds: Collection[str] | None = None,
    presets: Sequence[Path] | None = None,
    known_ids: Mapping[str, Collection[str]] | None = None,
) -> CheckReport:
    """Check `root` and say how much was checked.

    `evaluate` computes the arithmetic of `{{ EXPR = NUMBER }}` (the quiz answer language's
    `evaluate_expression`); without it those numbers are reported as unchecked. `quiz_kinds`
    defaults to the list in the format description. `known_ids` (language -> ids) are lessons
    outside `root` that a prerequisite may name: the shipped ones, for a teacher's folder that is
    added to them.
    """
    report = CheckReport()
    folders = language_folders(root)
    if not folders:
        report.problems.append(Problem(root, 0, "no lesson files (*.md) here or in en/, zh/, ..."))
        return report
    kinds = quiz_kinds if quiz_kinds is not None else schema.QUIZ_KINDS
    traces = PresetTraces(presets if presets is not None else preset_folders(root))
    by_language: dict[str, list[LessonAnalysis]] = {}
    for lang, folder in folders.items():
        analyses = [_analyse_file(path, kinds, report) for path in lesson_files(folder)]
        by_language[lang] = [a for a in analyses if a is not None]
        report.lessons += len(analyses)
        for analysis in by_language[lang]:
            _check_file_name(analysis)
            _check_presets(analysis, traces)
            _check_numbers(analysis, evaluate, traces)
            report.problems.extend(analysis.problems)
        outside = frozenset(known_ids.get(lang, ())) if known_ids is not None else frozenset()
        report.problems.extend(_check_ids_and_prerequisites(by_language[lang], outside))
    report.languages = list(folders)
    report.problems.extend(_check_parity(by_language, root))
    report.problems.sort(key=lambda p: (str(p.path), p.line, -1 if p.column is None else p.column))
    return report


def _analyse_file(path: Path, kinds: Collection[str], report: CheckReport) -> LessonAnalysis | None:
    try:
        text = read_text(path)
    except UnreadableFileError as exc:
        report.problems.append(Problem(path, 1, exc.reason))
        return None
    return analyse_lesson(path, text, kinds)


def _check_file_name(analysis: LessonAnalysis) -> None:
    if schema.FILE_NAME.match(analysis.path.name) is None:
        analysis.add(1, "the file name must start with a two-digit order, like 01-derivatives.md")


def _check_presets(analysis: LessonAnalysis, traces: PresetTraces) -> None:
    for block in analysis.blocks():
        preset = block.attrs.get("preset")
        if preset is None or block.type not in ("network", "lab"):
            continue
        preset_column = block.attr_columns.get("preset")
        if traces.find(preset) is None:
            analysis.add(
                block.line,
                f"unknown preset '{preset}' (no {preset}.json in {traces.describe_folders()})",
                preset_column,
            )
            continue
        if block.type == "network":
            _check_show(analysis, block, traces, preset)


def _check_show(analysis: LessonAnalysis, block: RawBlock, traces: PresetTraces, preset: str) -> None:
    try:
        trace = traces.trace(preset)
    except PresetError as exc:
        analysis.add(block.line, str(exc), block.attr_columns.get("preset"))
        return
    column = block.attr_columns.get("show")
    offset = column + len("show=") if column is not None else None
    for name in block.attrs.get("show", "").split(","):
        if name and name not in trace:
            known = ", ".join(trace.names())
            analysis.add(
                block.line,
                f"'{name}' is not in the trace of preset '{preset}' (it has: {known})",
                offset,
            )
        if offset is not None:
            offset += len(name) + 1


def _check_numbers(analysis: LessonAnalysis, evaluate: Evaluator | None, traces: PresetTraces) -> None:
    for ref in analysis.numbers:
        issue = check_number(ref, evaluate, traces)
        if issue is None:
            continue
        column = ref.column if issue.offset is None else ref.expr_column + issue.offset
        analysis.add(ref.line, issue.message, column)


def _check_ids_and_prerequisites(
    analyses: list[LessonAnalysis], outside: Collection[str] = frozenset()
) -> list[Problem]:
    problems: list[Problem] = []
    owners: dict[str, LessonAnalysis] = {}
    for analysis in analyses:
        lesson_id = analysis.header.get("id")
        if not isinstance(lesson_id, str):
            continue
        if lesson_id in owners:
            problems.append(
                analysis.problem(
                    analysis.header_line("id"),
                    f"id '{lesson_id}' is already used by {owners[lesson_id].path.name}",
                )
            )
        else:
            owners[lesson_id] = analysis
    graph: dict[str, list[str]] = {}
    for lesson_id, analysis in owners.items():
        prerequisites = analysis.header.get("prerequisites")
        if not schema.is_str_list(prerequisites):
            continue
        assert isinstance(prerequisites, list)
        graph[lesson_id] = []
        for name in prerequisites:
            if name == lesson_id:
                problems.append(
                    analysis.problem(
                        analysis.header_line("prerequisites"),
                        f"lesson '{lesson_id}' lists itself as a prerequisite",
                    )
                )
            elif name not in owners and name not in outside:
                where = "this folder or the shipped lessons" if outside else "this folder"
                candidates = set(outside) | set(owners)
                problems.append(
                    analysis.problem(
                        analysis.header_line("prerequisites"),
                        f"prerequisite '{name}' is not the id of any lesson in {where}"
                        f"{schema.suggest(name, candidates)}",
                    )
                )
            else:
                graph[lesson_id].append(name)
    for cycle in find_cycles(graph):
        first = owners[cycle[0]]
        problems.append(
            first.problem(
                first.header_line("prerequisites"),
                "prerequisites form a cycle: " + " -> ".join([*cycle, cycle[0]]),
            )
        )
    return problems


def find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle of the prerequisite graph once, starting from its first node in `graph` order."""
    order = {node: i for i, node in enumerate(graph)}
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    path: list[str] = []
    seen: set[frozenset[str]] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt) :]
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    start = min(range(len(cycle)), key=lambda i: order[cycle[i]])
                    cycles.append(cycle[start:] + cycle[:start])
            elif state.get(nxt) is None:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node)
    return cycles


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _block_text(block: RawBlock) -> str:
    attrs = " ".join(f"{k}={v}" for k, v in block.attrs.items())
    return f"::: {block.type}" + (f" {attrs}" if attrs else "")


def _check_parity(by_language: dict[str, list[LessonAnalysis]], root: Path) -> list[Problem]:
    """Every language has the same lessons, with the same steps and blocks, as the base one."""
    if len(by_language) < 2:
        return []
    base_lang = BASE_LANGUAGE if BASE_LANGUAGE in by_language else next(iter(by_language))

    def ids(lang: str) -> dict[str, LessonAnalysis]:
        found: dict[str, LessonAnalysis] = {}
        for a in by_language[lang]:
            lesson_id = a.header.get("id")
            if isinstance(lesson_id, str) and lesson_id not in found:
                found[lesson_id] = a
        return found

    def shown(a: LessonAnalysis) -> str:
        try:
            return str(a.path.relative_to(root))
        except ValueError:
            return str(a.path)

    problems: list[Problem] = []
    base = ids(base_lang)
    for lang in by_language:
        if lang == base_lang:
            continue
        other = ids(lang)
        name = LANGUAGE_NAMES.get(lang, lang)
        for lesson_id, a in base.items():
            if lesson_id not in other:
                problems.append(
                    a.problem(
                        a.header_line("id"),
                        f"lesson '{lesson_id}' has no {name} version in {lang}/",
                    )
                )
        for lesson_id, b in other.items():
            a_or_none = base.get(lesson_id)
            if a_or_none is None:
                problems.append(
                    b.problem(
                        b.header_line("id"),
                        f"lesson '{lesson_id}' is not in {base_lang}/ (every lesson exists"
                        f" in {base_lang}/ first)",
                    )
                )
                continue
            problems.extend(_compare(a_or_none, b, shown(a_or_none)))
    return problems


def _compare(base: LessonAnalysis, other: LessonAnalysis, base_shown: str) -> list[Problem]:
    problems: list[Problem] = []
    if base.path.name != other.path.name:
        problems.append(
            other.problem(
                1,
                f"this lesson is {base_shown} in the base language: use the same file name, {base.path.name}",
            )
        )
    if len(base.steps) != len(other.steps):
        problems.append(
            other.problem(
                1,
                f"this lesson has {_count(len(other.steps), 'step')} but {base_shown} has"
                f" {len(base.steps)} (steps are separated by '---' lines)",
            )
        )
    base_blocks, other_blocks = base.blocks(), other.blocks()
    for index, (a, b) in enumerate(zip(base_blocks, other_blocks, strict=False)):
        if a.signature() != b.signature():
            problems.append(
                other.problem(
                    b.line,
                    f"block {index + 1} is '{_block_text(b)}' but in"
                    f" {base_shown}:{a.line} it is '{_block_text(a)}'",
                )
            )
            return problems
    if len(base_blocks) > len(other_blocks):
        missing = base_blocks[len(other_blocks)]
        problems.append(
            other.problem(
                1,
                f"this lesson has {_count(len(other_blocks), 'block')} but {base_shown} has"
                f" {len(base_blocks)}; the first missing one is"
                f" '{_block_text(missing)}' ({base_shown}:{missing.line})",
            )
        )
    elif len(other_blocks) > len(base_blocks):
        extra = other_blocks[len(base_blocks)]
        problems.append(
            other.problem(
                extra.line,
                f"this block is not in {base_shown}, which has {_count(len(base_blocks), 'block')}",
            )
        )
    return problems
