"""`trace` and `train` in Chinese: the same numbers as in English, no English prose left, JSON the
same whatever the language, and columns aligned by display width."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bp_tutor.cells import cell_width
from bp_tutor.cli import main

PRESETS = ["toy-452", "neuron", "dense", "xor", "blobs", "moons", "spiral", "digits"]

# A softmax output under MSE (its δ goes through the Jacobian, "per sample"), a LeakyReLU layer
# and weight decay: every kind of formula text the engine writes.
JACOBIAN_SPEC = {
    "layers": [{"units": 3, "activation": "leaky_relu", "alpha": 0.1},
               {"units": 2, "activation": "softmax"}],
    "loss": "mse", "weight_decay": 0.01, "x": [[0.5, -1.0], [1.5, 0.25]], "y": [[1, 0], [0, 1]],
    "seed": 3,
}

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?")
# Names that are mathematics or identifiers, not prose: functions in formulas, the activations
# and datasets a description names, and what a user types (preset and spec file names).
MATH_AND_NAMES = {"softmax", "sigmoid", "tanh", "ReLU", "LeakyReLU", "ln", "diag", "xW", "XOR",
                  "NaN", "jacobian", *(name for preset in PRESETS for name in preset.split("-"))}


def _spec_file(tmp_path: Path) -> str:
    path = tmp_path / "jacobian.json"
    path.write_text(json.dumps(JACOBIAN_SPEC), encoding="utf-8")
    return str(path)


def _output(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _without_description(handout: str) -> str:
    """The handout without its preset description (the paragraph after the title): prose that
    counts in words ("two inputs") in one language may count in digits in the other."""
    paragraphs = handout.split("\n\n")
    if paragraphs[1].startswith(("Batches are rows", "批量按行排列")):
        return handout
    return "\n\n".join(paragraphs[:1] + paragraphs[2:])


def english_prose(text: str) -> list[str]:
    """ASCII words of two letters or more outside code (formulas, matrices), options and the
    names in MATH_AND_NAMES: what should not be in a Chinese text."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"--[a-z]+(?: (?:markdown|json|text|\d+))?", "", text)
    return [word for word in re.findall(r"[A-Za-z]{2,}", text) if word not in MATH_AND_NAMES]


@pytest.mark.parametrize("spec", [*PRESETS, "jacobian"])
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_every_number_in_chinese_is_the_english_one_at_the_same_place(capsys, tmp_path, spec,
                                                                      fmt):
    spec = _spec_file(tmp_path) if spec == "jacobian" else spec
    args = ["trace", spec, "--format", fmt, "--gradcheck", "--width", "0"]
    en_status, english, _ = _output(capsys, *args, "--lang", "en")
    zh_status, chinese, _ = _output(capsys, *args, "--lang", "zh")
    assert en_status == zh_status
    if fmt == "markdown":
        english, chinese = _without_description(english), _without_description(chinese)
    assert NUMBER.findall(chinese) == NUMBER.findall(english)
    assert len(NUMBER.findall(english)) > 20


@pytest.mark.parametrize("spec", [*PRESETS, "jacobian"])
def test_the_chinese_handout_has_no_english_prose(capsys, tmp_path, spec):
    spec = _spec_file(tmp_path) if spec == "jacobian" else spec
    status, handout, _ = _output(capsys, "trace", spec, "--format", "markdown", "--gradcheck",
                                 "--lang", "zh")
    assert status in (0, 1)  # 1: a gradient check that found something
    assert english_prose(handout) == []
    for english in ("Step", "uses", "per sample", "layer", "scalar", "Gradient check",
                    "relative error", "correct", "worked example"):
        assert english not in handout


def test_the_chinese_handout_reads_as_a_chinese_worked_example(capsys):
    status, handout, _ = _output(capsys, "trace", "toy-452", "--format", "markdown",
                                 "--gradcheck", "--lang", "zh")
    assert status == 0
    lines = handout.splitlines()
    assert lines[0] == "# 反向传播算例：toy-452"
    assert lines[2].startswith("四个输入，五个 sigmoid 隐藏单元，两个 softmax 输出，交叉熵")
    assert lines[4].startswith("批量按行排列：x 的每一行是一个样本。")
    assert "保留 4 位小数" in lines[4]
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == ["## 输入与参数", "## 前向传播", "## 损失", "## 反向传播", "## 梯度检验"]
    assert "**x** (2×4)：输入批量，每行一个样本" in lines
    assert "**W²** (5×2)：第 2 层的权重" in lines
    assert "**第 1 步：** `z¹ = xW¹ + b¹` — 用到 x、W¹、b¹" in lines
    assert "| 梯度 | 相对误差 | 结论 |" in lines
    assert sum(line.startswith("| ∂L/∂") and line.endswith("| 正确 |") for line in lines) == 4
    assert "这次传播的损失：**L = 0.659159**。" in lines


def test_the_per_sample_note_of_a_jacobian_is_translated(capsys, tmp_path):
    _, text, _ = _output(capsys, "trace", _spec_file(tmp_path), "--lang", "zh")
    assert "δ² = (1/N)·(diag(a²) − a²a²ᵀ)·(a² − y)   （逐样本）    (2×2)" in text
    _, handout, _ = _output(capsys, "trace", _spec_file(tmp_path), "--format", "markdown",
                            "--lang", "zh")
    # δ² reads a² for the loss's gradient and for the Jacobian: named once among what it uses.
    assert "`δ² = (1/N)·(diag(a²) − a²a²ᵀ)·(a² − y)   （逐样本）` — 用到 a²、y\n" in handout


def test_a_description_of_ones_own_is_kept_as_written(capsys, tmp_path):
    path = tmp_path / "own.json"
    path.write_text(json.dumps({**JACOBIAN_SPEC, "description": "Notre réseau à nous."}),
                    encoding="utf-8")
    _, handout, _ = _output(capsys, "trace", str(path), "--format", "markdown", "--lang", "zh")
    assert handout.splitlines()[2] == "Notre réseau à nous."


def test_every_shipped_preset_description_has_its_translation():
    """The handout translates a description only while it is word for word the English of the
    string table: a preset whose description was edited would silently lose its translation."""
    from bp_tutor.nn.presets import load_preset, preset_names
    from bp_tutor.ui.i18n import text_in

    for name in preset_names():
        key = f"trace.preset.{name}"
        assert load_preset(name).description == text_in("en", key), name
        assert text_in("zh", key) != text_in("en", key), name


@pytest.mark.parametrize("spec", ["toy-452", "digits", "jacobian"])
def test_json_is_byte_identical_in_every_language(capsys, tmp_path, spec):
    spec = _spec_file(tmp_path) if spec == "jacobian" else spec
    outputs = {lang: _output(capsys, "trace", spec, "--format", "json", "--gradcheck", "--lang",
                             lang) for lang in ("en", "zh")}
    assert outputs["en"][1] == outputs["zh"][1]
    assert outputs["en"][1].startswith('{"loss": ')
    assert "梯度检验" in outputs["zh"][2]  # the check itself goes to stderr, translated


def test_chinese_listing_keeps_the_rules_and_the_check_aligned(capsys, tmp_path):
    path = tmp_path / "kink.json"
    path.write_text(json.dumps({
        "layers": [{"units": 2, "activation": "relu"}, {"units": 2, "activation": "softmax"}],
        "loss": "cross_entropy", "x": [[1, 2]], "y": [[1, 0]],
        "weights": [[[1, 0.5], [-0.5, 0.2]], [[0.3, -0.2], [0.1, 0.4]]]}), encoding="utf-8")
    _, chinese, _ = _output(capsys, "trace", str(path), "--gradcheck", "--lang", "zh")
    _, english, _ = _output(capsys, "trace", str(path), "--gradcheck", "--lang", "en")
    for text in (chinese, english):
        rules = [line for line in text.splitlines() if line.startswith("── ")]
        assert len(rules) == 4 and {cell_width(rule) for rule in rules} == {64}
        rows = [line for line in text.splitlines() if line.startswith("  ∂L/∂")]
        assert len(rows) == 4
        # The relative errors start in one column of the screen (cells, not characters).
        starts = {cell_width(row[:NUMBER.search(row[8:]).start() + 8]) for row in rows}
        assert len(starts) == 1
        assert all(cell_width(line) <= 80 for line in text.splitlines())
    assert "  ∂L/∂W¹   相对误差  3.62e-01  在折点处" in chinese
    assert "z¹[1,1] = 0：这些 ReLU 输入离 0 很近" in chinese
    assert english_prose(chinese) == []


def test_chinese_errors_of_trace(capsys, tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"layers": [{"units": 2, "activation": "sigmoid"}], "loss": "mse",
                                "x": [[1, 1e308]], "y": [[0, 1]],
                                "weights": [[[1e308, 1e308], [1e308, 1e308]]]}), encoding="utf-8")
    status, _, err = _output(capsys, "trace", str(path), "--lang", "zh")
    assert status == 1
    assert err == "bp-tutor: z¹ 算出了无穷大或 NaN（z¹ = xW¹ + b¹）：规格中的数对 float64 来说太大了\n"
    status, _, err = _output(capsys, "trace", str(path), "--format", "json", "--lang", "zh")
    assert status == 1 and err == "bp-tutor: 这次传播产生了 NaN 或无穷大，JSON 无法表示\n"


def test_the_language_comes_from_the_locale_when_not_given(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    _, text, _ = _output(capsys, "trace", "neuron")
    assert text.startswith("── 输入与参数 ")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # LC_ALL decides before LANG
    _, text, _ = _output(capsys, "trace", "neuron")
    assert text.startswith("── Inputs and parameters ")


# -- train ----------------------------------------------------------------------------------


def test_train_in_chinese(capsys):
    status, out, err = _output(capsys, "train", "--preset", "xor", "--epochs", "3", "--lang",
                               "zh")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == "训练 2-4-1（tanh → sigmoid），数据集 xor（4 个样本，没有留出测试集）"
    assert lines[1] == "  binary_cross_entropy（mean），momentum η=0.5，批大小 4，3 轮，float64"
    assert lines[2].strip() == "每轮的训练损失"
    assert lines[-2].strip() == "轮"
    assert re.fullmatch(r"完成，用时 \d+\.\d\d 秒：损失 [\d.]+，训练准确率 \d+\.\d%", lines[-1])
    assert re.fullmatch(r"第 1/3 轮 损失 [\d.]+  训练准确率 \d+\.\d%", err.splitlines()[0])
    assert english_prose(out.replace("binary_cross_entropy", "").replace("momentum", "")
                         .replace("float64", "").replace("mean", "")) == []


def test_train_in_chinese_with_a_test_set_fits_80_columns(capsys):
    status, out, err = _output(capsys, "train", "--dataset", "digits", "--weight-decay", "0.001",
                               "--lr", "0.125", "--epochs", "1", "--no-plot", "--lang", "zh")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == "训练 64-64-10（relu → softmax），数据集 digits（训练集 1438 个，测试集 359 个）"
    assert lines[1] == ("  cross_entropy（mean），λ=0.001，momentum η=0.125，批大小 32，1 轮，"
                        "float64")
    assert max(cell_width(line) for line in lines) <= 80
    assert "，测试准确率 " in lines[-1]
    assert "  测试准确率 " in err


def test_the_plot_title_is_centred_in_cells():
    from bp_tutor.commands.train_cmd import loss_plot
    from bp_tutor.ui.i18n import text_in

    for lang in ("en", "zh"):
        def say(key: str, lang: str = lang, **fields: object) -> str:
            return text_in(lang, key, **fields)

        lines = loss_plot([1.0 / n for n in range(1, 11)], say=say).splitlines()
        frame = next(line for line in lines if "┌" in line)
        left, right = frame.index("┌"), frame.index("┐")
        title = lines[0]
        gap_left = cell_width(title) - cell_width(title.lstrip()) - left
        gap_right = right + 1 - cell_width(title)
        assert abs(gap_left - gap_right) <= 1, (lang, title)


def test_a_diverging_run_says_so_in_chinese():
    from tests.cli.test_trace_and_train import run_cli

    out = run_cli("train", "--preset", "toy-452", "--lr", "512", "--epochs", "300", "--no-plot",
                  "--lang", "zh")
    assert out.returncode == 1
    assert ("bp-tutor: 训练在第 200 步发散：最近 200 步损失的中位数是 70.21，超过开始时损失 0.6794 "
            "的 20 倍。学习率 512 可能太大，试试 51.2。权重已退回到初始值。") in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(("cause", "details", "restored"), [
    ("loss", {}, None),
    ("grew", {"start": 0.6931, "factor": 1000.0}, 0),
    ("weights", {}, 12),
    ("window", {"steps": 200, "factor": 20.0, "start": 0.6794}, 0),
])
def test_the_english_divergence_message_is_the_engines(cause, details, restored):
    """The command words a divergence from the string tables; in English that must stay what
    the engine itself says, which its tests pin."""
    from bp_tutor.commands.train_cmd import diverged_message
    from bp_tutor.nn import Diverged
    from bp_tutor.ui.i18n import text_in

    reasons = {
        "loss": "the loss became nan",
        "grew": "the loss grew from 0.6931 at the start to 3.418e+10, more than 1000 times as much",
        "weights": "the weights became NaN or infinite",
        "window": "the median loss of the last 200 steps is 70.21, more than 20 times the "
                  "starting loss 0.6794",
    }
    loss = {"loss": float("nan"), "grew": 3.418e10, "window": 70.21}.get(cause, 1.0)
    err = Diverged(7, loss, 0.5, reasons[cause], restored, cause, details)
    assert diverged_message(err, lambda key, **f: text_in("en", key, **f)) == str(err)
    chinese = diverged_message(err, lambda key, **f: text_in("zh", key, **f))
    assert chinese.startswith("训练在第 7 步发散：") and "试试 0.05" in chinese


def test_train_errors_in_chinese(capsys):
    cases = {
        ("--alpha", "0.3"): "--alpha: 只有 LeakyReLU 层有斜率 α；请加上 --activation leaky_relu",
        ("--preset", "neuron"): "--preset: 'neuron' 没有可供训练的数据集；请加上 --dataset NAME",
        ("--preset", "spiral", "--dataset", "moons"):
            "--dataset: moons 有 2 个类别，但预设的输出层有 3 个单元",
    }
    for options, expected in cases.items():
        status, _, err = _output(capsys, "train", *options, "--epochs", "1", "--no-plot",
                                 "--lang", "zh")
        assert status == 2 and err.startswith(f"bp-tutor: {expected}"), (options, err)


def test_the_live_bar_fits_one_row_in_chinese():
    import io

    from bp_tutor.commands.train_cmd import ProgressBar
    from bp_tutor.ui.i18n import text_in

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for columns in (40, 80):
        stream = Terminal()
        bar = ProgressBar(20, stream, say=lambda key, **f: text_in("zh", key, **f))
        bar.columns = lambda columns=columns: columns  # type: ignore[method-assign]
        bar.update(7, text_in("zh", "train.progress.metrics", loss="0.1234", train="95.0%",
                              test=text_in("zh", "train.progress.test", test="93.0%")))
        line = stream.getvalue().removeprefix("\r").removesuffix("\x1b[K")
        assert cell_width(line) <= columns - 1
        if columns == 80:  # the bar gives way to the numbers, which all fit
            assert line.endswith("测试准确率 93.0%") and "█" in line


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_word_of_a_listing_is_in_the_string_tables(lang):
    """A key missing from the tables would print itself ("trace.handout_step") in the handout."""
    from dataclasses import fields

    from bp_tutor.nn.render import TraceWords
    from bp_tutor.ui.i18n import string_tables

    table = string_tables()[lang]
    assert [f.name for f in fields(TraceWords) if f"trace.{f.name}" not in table] == []


@pytest.mark.parametrize("command", [["trace", "toy-452"], ["train", "--dataset", "xor"]])
def test_no_memory_in_chinese(monkeypatch, capsys, command):
    from bp_tutor.nn.network import Network

    def no_memory(*args: object, **kwargs: object) -> Network:
        raise MemoryError

    monkeypatch.setattr(Network, "from_spec", no_memory)
    status, _, err = _output(capsys, *command, "--lang", "zh")
    assert status == 1
    assert err.startswith("bp-tutor: 内存不足，放不下 ") and "网络；请把层改小" in err
