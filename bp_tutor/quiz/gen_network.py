"""Generators on small networks: one neuron, one dense layer, one step back, two steps back, and
a buggy backward pass. Every reference is an entry of the engine's trace on the drawn numbers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from bp_tutor.nn import Trace
from bp_tutor.quiz.gen_common import (
    equals,
    mat,
    num,
    one_decimal,
    one_decimals,
    paren,
    run_trace,
    shown,
    vec,
)
from bp_tutor.quiz.model import Array, Draft, Part, Redraw, SumOfProducts, WrongAnswer, arr, tr


def _sigma_prime(a: Array) -> Array:
    return a * (1.0 - a)


def neuron_weight_gradient(rng: np.random.Generator, lang: str) -> Draft:
    """One sigmoid neuron, L = ½(o − t)²:  ∂L/∂w = (o − t)·o(1 − o)·x  (trace entry dW1)."""
    d = int(rng.integers(2, 4))
    x = one_decimals(rng, (1, d), -2.0, 2.0)
    w = one_decimals(rng, (d, 1), -1.0, 1.0)
    b = one_decimal(rng, -0.5, 0.5, nonzero=False)
    t = float(rng.integers(0, 2))
    trace = run_trace([{"units": 1, "activation": "sigmoid"}], "mse", x, arr([[t]]), [w], [arr([b])])
    z = float(trace["z1"].value[0, 0])
    o = float(trace["a1"].value[0, 0])
    answer = trace["dW1"].value[:, 0]
    delta = float(trace["delta1"].value[0, 0])
    prompt = tr(
        lang,
        f"A sigmoid neuron o = σ(w·x + b) with x = {vec(x)}, w = {vec(w)}, b = {num(b)} gives "
        f"z = {num(z)} and o = {num(o)}. Target t = {num(t)}, L = ½(o − t)². What is ∂L/∂w?",
        f"sigmoid 神经元 o = σ(w·x + b)，x = {vec(x)}，w = {vec(w)}，b = {num(b)}，得到 "
        f"z = {num(z)}，o = {num(o)}。目标 t = {num(t)}，L = ½(o − t)²。求 ∂L/∂w。")
    hints = (
        tr(lang, "Chain rule: ∂L/∂wⱼ = ∂L/∂o · ∂o/∂z · ∂z/∂wⱼ.",
           "链式法则：∂L/∂wⱼ = ∂L/∂o · ∂o/∂z · ∂z/∂wⱼ。"),
        tr(lang, "∂L/∂o = o − t, ∂o/∂z = o(1 − o), ∂z/∂wⱼ = xⱼ.",
           "∂L/∂o = o − t，∂o/∂z = o(1 − o)，∂z/∂wⱼ = xⱼ。"),
        tr(lang, f"δ = (o − t)·o(1 − o) {equals(delta)} {num(delta)}; multiply it by each xⱼ.",
           f"δ = (o − t)·o(1 − o) {equals(delta)} {num(delta)}；再分别乘以每个 xⱼ。"),
    )
    xs = x[0]
    solution = "\n".join([
        shown(f"δ = ∂L/∂z = (o − t)·o(1 − o) = ({num(o)} − {num(t)})·{num(o)}·{num(1 - o)}", delta),
        shown(f"∂L/∂w = δ·x = {num(delta)}·{vec(xs)}", answer),
    ])
    wrong = (
        WrongAnswer("missing_activation_derivative", (o - t) * xs),
        WrongAnswer("forgot_input_factor", np.full(d, delta)),
        WrongAnswer("z_for_a", (o - t) * z * (1 - z) * xs),
        WrongAnswer("loss_sign_flipped", -answer),  # (t − o) for (o − t)
    )
    part = Part("∂L/∂w", prompt, answer, wrong)
    return Draft(prompt, (part,), hints, solution, {"x": x, "w": w, "b": b, "t": t})


def _dense_batch(rng: np.random.Generator) -> tuple[Array, Array, Array, Array]:
    """A batch of 2 through a 3-input, 2-unit linear layer: every δ has at most 3 decimals."""
    x = one_decimals(rng, (2, 3), -1.0, 1.0)
    y = one_decimals(rng, (2, 2), -1.0, 1.0)
    w = one_decimals(rng, (3, 2), -1.0, 1.0)
    b = one_decimals(rng, 2, -0.5, 0.5)
    return x, y, w, b


def layer_delta(rng: np.random.Generator, lang: str) -> Draft:
    """Output layer σ with mean MSE:  δ = (1/N)(a − y) ⊙ a(1 − a)  (trace entry delta1)."""
    x = one_decimals(rng, (2, 2), -1.0, 1.0)
    y = one_decimals(rng, (2, 2), 0.0, 1.0)
    w = one_decimals(rng, (2, 2), -1.5, 1.5)
    b = one_decimals(rng, 2, -0.5, 0.5)
    trace = run_trace([{"units": 2, "activation": "sigmoid"}], "mse", x, y, [w], [b])
    z, a = trace["z1"].value, trace["a1"].value
    answer = trace["delta1"].value
    n = x.shape[0]
    prompt = tr(
        lang,
        f"An output layer a = σ(z) on a batch of N = {n} (one sample per row): z = {mat(z)}, "
        f"a = {mat(a)}, targets y = {mat(y)}, loss L = (1/N) Σₙ ½‖aₙ − yₙ‖². What is δ = ∂L/∂z "
        "(2×2)?",
        f"输出层 a = σ(z)，一批 N = {n} 个样本（每行一个）：z = {mat(z)}，a = {mat(a)}，"
        f"目标 y = {mat(y)}，损失 L = (1/N) Σₙ ½‖aₙ − yₙ‖²。求 δ = ∂L/∂z（2×2）。")
    hints = (
        tr(lang, "δ = ∂L/∂a ⊙ σ′(z), with ∂L/∂a = (1/N)(a − y).",
           "δ = ∂L/∂a ⊙ σ′(z)，其中 ∂L/∂a = (1/N)(a − y)。"),
        tr(lang, "σ′(z) = a(1 − a), entry by entry; do not forget the 1/N.",
           "σ′(z) = a(1 − a)，逐元素计算；别忘了 1/N。"),
    )
    solution = "\n".join([shown("∂L/∂a = (1/N)(a − y)", (a - y) / n),
                          shown("σ′(z) = a(1 − a)", a * (1 - a)),
                          shown("δ = ∂L/∂a ⊙ σ′(z)", answer)])
    wrong = (
        WrongAnswer("forgot_mean", answer * n),
        WrongAnswer("missing_activation_derivative", (a - y) / n),
        WrongAnswer("z_for_a", (a - y) / n * z * (1 - z)),
        WrongAnswer("loss_sign_flipped", -answer),
    )
    part = Part("δ", prompt, answer, wrong)
    return Draft(prompt, (part,), hints, solution, {"x": x, "y": y, "W": w, "b": b})


def layer_dw(rng: np.random.Generator, lang: str) -> Draft:
    """∂L/∂W = a_prevᵀ δ  (trace entry dW1), shape (inputs × units)."""
    x, y, w, b = _dense_batch(rng)
    trace = run_trace([{"units": 2, "activation": "identity"}], "mse", x, y, [w], [b])
    delta = trace["delta1"].value
    answer = trace["dW1"].value
    prompt = tr(
        lang,
        f"A layer with 3 inputs and 2 units sees a batch of 2: inputs x = {mat(x)} and "
        f"δ = ∂L/∂z = {mat(delta)} (the 1/N is already in δ). What is ∂L/∂W (3×2)?",
        f"一个 3 输入、2 单元的层，输入一批 2 个样本：x = {mat(x)}，δ = ∂L/∂z = {mat(delta)}"
        "（δ 已包含 1/N）。求 ∂L/∂W（3×2）。")
    hints = (
        tr(lang, "∂L/∂W has W's shape, inputs × units: 3×2.", "∂L/∂W 与 W 同形：输入数 × 单元数，即 3×2。"),
        tr(lang, "∂L/∂W = xᵀδ: entry (i, j) is Σₙ xₙᵢ δₙⱼ.", "∂L/∂W = xᵀδ：第 (i, j) 个元素是 Σₙ xₙᵢ δₙⱼ。"),
    )
    first = " + ".join(f"{paren(x[k, 0])}·{paren(delta[k, 0])}" for k in range(x.shape[0]))
    solution = "\n".join([
        tr(lang, f"Entry (i, j) of xᵀδ is Σₙ xₙᵢ δₙⱼ; for example entry (1, 1) is {first} "
                 f"{equals(answer[0, 0])} {num(answer[0, 0])}.",
           f"xᵀδ 的第 (i, j) 个元素是 Σₙ xₙᵢ δₙⱼ；例如第 (1, 1) 个元素是 {first} "
           f"{equals(answer[0, 0])} {num(answer[0, 0])}。"),
        shown("∂L/∂W = xᵀδ", answer),
    ])
    n = x.shape[0]
    wrong = (WrongAnswer("dw_transposed", answer.T.copy()),
             WrongAnswer("mean_twice", answer / n),
             WrongAnswer("forgot_mean", answer * n),
             WrongAnswer("sign_flipped", -answer))

    def entry_sum(index: tuple[int, ...]) -> SumOfProducts:  # (xᵀδ)ᵢⱼ = Σₙ xₙᵢ δₙⱼ
        i, j = index
        return SumOfProducts(tuple((float(x[k, i]), float(delta[k, j])) for k in range(n)))

    part = Part("∂L/∂W", prompt, answer, wrong, entry_sum=entry_sum)
    return Draft(prompt, (part,), hints, solution, {"x": x, "y": y, "W": w, "b": b})


def layer_db(rng: np.random.Generator, lang: str) -> Draft:
    """∂L/∂b = Σₙ δₙ  (trace entry db1)."""
    x, y, w, b = _dense_batch(rng)
    trace = run_trace([{"units": 2, "activation": "identity"}], "mse", x, y, [w], [b])
    delta = trace["delta1"].value
    answer = trace["db1"].value
    prompt = tr(
        lang,
        f"A 2-unit layer on a batch of 2 has δ = ∂L/∂z = {mat(delta)} (one row per sample, the "
        "1/N already in). What is ∂L/∂b?",
        f"一个 2 单元的层，一批 2 个样本，δ = ∂L/∂z = {mat(delta)}（每行一个样本，已包含 1/N）。"
        "求 ∂L/∂b。")
    hints = (
        tr(lang, "b is added to every row's z, so every row contributes to ∂L/∂b.",
           "b 加到了每一行的 z 上，所以每一行都对 ∂L/∂b 有贡献。"),
        tr(lang, "Sum δ over the rows: one number per unit.", "把 δ 按行相加：每个单元一个数。"),
    )
    sums = ", ".join(" + ".join([num(delta[0, j])] + [paren(delta[k, j])
                                                       for k in range(1, delta.shape[0])])
                     for j in range(delta.shape[1]))
    solution = shown(f"∂L/∂b = Σₙ δₙ = [{sums}]", answer)
    n = x.shape[0]
    wrong = (WrongAnswer("bias_not_summed", delta.copy()),
             WrongAnswer("mean_twice", answer / n),
             WrongAnswer("forgot_mean", answer * n),
             WrongAnswer("sign_flipped", -answer))

    def entry_sum(index: tuple[int, ...]) -> SumOfProducts:  # Σₙ δₙⱼ
        return SumOfProducts(tuple((float(delta[k, index[0]]),) for k in range(n)))

    if np.any(np.abs(answer) < 0.02):
        raise Redraw("a bias gradient of 0 cannot show a sign mistake")
    part = Part("∂L/∂b", prompt, answer, wrong, entry_sum=entry_sum)
    return Draft(prompt, (part,), hints, solution, {"x": x, "y": y, "W": w, "b": b})


def _two_layer(rng: np.random.Generator, out_activation: str
               ) -> tuple[Trace, dict[str, Any]]:
    x = one_decimals(rng, (1, 2), -1.5, 1.5)
    y = one_decimals(rng, (1, 2), 0.0, 1.0)
    w1 = one_decimals(rng, (2, 2), -1.5, 1.5)
    b1 = one_decimals(rng, 2, -0.5, 0.5)
    w2 = one_decimals(rng, (2, 2), -1.5, 1.5)
    b2 = one_decimals(rng, 2, -0.5, 0.5)
    layers = [{"units": 2, "activation": "sigmoid"}, {"units": 2, "activation": out_activation}]
    trace = run_trace(layers, "mse", x, y, [w1, w2], [b1, b2])
    params = {"x": x, "y": y, "W1": w1, "b1": b1, "W2": w2, "b2": b2, "out": out_activation}
    return trace, params


def delta_back(rng: np.random.Generator, lang: str) -> Draft:
    """δ¹ = (δ²W²ᵀ) ⊙ a¹(1 − a¹)  (trace entry delta1)."""
    trace, params = _two_layer(rng, "identity")
    d2, w2 = trace["delta2"].value, params["W2"]
    z1, a1 = trace["z1"].value, trace["a1"].value
    answer = trace["delta1"].value
    prompt = tr(
        lang,
        f"Hidden layer a¹ = σ(z¹) with z¹ = {vec(z1)}, a¹ = {vec(a1)}; the next layer has "
        f"W² = {mat(w2)} and δ² = {vec(d2)}. What is δ¹?",
        f"隐藏层 a¹ = σ(z¹)，z¹ = {vec(z1)}，a¹ = {vec(a1)}；下一层 W² = {mat(w2)}，"
        f"δ² = {vec(d2)}。求 δ¹。")
    hints = (
        tr(lang, "First carry δ² back through the weights: δ²W²ᵀ (note the transpose).",
           "先把 δ² 通过权重传回：δ²W²ᵀ（注意转置）。"),
        tr(lang, "Then multiply elementwise by σ′(z¹) = a¹(1 − a¹).",
           "再逐元素乘以 σ′(z¹) = a¹(1 − a¹)。"),
    )
    solution = "\n".join([shown("δ²W²ᵀ", d2 @ w2.T),
                          shown("σ′(z¹) = a¹(1 − a¹)", _sigma_prime(a1)),
                          shown("δ¹ = (δ²W²ᵀ) ⊙ σ′(z¹)", answer)])
    wrong = (
        WrongAnswer("w_not_transposed", (d2 @ w2) * _sigma_prime(a1)),
        WrongAnswer("missing_activation_derivative", d2 @ w2.T),
        WrongAnswer("sigma_for_sigma_prime", (d2 @ w2.T) * a1),
        WrongAnswer("z_for_a", (d2 @ w2.T) * z1 * (1 - z1)),
    )
    part = Part("δ¹", prompt, answer, wrong, entry_sum=_back_sum(d2, w2, a1))
    return Draft(prompt, (part,), hints, solution, params)


def _back_sum(d2: Array, w2: Array, a1: Array) -> Callable[[tuple[int, ...]], SumOfProducts]:
    """δ¹ⱼ = (Σₖ δ²ₖ w²ⱼₖ) · σ′(z¹ⱼ) for a one-sample δ¹ (typed as a vector or a 1×n matrix)."""
    def entry_sum(index: tuple[int, ...]) -> SumOfProducts:
        j = index[-1]
        terms = tuple((float(d2[0, k]), float(w2[j, k])) for k in range(w2.shape[1]))
        return SumOfProducts(terms, float(_sigma_prime(a1)[0, j]))

    return entry_sum


def backprop_two_step(rng: np.random.Generator, lang: str) -> Draft:
    """Part 1: δ² = (a² − y) ⊙ a²(1 − a²); part 2: δ¹ = (δ²W²ᵀ) ⊙ a¹(1 − a¹), graded with the
    student's own δ² (error carried forward)."""
    trace, params = _two_layer(rng, "sigmoid")
    y, w2 = params["y"], params["W2"]
    z1, a1 = trace["z1"].value, trace["a1"].value
    z2, a2 = trace["z2"].value, trace["a2"].value
    d2, d1 = trace["delta2"].value, trace["delta1"].value
    prompt = tr(
        lang,
        f"A 2-2-2 network, sigmoid in both layers, one sample, L = ½‖a² − y‖². The forward pass "
        f"gave z¹ = {vec(z1)}, a¹ = {vec(a1)}, z² = {vec(z2)}, a² = {vec(a2)}; y = {vec(y)}, "
        f"W² = {mat(w2)}.",
        f"一个 2-2-2 网络，两层都用 sigmoid，一个样本，L = ½‖a² − y‖²。前向传播得到 "
        f"z¹ = {vec(z1)}，a¹ = {vec(a1)}，z² = {vec(z2)}，a² = {vec(a2)}；y = {vec(y)}，"
        f"W² = {mat(w2)}。")

    def carry(own_d2: Array) -> Array:
        return arr(own_d2).reshape(1, 2) @ w2.T * _sigma_prime(a1)

    def carry_wrong(own_d2: Array) -> tuple[WrongAnswer, ...]:
        d = arr(own_d2).reshape(1, 2)
        return (WrongAnswer("w_not_transposed", d @ w2 * _sigma_prime(a1)),
                WrongAnswer("missing_activation_derivative", d @ w2.T))

    part1 = Part("δ²", tr(lang, "What is δ² = ∂L/∂z²?", "求 δ² = ∂L/∂z²。"), d2, (
        WrongAnswer("missing_activation_derivative", a2 - y),
        WrongAnswer("z_for_a", (a2 - y) * z2 * (1 - z2)),
        WrongAnswer("loss_sign_flipped", -d2),
    ))
    part2 = Part("δ¹", tr(lang, "Using your δ², what is δ¹ = ∂L/∂z¹?",
                          "用你的 δ² 求 δ¹ = ∂L/∂z¹。"), d1, carry_wrong(d2),
                 carry=carry, carry_wrong=carry_wrong, entry_sum=_back_sum(d2, w2, a1))
    hints = (
        tr(lang, "Output: δ² = (a² − y) ⊙ a²(1 − a²).", "输出层：δ² = (a² − y) ⊙ a²(1 − a²)。"),
        tr(lang, "Hidden: δ¹ = (δ²W²ᵀ) ⊙ a¹(1 − a¹).", "隐藏层：δ¹ = (δ²W²ᵀ) ⊙ a¹(1 − a¹)。"),
    )
    solution = "\n".join([
        tr(lang, "Part 1:", "第 1 步："),
        shown("a² − y", a2 - y),
        shown("σ′(z²) = a²(1 − a²)", _sigma_prime(a2)),
        shown("δ² = (a² − y) ⊙ σ′(z²)", d2),
        tr(lang, "Part 2:", "第 2 步："),
        shown("δ²W²ᵀ", d2 @ w2.T),
        shown("σ′(z¹) = a¹(1 − a¹)", _sigma_prime(a1)),
        shown("δ¹ = (δ²W²ᵀ) ⊙ σ′(z¹)", d1),
    ])
    return Draft(prompt, (part1, part2), hints, solution, params)


# A correct backward pass for: hidden layer with activation f, linear output, mean MSE.
_CORRECT_LINES = (
    "delta2 = (a2 - y) / N",
    "dW2 = a1.T @ delta2",
    "db2 = delta2.sum(axis=0)",
    "delta1 = (delta2 @ W2.T) * {prime}",
    "dW1 = x.T @ delta1",
    "db1 = delta1.sum(axis=0)",
)
_PRIME = {"sigmoid": "a1 * (1 - a1)", "tanh": "(1 - a1**2)"}
# (line number, buggy text, misconception it shows)
_BUGS: tuple[tuple[int, str, str], ...] = (
    (1, "delta2 = (a2 - y)", "forgot_mean"),
    (1, "delta2 = (y - a2) / N", "loss_sign_flipped"),
    (2, "dW2 = delta2.T @ a1", "dw_transposed"),
    (3, "db2 = delta2.mean(axis=0)", "mean_twice"),
    (4, "delta1 = (delta2 @ W2) * {prime}", "w_not_transposed"),
    (4, "delta1 = delta2 @ W2.T", "missing_activation_derivative"),
    (4, "delta1 = (delta2 @ W2.T) * a1", "sigma_for_sigma_prime"),
    (4, "delta1 = (delta2 @ W2.T) * (1 - z1**2)", "tanh_one_minus_z2"),
    (4, "delta1 = (delta2 @ W2.T) * z1 * (1 - z1)", "z_for_a"),
    (5, "dW1 = delta1.T @ x", "dw_transposed"),
    (6, "db1 = delta1", "bias_not_summed"),
)


def find_the_bug(rng: np.random.Generator, lang: str) -> Draft:
    """Numbered lines of a NumPy backward pass with exactly one line wrong; the answer is its
    number. The lines run as written (the tests execute them against finite differences)."""
    activation = str(rng.choice(["sigmoid", "tanh"]))
    candidates = [bug for bug in _BUGS
                  if not (activation == "sigmoid" and bug[2] == "tanh_one_minus_z2")
                  and not (activation == "tanh" and bug[2] in ("sigma_for_sigma_prime", "z_for_a"))]
    line_no, bad, misconception = candidates[int(rng.integers(0, len(candidates)))]
    prime = _PRIME[activation]
    lines = [text.format(prime=prime) for text in _CORRECT_LINES]
    lines[line_no - 1] = bad.format(prime=prime)
    listing = "\n".join(f"{i}  {text}" for i, text in enumerate(lines, start=1))
    prompt = tr(
        lang,
        f"A network with a {activation} hidden layer (a1 = {activation}(z1)), a linear output "
        "a2 = z2 and the mean loss L = (1/N) Σₙ ½‖a2ₙ − yₙ‖², batches as rows. Exactly one line "
        f"of this backward pass is wrong. Which one (give its number)?\n\n{listing}",
        f"一个网络：{activation} 隐藏层（a1 = {activation}(z1)），线性输出 a2 = z2，"
        "平均损失 L = (1/N) Σₙ ½‖a2ₙ − yₙ‖²，每行一个样本。下面的反向传播中恰好有一行是错的。"
        f"是哪一行（给出行号）？\n\n{listing}")
    hints = (
        tr(lang, "Check the shapes first: dW must have W's shape, db one value per unit.",
           "先检查形状：dW 要与 W 同形，db 每个单元一个值。"),
        tr(lang, "Then the factors: the 1/N appears exactly once, Wᵀ going back, and f′ written "
                 "with a1.",
           "再检查各个因子：1/N 只出现一次，向后传时用 Wᵀ，f′ 用 a1 表示。"),
    )
    correct_text = _CORRECT_LINES[line_no - 1].format(prime=prime)
    solution = tr(lang, f"Line {line_no} is wrong. It should read:\n    {correct_text}",
                  f"第 {line_no} 行是错的，应改为：\n    {correct_text}")
    if activation not in _PRIME:
        raise Redraw(activation)  # pragma: no cover - the choice above only draws known ones
    part = Part(tr(lang, "line", "行号"), prompt, arr(line_no))
    return Draft(prompt, (part,), hints, solution,
                 {"activation": activation, "bug_line": line_no, "bug": misconception,
                  "lines": tuple(lines)}, integer=True, lines=len(lines))
