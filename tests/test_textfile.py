"""The one reader for files the user names: UTF-8 text, or an error naming the file and why."""

import errno
import pickle
from pathlib import Path

import pytest

from bp_tutor.textfile import UnreadableFileError, read_text


def test_utf8_text_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "lesson.md"
    path.write_bytes("反向传播: δ = ∂L/∂z\n".encode())
    assert read_text(path) == "反向传播: δ = ∂L/∂z\n"


def test_bytes_that_are_not_utf8_are_named_with_their_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("caf\u00e9".encode("latin-1"))  # é is the single byte 0xE9 at offset 3
    with pytest.raises(UnreadableFileError) as info:
        read_text(path)
    assert info.value.path == path
    assert info.value.reason == "not UTF-8 text (unexpected end of data at byte 3)"
    assert str(info.value) == f"{path}: not UTF-8 text (unexpected end of data at byte 3)"
    assert info.value.errno is None  # bad bytes are not a system error


@pytest.mark.parametrize(("make", "why", "code"), [
    (lambda p: None, "No such file or directory", errno.ENOENT),
    (lambda p: p.mkdir(), "Is a directory", errno.EISDIR),
])
def test_a_file_that_cannot_be_opened_says_why(tmp_path: Path, make, why: str, code: int) -> None:
    path = tmp_path / "spec.json"
    make(path)
    with pytest.raises(UnreadableFileError, match=rf"spec.json: cannot read the file \({why}\)"
                       ) as info:
        read_text(path)
    assert info.value.errno == code  # callers may still ask which system error it was
    with pytest.raises(OSError):  # callers that catch OSError keep working
        read_text(path)


def test_the_error_survives_pickling_whole(tmp_path: Path) -> None:
    """A worker process that hits the error can send it back (exceptions travel pickled)."""
    with pytest.raises(UnreadableFileError) as info:
        read_text(tmp_path / "missing.json")
    copy = pickle.loads(pickle.dumps(info.value))
    assert isinstance(copy, UnreadableFileError)
    assert (copy.path, copy.reason, copy.errno, str(copy)) == (
        info.value.path, info.value.reason, errno.ENOENT, str(info.value))


def test_a_byte_order_mark_is_not_part_of_the_text(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_bytes(b"\xef\xbb\xbf{\"loss\": \"mse\"}\r\n")  # as Notepad saves it
    assert read_text(path) == '{"loss": "mse"}\n'
    path.write_bytes(b"\xef\xbb\xbfcaf\xe9")  # the bad byte is the 7th of the file
    with pytest.raises(UnreadableFileError, match=r"at byte 6\)$"):
        read_text(path)
