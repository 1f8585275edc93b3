import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bp_tutor.cli import main

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bp_tutor", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=120)


def test_help_and_version_do_not_import_textual_or_numpy():
    code = ("import sys\nfrom bp_tutor.cli import main\n"
            "for argv in (['--version'], ['--help'], ['trace', '--help']):\n"
            "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
            "heavy = [m for m in ('numpy', 'textual', 'plotext', 'rich') if m in sys.modules]\n"
            "print('HEAVY', heavy)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert "bp-tutor 0.1.0" in out.stdout
    assert "HEAVY []" in out.stdout


def _write(tmp_path, spec) -> Path:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec) if not isinstance(spec, str) else spec, encoding="utf-8")
    return path


SPEC = {
    "layers": [{"units": 3, "activation": "tanh"}, {"units": 2, "activation": "softmax"}],
    "loss": "cross_entropy", "reduction": "mean",
    "x": [[0.1, -0.4], [0.7, 0.2]], "y": [[1, 0], [0, 1]],
    "weights": [[[0.2, -0.3, 0.5], [0.4, 0.1, -0.6]], [[0.3, -0.2], [0.1, 0.4], [-0.5, 0.2]]],
    "biases": [[0.0, 0.1, -0.1], [0.05, -0.05]],
}


def test_trace_json_matches_an_independent_computation(tmp_path, capsys):
    assert main(["trace", str(_write(tmp_path, SPEC)), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    x, y = np.array(SPEC["x"]), np.array(SPEC["y"], dtype=float)
    W1, W2 = (np.array(w) for w in SPEC["weights"])
    b1, b2 = (np.array(b) for b in SPEC["biases"])
    a1 = np.tanh(x @ W1 + b1)
    z2 = a1 @ W2 + b2
    a2 = np.exp(z2) / np.exp(z2).sum(1, keepdims=True)
    d2 = (a2 - y) / 2
    d1 = (d2 @ W2.T) * (1 - a1**2)
    assert data["loss"] == pytest.approx(-(y * np.log(a2)).sum() / 2, rel=1e-12)
    layer1, layer2 = data["layers"]
    np.testing.assert_allclose(layer2["delta"], d2, rtol=1e-12)
    np.testing.assert_allclose(layer1["dW"], x.T @ d1, rtol=1e-12)
    np.testing.assert_allclose(layer1["db"], d1.sum(0), rtol=1e-12)
    np.testing.assert_allclose(layer1["a"], a1, rtol=1e-12)


def test_trace_markdown_is_a_worked_example(tmp_path, capsys):
    assert main(["trace", str(_write(tmp_path, SPEC)), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Backpropagation, worked example")
    assert "`δ¹ = (δ²W²ᵀ) ⊙ (1 − (a¹)²)`" in out
    assert out.index("## Forward pass") < out.index("## Loss") < out.index("## Backward pass")


def test_trace_accepts_a_preset_name(capsys):
    assert main(["trace", "neuron"]) == 0
    assert "z¹ = xW¹ + b¹" in capsys.readouterr().out


@pytest.mark.parametrize(("change", "expected"), [
    ({"layers": [{"units": 3, "activation": "tanh"}, {"units": 2, "activation": "softplus"}]},
     "layers[1].activation: unknown 'softplus'; expected one of identity, sigmoid, tanh, relu, "
     "leaky_relu, softmax"),
    ({"x": [[0.1, -0.4, 0.3], [0.7, 0.2, 0.1]]}, "weights[0]: is 2×3 but layer 1 needs 3×3"),
    ({"reduction": "avg"}, "reduction: unknown 'avg'; expected one of mean, sum"),
    ({"layers": [{"units": 100000, "activation": "tanh"}, {"units": 2, "activation": "softmax"}],
      "weights": None, "biases": None},
     "layers[0].units: is 100000; at most 4096 is allowed"),
])
def test_bad_specs_get_one_line_and_status_2(tmp_path, capsys, change, expected):
    spec = {key: value for key, value in {**SPEC, **change}.items() if value is not None}
    path = _write(tmp_path, spec)
    assert main(["trace", str(path)]) == 2
    first, *context = capsys.readouterr().err.strip().splitlines()
    assert expected in first  # the whole message on its first line
    assert first.startswith(f"bp-tutor: {path}:1:")  # json.dumps wrote everything on line 1
    assert len(context) == 2 and context[1].strip() == "^"
    assert "Traceback" not in first


def test_spec_errors_point_at_the_field_in_the_file(tmp_path):
    text = json.dumps({**SPEC, "layers": [{"units": 3, "activation": "tanh"},
                                          {"units": 2, "activation": "softplus"}]}, indent=2)
    path = _write(tmp_path, text)
    out = run_cli("trace", str(path))
    lines = out.stderr.splitlines()
    line_no = next(i for i, line in enumerate(text.splitlines(), 1) if "softplus" in line)
    col = text.splitlines()[line_no - 1].index('"softplus"') + 1
    assert lines[0].startswith(f"bp-tutor: {path}:{line_no}:{col}: layers[1].activation: unknown")
    assert lines[2].index("^") == lines[1].index('"softplus"')


def test_invalid_json_points_at_the_place(tmp_path):
    path = _write(tmp_path, '{\n  "loss": "mse",\n  "layers": [1 2]\n}\n')
    out = run_cli("trace", str(path))
    assert out.returncode == 2
    lines = out.stderr.splitlines()
    assert lines[0] == f"bp-tutor: {path}:3:16: invalid JSON: Expecting ',' delimiter"
    assert lines[1] == '    "layers": [1 2]'
    assert lines[2].index("^") == lines[1].index("2")
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("command", [["trace"], ["train", "--no-plot", "--preset"],
                                     ["lab", "--preset"]])
@pytest.mark.parametrize(("content", "expected"), [
    (b'\xff{"layers": []}', ": not UTF-8 text (invalid start byte at byte 0)"),
    (None, ": cannot read the file (Is a directory)"),
])
def test_a_spec_file_that_cannot_be_read_is_one_line(tmp_path, capsys, command, content,
                                                     expected):
    """`lab --preset` and `train --preset` printed a traceback for a file that was not UTF-8."""
    path = tmp_path / "spec.json"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    assert main([*command, str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}{expected}" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["trace"], ["train", "--no-plot", "--preset"],
                                     ["lab", "--preset"]])
@pytest.mark.parametrize(("spec", "expected"), [
    ({"layers": [{"units": 2, "activation": "sigmoid"}], "loss": "mse", "inputs": 3},
     ': x: missing; a pass needs inputs x and targets y, or a "dataset" to take them from'),
    ({"layers": [{"units": 2, "activation": "softmax"}], "loss": "cross_entropy",
      "weights": [[[1, 2], [3, 4]]]},
     ': x: missing; a pass needs inputs x and targets y, or a "dataset" to take them from'),
])
def test_a_network_without_data_is_one_line_naming_the_file(tmp_path, capsys, command, spec,
                                                            expected):
    """A valid network with nothing to pass through it: "inputs" or weights give its size only."""
    path = _write(tmp_path, spec)
    assert main([*command, str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}{expected}" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("content", ["", "  \n\n"])
def test_an_empty_spec_file_says_so(tmp_path, capsys, content):
    path = _write(tmp_path, content)
    assert main(["trace", str(path)]) == 2
    assert capsys.readouterr().err == (f"bp-tutor: {path}: the file is empty; expected a JSON "
                                       'object with the network\'s "layers" and "loss"\n')


def test_a_spec_file_is_read_whatever_its_name_ends_with(tmp_path, capsys, monkeypatch):
    path = tmp_path / "spec.txt"
    path.write_text(json.dumps(SPEC))
    monkeypatch.chdir(tmp_path)
    assert main(["trace", "spec.txt", "--format", "json"]) == 0
    assert "loss" in json.loads(capsys.readouterr().out)


def test_missing_file_and_unknown_preset(capsys):
    assert main(["trace", "/nonexistent/spec.json"]) == 2
    assert ("/nonexistent/spec.json: cannot read the file (No such file or directory)"
            in capsys.readouterr().err)
    assert main(["trace", "no-such-preset"]) == 2
    assert "no preset 'no-such-preset'; the presets are" in capsys.readouterr().err


def test_train_reports_accuracy_and_plots_the_loss():
    out = run_cli("train", "--dataset", "blobs", "--hidden", "8", "--epochs", "5", "--lr", "0.1")
    assert out.returncode == 0, out.stderr
    assert "training loss per epoch" in out.stdout
    assert "\x1b[" not in out.stdout  # not a terminal: no colour codes
    assert "test accuracy" in out.stdout
    assert "epoch 5/5" in out.stderr


def test_train_stops_a_diverging_run_with_advice():
    out = run_cli("train", "--dataset", "spiral", "--optimizer", "sgd", "--lr", "1e6",
                  "--epochs", "20", "--no-plot")
    assert out.returncode == 1
    assert "training diverged" in out.stderr
    assert "probably too large: try 100000" in out.stderr
    assert "Traceback" not in out.stderr


def test_train_stops_a_loss_that_swings_far_above_its_start():
    """At η = 512 the 4-5-2 example's loss swings far above its start but never to 1000× it:
    before the window rule, `train` ran all 300 epochs and printed "done" at a loss of 70."""
    out = run_cli("train", "--preset", "toy-452", "--lr", "512", "--epochs", "300", "--no-plot")
    assert out.returncode == 1, out.stdout
    assert "training diverged at step 200: the median loss of the last 200 steps" in out.stderr
    assert "probably too large: try 51.2. The weights are back to the initial ones." in out.stderr
    assert "done in" not in out.stdout
    # Shorter than one window: the last, partial window is judged when training ends.
    short = run_cli("train", "--preset", "toy-452", "--lr", "512", "--epochs", "150",
                    "--no-plot")
    assert short.returncode == 1 and "the median loss of the last 150 steps" in short.stderr


def test_train_rejects_bad_options_cleanly():
    out = run_cli("train", "--hidden", "64,x")
    assert out.returncode == 2
    assert "expected hidden layer sizes as whole numbers" in out.stderr


def test_json_locate_finds_nested_fields_and_falls_back_to_the_parent():
    from bp_tutor.commands.json_locate import locate

    text = '{\n "a": [1, {"b": [10, 20]}],\n "c": "x"\n}'
    line2 = text.splitlines()[1]
    assert locate(text, "c") == (3, text.splitlines()[2].index('"x"') + 1)
    assert locate(text, "a[1].b[1]") == (2, line2.index("20") + 1)
    assert locate(text, "a[1].missing") == (2, line2.index("{") + 1)  # the object that lacks it
    assert locate("not json", "a") is None


def test_trace_gradcheck_reports_each_tensor(capsys):
    assert main(["trace", "toy-452", "--gradcheck"]) == 0
    out = capsys.readouterr().out.split("gradient check")[1]
    for label in ("∂L/∂W¹", "∂L/∂b¹", "∂L/∂W²", "∂L/∂b²"):
        line = next(x for x in out.splitlines() if x.strip().startswith(label))
        assert line.rstrip().endswith("correct")
        assert float(line.split("relative error")[1].split()[0]) < 1e-7


@pytest.mark.parametrize(("args", "expected"), [
    (["trace", "toy-452", "--decimals", "-3"], "argument --decimals: '-3': expected 0 to 12"),
    (["trace", "toy-452", "--decimals", "x"], "argument --decimals: 'x' is not a whole number"),
    (["train", "--hidden", "100000000"], "argument --hidden: '100000000': at most 4096 units"),
    (["train", "--epochs", "0"], "argument --epochs: '0': must be at least 1"),
    (["train", "--lr", "-1"], "argument --lr: '-1': must be greater than 0"),
    (["lesson", "derivatives", "--step", "0"], "argument --step: '0': must be at least 1"),
])
def test_out_of_range_options_are_refused_with_the_range(capsys, args, expected):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    assert expected in capsys.readouterr().err


@pytest.mark.parametrize("command", [["trace", "toy-452"], ["train", "--dataset", "xor", "--epochs", "1"]])
def test_a_network_too_big_for_memory_gets_a_message(monkeypatch, capsys, command):
    """A MemoryError (faked: a real one would need a machine's worth of memory) becomes one line."""
    from bp_tutor.nn.network import Network

    def no_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(Network, "from_spec", no_memory)
    assert main(command) == 1
    err = capsys.readouterr().err
    assert "not enough memory for a " in err and "network; make the layers smaller" in err
    assert "Traceback" not in err


def _first_lines(capsys, *args: str) -> tuple[int, list[str], str]:
    status = main(["train", *args, "--epochs", "1", "--no-plot"])
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


@pytest.mark.parametrize(("options", "network"), [
    ((), "2-4-1 (tanh → sigmoid)"),  # the preset as it is
    (("--hidden", "8"), "2-8-1 (tanh → sigmoid)"),  # only the sizes change
    (("--activation", "relu"), "2-4-1 (relu → sigmoid)"),  # only the activation
    (("--output", "softmax"), "2-4-2 (tanh → softmax)"),  # only the output layer
    (("--hidden", ""), "2-1 (sigmoid)"),  # no hidden layer: logistic regression
])
def test_train_options_change_only_what_they_name_in_a_preset(capsys, options, network):
    status, out, err = _first_lines(capsys, "--preset", "xor", *options)
    assert status == 0, err
    assert out[0] == f"training {network} on xor (4 samples, no held-out test set)"
    loss = "cross_entropy" if "softmax" in options else "binary_cross_entropy"
    assert out[1].startswith(f"  {loss} (mean), momentum η=0.5, batch 4, 1 epoch")
    assert "test" not in out[-1]  # xor's "test set" is its training set: no test accuracy


def test_train_errors_name_the_option_at_fault(capsys):
    cases = {
        ("--lr", "inf"): "--lr: must be a finite number, got inf",
        ("--seed", "-5"): "--seed: must be a whole number ≥ 0, got -5",
        ("--activation", "leaky_relu", "--alpha", "5"): "--alpha: must be in [0, 1), got 5",
        ("--alpha", "0.3"): "--alpha: only LeakyReLU layers have a slope α; add --activation "
                            "leaky_relu",
        ("--dataset", "xor", "--output", "identity", "--loss", "cross_entropy"):
            "--output: is 'identity', but cross_entropy takes the log of the outputs",
        ("--dataset", "xor", "--output", "sigmoid", "--loss", "cross_entropy"):
            "--loss: cross_entropy needs one output unit per class (at least 2)",
        ("--preset", "spiral", "--dataset", "moons"):
            "--dataset: moons has 2 classes but the preset's output layer has 3 units",
    }
    for options, expected in cases.items():
        status, _out, err = _first_lines(capsys, *options)
        assert status == 2 and err.startswith(f"bp-tutor: {expected}"), (options, err)


def test_the_train_header_fits_80_columns_and_gives_lambda(capsys):
    status, out, err = _first_lines(capsys, "--dataset", "digits", "--weight-decay", "0.001",
                                    "--lr", "0.125")
    assert status == 0, err
    assert out[0] == ("training 64-64-10 (relu → softmax) on digits (1438 train, 359 test)")
    assert out[1] == "  cross_entropy (mean), λ=0.001, momentum η=0.125, batch 32, 1 epoch, float64"
    assert max(len(line) for line in out[:2]) <= 80


def test_the_live_bar_never_takes_more_than_one_row():
    import io

    from bp_tutor.commands.train_cmd import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    bar = ProgressBar(100000, stream)
    bar.columns = lambda: 40  # type: ignore[method-assign]
    bar.update(43329, "loss 1.234e-05  train 100.0%  test 100.0%")
    written = stream.getvalue()
    assert written.startswith("\r") and written.endswith("\x1b[K")
    assert len(written.removeprefix("\r").removesuffix("\x1b[K")) == 39


def test_the_loss_plot_marks_whole_epochs():
    from bp_tutor.commands.train_cmd import loss_plot

    axis = next(line for line in loss_plot([1.0 / n for n in range(1, 31)]).splitlines()
                if line.strip().startswith("1 "))
    assert axis.split() == ["1", "8", "16", "23", "30"]


def test_gradcheck_at_a_relu_kink_says_so_and_passes(tmp_path, capsys):
    path = _write(tmp_path, {
        "layers": [{"units": 2, "activation": "relu"}, {"units": 2, "activation": "softmax"}],
        "loss": "cross_entropy", "x": [[1, 2]], "y": [[1, 0]],
        "weights": [[[1, 0.5], [-0.5, 0.2]], [[0.3, -0.2], [0.1, 0.4]]]})
    assert main(["trace", str(path), "--gradcheck"]) == 0
    out = capsys.readouterr().out
    assert "∂L/∂W¹   relative error" in out and "at a kink" in out and "wrong" not in out
    assert "z¹[1,1] = 0: ReLU inputs within reach of 0, where f′ jumps" in out


def test_gradcheck_in_a_handout_is_a_markdown_table(capsys):
    assert main(["trace", "toy-452", "--format", "markdown", "--gradcheck"]) == 0
    out = capsys.readouterr().out
    section = out[out.index("## Gradient check"):].splitlines()
    assert "| gradient | relative error | verdict |" in section
    assert sum(line.startswith("| ∂L/∂") and line.endswith("| correct |") for line in section) == 4


def test_an_overflow_is_one_line_naming_the_first_entry(tmp_path, capsys):
    path = _write(tmp_path, {"layers": [{"units": 2, "activation": "sigmoid"}], "loss": "mse",
                             "x": [[1, 1e308]], "y": [[0, 1]],
                             "weights": [[[1e308, 1e308], [1e308, 1e308]]]})
    assert main(["trace", str(path)]) == 1
    err = capsys.readouterr().err
    assert err == ("bp-tutor: z¹ came out infinite or NaN (z¹ = xW¹ + b¹): the numbers in the "
                   "spec are too large for float64\n")  # and no RuntimeWarning lines
