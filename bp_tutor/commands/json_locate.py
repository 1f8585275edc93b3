"""Find where a field of a JSON document starts, so an error can say file:line:column."""

from __future__ import annotations

import json
import re

_PATH_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
_WS = re.compile(r"[ \t\r\n]*")
_decoder = json.JSONDecoder()


def parse_field(field: str) -> list[str | int]:
    """'layers[1].activation' -> ['layers', 1, 'activation']"""
    return [name if name else int(index) for name, index in _PATH_PART.findall(field)]


def _skip_ws(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    return match.end() if match else pos


def _skip_value(text: str, pos: int) -> int:
    """Position just after the JSON value starting at `pos`."""
    _, end = _decoder.raw_decode(text, pos)
    return int(end)


def _find(text: str, pos: int, path: list[str | int]) -> int | None:
    pos = _skip_ws(text, pos)
    if not path:
        return pos
    head, rest = path[0], path[1:]
    if isinstance(head, str) and text.startswith("{", pos):
        pos = _skip_ws(text, pos + 1)
        while pos < len(text) and text[pos] != "}":
            key, pos = _decoder.raw_decode(text, pos)
            pos = _skip_ws(text, pos)
            pos = _skip_ws(text, pos + 1)  # the ':'
            if key == head:
                return _find(text, pos, rest)
            pos = _skip_ws(text, _skip_value(text, pos))
            if text.startswith(",", pos):
                pos = _skip_ws(text, pos + 1)
        return None
    if isinstance(head, int) and text.startswith("[", pos):
        pos = _skip_ws(text, pos + 1)
        for _ in range(head):
            if text.startswith("]", pos):
                return None
            pos = _skip_ws(text, _skip_value(text, pos))
            if not text.startswith(",", pos):
                return None
            pos = _skip_ws(text, pos + 1)
        return None if text.startswith("]", pos) else _find(text, pos, rest)
    return None


def locate(text: str, field: str) -> tuple[int, int] | None:
    """1-based (line, column) where the value of `field` starts in the JSON `text`, if found.

    A field that is missing from the document is located at its parent (or not at all).
    """
    path = parse_field(field)
    try:
        while path:
            offset = _find(text, 0, path)
            if offset is not None:
                break
            path = path[:-1]
        else:
            return None
    except (json.JSONDecodeError, IndexError):
        return None
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
