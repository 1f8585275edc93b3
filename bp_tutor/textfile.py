"""Reading a file the user named (a lesson, a preset, a key or password file) as UTF-8 text.

Standard library only, so every layer may use it, the engine included. A file that cannot be read
raises one error type, whatever the cause (missing, a folder, no permission, not UTF-8), and its
message names the file and says why: callers turn it into their own kind of report.
"""

from __future__ import annotations

import codecs
from pathlib import Path


class UnreadableFileError(OSError):
    """`path` could not be read as UTF-8 text; `reason` says why, str() says which file too."""

    def __init__(self, path: Path, reason: str, errno: int | None = None) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.errno = errno  # the system's code (ENOENT, EISDIR, ...); None for bad bytes

    def __reduce__(self) -> tuple[type[UnreadableFileError], tuple[Path, str, int | None]]:
        # An exception is rebuilt from its args on unpickling; ours are not __init__'s.
        return type(self), (self.path, self.reason, self.errno)


def read_text(path: Path) -> str:
    """The whole file as UTF-8 text, or UnreadableFileError. A byte-order mark (some Windows
    editors write one) is dropped: it is not part of the text."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        # The decoder counts from after a byte-order mark; the offset given counts from the start.
        offset = error.start + (len(codecs.BOM_UTF8) if _starts_with_bom(path) else 0)
        raise UnreadableFileError(
            path, f"not UTF-8 text ({error.reason} at byte {offset})") from None
    except OSError as error:
        raise UnreadableFileError(path, f"cannot read the file ({error.strerror or error})",
                                  error.errno) from None


def _starts_with_bom(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8
    except OSError:
        return False
