"""Ctrl-C during `train` ends the run cleanly: a summary of what was trained, status 130."""

from __future__ import annotations

import re
import signal
import subprocess
import sys

import pytest

from bp_tutor.cli import main
from tests.cli.test_trace_and_train import REPO

STEPS_PER_EPOCH = 45  # digits: 1438 training samples in batches of 32


def _interrupt_after_first_epoch(*options: str) -> subprocess.CompletedProcess[str]:
    """Train digits for far longer than the test waits, and press Ctrl-C (SIGINT, as a terminal
    sends it) once the first epoch has been reported."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bp_tutor", "train", "--dataset", "digits", "--epochs", "5000",
         *options], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stderr.readline() if process.stderr else ""
        assert re.match(r"(epoch|第) 1/5000", first), first
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        process.kill()
    return subprocess.CompletedProcess(process.args, process.returncode, out, first + err)


def test_ctrl_c_prints_what_was_trained_and_exits_130():
    result = _interrupt_after_first_epoch()
    assert result.returncode == 130
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr
    lines = result.stdout.splitlines()
    stopped = re.fullmatch(r"interrupted during epoch (\d+) of 5000, after (\d+) steps in "
                           r"\d+\.\d\d s", lines[-2])
    assert stopped, lines[-2]
    epoch, steps = int(stopped[1]), int(stopped[2])
    assert (epoch - 1) * STEPS_PER_EPOCH <= steps <= epoch * STEPS_PER_EPOCH
    numbers = re.fullmatch(r"after epoch (\d+): loss [\d.e+-]+, train accuracy \d+\.\d%, "
                           r"test accuracy \d+\.\d%", lines[-1])
    assert numbers, lines[-1]
    assert int(numbers[1]) == epoch - 1 >= 1
    assert "training loss per epoch" in result.stdout  # the curve of the epochs finished
    assert "done in" not in result.stdout


def test_ctrl_c_in_chinese_without_the_plot():
    result = _interrupt_after_first_epoch("--no-plot", "--lang", "zh")
    assert result.returncode == 130
    lines = result.stdout.splitlines()
    assert len(lines) == 4  # the two header lines, then the summary's two
    assert re.fullmatch(r"训练在第 \d+ 轮（共 5000 轮）中途被中断，已训练 \d+ 步，用时 \d+\.\d\d 秒",
                        lines[2]), lines[2]
    assert re.fullmatch(r"第 \d+ 轮结束时：损失 [\d.e+-]+，训练准确率 \d+\.\d%，测试准确率 \d+\.\d%",
                        lines[3]), lines[3]
    assert "Traceback" not in result.stderr


def _ctrl_c_after(monkeypatch: pytest.MonkeyPatch, steps: int) -> None:
    """Trainer.run_epoch takes `steps` steps of the first epoch, then the user presses Ctrl-C."""
    from bp_tutor.nn import Trainer

    def interrupted_epoch(self: Trainer) -> None:
        for _ in range(steps):
            self.step()
        raise KeyboardInterrupt

    monkeypatch.setattr(Trainer, "run_epoch", interrupted_epoch)


def test_ctrl_c_within_the_first_epoch_measures_the_weights_as_they_are(monkeypatch, capsys):
    _ctrl_c_after(monkeypatch, 3)
    assert main(["train", "--dataset", "blobs", "--epochs", "4"]) == 130
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2].startswith("interrupted during epoch 1 of 4, after 3 steps in ")
    assert re.fullmatch(r"no epoch finished: loss [\d.]+ \(mean of the 3 steps\), train accuracy "
                        r"\d+\.\d%, test accuracy \d+\.\d%", lines[-1]), lines[-1]
    assert "training loss per epoch" not in "\n".join(lines)  # no epoch: no curve


def test_ctrl_c_before_the_first_step(monkeypatch, capsys):
    _ctrl_c_after(monkeypatch, 0)
    assert main(["train", "--dataset", "xor", "--lang", "zh"]) == 130
    assert capsys.readouterr().out.splitlines()[-1] == "训练在第一步之前被中断，什么也没有训练"
