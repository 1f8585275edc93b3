"""Generators for losses and the softmax: MSE and its batch mean, softmax and its Jacobian,
softmax with cross-entropy, and the L2 penalty. References come from the engine (its losses,
activations and traces)."""

from __future__ import annotations

import numpy as np

from bp_tutor.nn import ACTIVATIONS, LOSSES
from bp_tutor.nn.activations import Softmax
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
from bp_tutor.quiz.model import Draft, Part, Redraw, SumOfProducts, WrongAnswer, arr, tr


def mse_gradient(rng: np.random.Generator, lang: str) -> Draft:
    """L = ½ Σₖ (aₖ − yₖ)² for one sample:  ∂L/∂a = a − y (engine's MSE gradient)."""
    a = one_decimals(rng, 3, -1.0, 2.0)
    y = one_decimals(rng, 3, -1.0, 2.0)
    if np.any(a == y):
        raise Redraw("a zero component hides the sign")
    answer = LOSSES["mse"].grad(a[None, :], y[None, :], "mean")[0]
    prompt = tr(lang, f"One sample, L = ½ Σₖ (aₖ − yₖ)² with a = {vec(a)} and y = {vec(y)}. "
                      "What is ∂L/∂a?",
                f"一个样本，L = ½ Σₖ (aₖ − yₖ)²，其中 a = {vec(a)}，y = {vec(y)}。求 ∂L/∂a。")
    hints = (
        tr(lang, "Each aₖ appears in one term only: ∂L/∂aₖ = ½ · 2(aₖ − yₖ).",
           "每个 aₖ 只出现在一项中：∂L/∂aₖ = ½ · 2(aₖ − yₖ)。"),
        tr(lang, "The ½ and the 2 cancel; mind the order of the subtraction.",
           "½ 和 2 相互抵消；注意减法的顺序。"),
    )
    solution = shown(f"∂L/∂a = a − y = {vec(a)} − {vec(y)}", answer)
    wrong = (WrongAnswer("loss_sign_flipped", y - a), WrongAnswer("mse_factor_two", 2 * (a - y)),
             WrongAnswer("mse_kept_half", 0.5 * (a - y)))
    part = Part("∂L/∂a", prompt, answer, wrong)
    return Draft(prompt, (part,), hints, solution, {"a": a, "y": y})


def batch_mean_gradient(rng: np.random.Generator, lang: str) -> Draft:
    """One linear unit aₙ = w·xₙ + b over a batch, L = (1/N) Σₙ ½(aₙ − yₙ)²:
    ∂L/∂w = (1/N) Σₙ (aₙ − yₙ) xₙ, read from the engine's trace (dW1)."""
    n = int(rng.integers(2, 5))
    x = one_decimals(rng, (n, 1), -2.0, 2.0)
    y = one_decimals(rng, (n, 1), -2.0, 2.0)
    w = one_decimal(rng, -1.5, 1.5)
    b = one_decimal(rng, -1.0, 1.0, nonzero=False)
    trace = run_trace([{"units": 1, "activation": "identity"}], "mse", x, y,
                      [arr([[w]])], [arr([b])])
    answer = arr(trace["dW1"].value.reshape(()))
    a = trace["a1"].value[:, 0]
    prompt = tr(
        lang,
        f"A linear unit aₙ = w·xₙ + b with w = {num(w)}, b = {num(b)} sees a batch of N = {n}: "
        f"x = {vec(x)}, y = {vec(y)}, so a = {vec(a)}. The loss is the mean "
        "L = (1/N) Σₙ ½(aₙ − yₙ)². What is ∂L/∂w?",
        f"线性单元 aₙ = w·xₙ + b，w = {num(w)}，b = {num(b)}，输入一批 N = {n} 个样本："
        f"x = {vec(x)}，y = {vec(y)}，于是 a = {vec(a)}。损失取平均 L = (1/N) Σₙ ½(aₙ − yₙ)²。"
        "求 ∂L/∂w。")
    hints = (
        tr(lang, "Per sample, ∂/∂w ½(aₙ − yₙ)² = (aₙ − yₙ)·xₙ.",
           "对单个样本，∂/∂w ½(aₙ − yₙ)² = (aₙ − yₙ)·xₙ。"),
        tr(lang, "Add those up over the batch, then divide by N once.",
           "把它们在批上相加，然后除以 N（只除一次）。"),
    )
    residual = a - y[:, 0]
    products = residual * x[:, 0]
    total = float(products.sum())
    solution = "\n".join([
        shown("a − y", residual),
        shown("(aₙ − yₙ)·xₙ", products),
        f"Σₙ (aₙ − yₙ)·xₙ {equals(total)} {num(total)}",
        shown(f"∂L/∂w = (1/N) Σₙ (aₙ − yₙ)·xₙ = {paren(total)}/{n}", answer),
    ])
    wrong = (WrongAnswer("forgot_mean", answer * n), WrongAnswer("mean_twice", answer / n),
             WrongAnswer("loss_sign_flipped", -answer))
    # (1/N) Σₙ (aₙ − yₙ)·xₙ: with signs mixed among residuals and inputs, one is easy to lose.
    summed = SumOfProducts(tuple((float(r), float(v)) for r, v in zip(residual, x[:, 0],
                                                                         strict=True)), 1 / n)
    part = Part("∂L/∂w", prompt, answer, wrong, entry_sum=lambda index: summed)
    return Draft(prompt, (part,), hints, solution, {"x": x, "y": y, "w": w, "b": b})


def softmax_output(rng: np.random.Generator, lang: str) -> Draft:
    """softmax(z)ᵢ = exp(zᵢ) / Σₖ exp(zₖ) (engine's softmax)."""
    z = one_decimals(rng, 3, -2.0, 2.0)
    if abs(float(z.sum())) < 0.3:
        raise Redraw("z/Σz would blow up: a wrong answer no one could type")
    e = np.exp(z)
    answer = ACTIVATIONS["softmax"].forward(z[None, :])[0]
    total = float(e.sum())
    prompt = tr(lang, f"z = {vec(z)}, so eᶻ = {vec(e)} (entry by entry). What is softmax(z)?",
                f"z = {vec(z)}，于是 eᶻ = {vec(e)}（逐元素）。求 softmax(z)。")
    hints = (
        tr(lang, "softmax(z)ᵢ = exp(zᵢ) / Σₖ exp(zₖ).", "softmax(z)ᵢ = exp(zᵢ) / Σₖ exp(zₖ)。"),
        tr(lang, f"Σₖ exp(zₖ) {equals(total)} {num(total)}; the three answers add up to 1.",
           f"Σₖ exp(zₖ) {equals(total)} {num(total)}；三个答案之和为 1。"),
    )
    solution = "\n".join([f"Σₖ exp(zₖ) = {' + '.join(num(v) for v in e)} {equals(total)} "
                          f"{num(total)}",
                          shown(f"softmax(z) = eᶻ/Σₖ exp(zₖ) = {vec(e)} / {num(total)}",
                                answer)])
    wrong = (WrongAnswer("softmax_no_exp", z / z.sum()),
             WrongAnswer("softmax_not_normalised", e))
    part = Part("softmax(z)", prompt, answer, wrong)
    return Draft(prompt, (part,), hints, solution, {"z": z})


def softmax_jacobian(rng: np.random.Generator, lang: str) -> Draft:
    """∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ): the engine's `Softmax.jacobian`."""
    z = one_decimals(rng, 3, -1.5, 1.5)
    a = ACTIVATIONS["softmax"].forward(z[None, :])[0]
    answer = Softmax.jacobian(a)[0]
    prompt = tr(lang, f"z = {vec(z)} and a = softmax(z) = {vec(a)}. What is the Jacobian "
                      "∂a/∂z (a 3×3 matrix, row i = ∂aᵢ/∂z)?",
                f"z = {vec(z)}，a = softmax(z) = {vec(a)}。求雅可比矩阵 ∂a/∂z"
                "（3×3 矩阵，第 i 行为 ∂aᵢ/∂z）。")
    hints = (
        tr(lang, "Diagonal: ∂aᵢ/∂zᵢ = aᵢ(1 − aᵢ). Off the diagonal: ∂aᵢ/∂zⱼ = −aᵢaⱼ.",
           "对角线：∂aᵢ/∂zᵢ = aᵢ(1 − aᵢ)。非对角线：∂aᵢ/∂zⱼ = −aᵢaⱼ。"),
        tr(lang, "In one line: J = diag(a) − a aᵀ, built from a, not z.",
           "合起来：J = diag(a) − a aᵀ，由 a 构成而不是 z。"),
    )
    solution = "\n".join([
        shown(tr(lang, "Diagonal: aᵢ(1 − aᵢ)", "对角线：aᵢ(1 − aᵢ)"), a * (1 - a)),
        tr(lang, f"Off the diagonal: −aᵢaⱼ, e.g. ∂a₁/∂z₂ = −{num(a[0])}·{num(a[1])} "
                 f"{equals(-a[0] * a[1])} {num(-a[0] * a[1])}",
           f"非对角线：−aᵢaⱼ，例如 ∂a₁/∂z₂ = −{num(a[0])}·{num(a[1])} "
           f"{equals(-a[0] * a[1])} {num(-a[0] * a[1])}"),
        shown("J = diag(a) − a aᵀ", answer),
    ])
    plus_off_diagonal = np.outer(a, a)  # +aᵢaⱼ off the diagonal, the diagonal kept right
    np.fill_diagonal(plus_off_diagonal, a * (1 - a))
    wrong = (WrongAnswer("softmax_diagonal_only", np.diag(a * (1 - a))),
             WrongAnswer("softmax_offdiagonal_sign", plus_off_diagonal),
             WrongAnswer("z_for_a", np.diag(z) - np.outer(z, z)),
             WrongAnswer("sign_flipped", -answer))
    part = Part("∂a/∂z", prompt, answer, wrong)
    return Draft(prompt, (part,), hints, solution, {"z": z})


def softmax_ce_gradient(rng: np.random.Generator, lang: str) -> Draft:
    """Softmax output with cross-entropy: δ = ∂L/∂z = a − y (the engine's fused δ, from a trace
    of a one-layer softmax network whose z is the drawn scores)."""
    k = 3
    z = one_decimals(rng, k, -2.0, 2.0)
    target = int(rng.integers(0, k))
    y = np.zeros((1, k))
    y[0, target] = 1.0
    trace = run_trace([{"units": k, "activation": "softmax"}], "cross_entropy", arr([[1.0]]), y,
                      [z[None, :]], [np.zeros(k)])
    a = trace["a1"].value[0]
    answer = trace["delta1"].value[0]
    prompt = tr(lang, f"A softmax output with cross-entropy loss, one sample. Scores z = {vec(z)} "
                      f"give a = softmax(z) = {vec(a)}; the target is y = {vec(y)}. What is ∂L/∂z?",
                f"softmax 输出配合交叉熵损失，一个样本。分数 z = {vec(z)}，a = softmax(z) = {vec(a)}；"
                f"目标为 y = {vec(y)}。求 ∂L/∂z。")
    hints = (
        tr(lang, "The softmax Jacobian and the 1/a of the log cancel: ∂L/∂z = a − y.",
           "softmax 的雅可比与对数的 1/a 相互抵消：∂L/∂z = a − y。"),
        tr(lang, f"Only entry {target + 1} changes: subtract 1 there.",
           f"只有第 {target + 1} 个分量变化：在那里减去 1。"),
    )
    solution = shown(f"∂L/∂z = a − y = {vec(a)} − {vec(y)}", answer)
    wrong = (WrongAnswer("loss_sign_flipped", -answer), WrongAnswer("ce_forgot_target", a))
    part = Part("∂L/∂z", prompt, answer, wrong)
    return Draft(prompt, (part,), hints, solution, {"z": z, "y": y[0]})


def l2_gradient(rng: np.random.Generator, lang: str) -> Draft:
    """With weight decay, ∂L/∂W = (data gradient) + λW: both read from engine traces of the same
    layer with and without the penalty."""
    x = one_decimals(rng, (1, 2), -1.5, 1.5)
    y = one_decimals(rng, (1, 2), -1.5, 1.5)
    w = one_decimals(rng, (2, 2), -1.0, 1.0)
    b = np.zeros(2)
    lam = float(rng.choice([0.1, 0.2, 0.5]))
    layers = [{"units": 2, "activation": "identity"}]
    data = run_trace(layers, "mse", x, y, [w], [b])["dW1"].value
    trace = run_trace(layers, "mse", x, y, [w], [b], weight_decay=lam)
    answer = trace["dW1"].value
    prompt = tr(
        lang,
        f"The loss has an L2 penalty: L = L_data + ½λ‖W‖² with λ = {num(lam)}. For W = {mat(w)} "
        f"the data part gives ∂L_data/∂W = {mat(data)}. What is ∂L/∂W (2×2)?",
        f"损失带有 L2 惩罚：L = L_data + ½λ‖W‖²，λ = {num(lam)}。W = {mat(w)} 时，数据部分给出 "
        f"∂L_data/∂W = {mat(data)}。求 ∂L/∂W（2×2）。")
    hints = (
        tr(lang, "The gradient of a sum is the sum of the gradients.", "和的梯度等于梯度的和。"),
        tr(lang, "∂(½λ‖W‖²)/∂W = λW: add it entry by entry.", "∂(½λ‖W‖²)/∂W = λW：逐元素加上。"),
    )
    solution = "\n".join([shown(f"λW = {num(lam)}·W", lam * w),
                          shown("∂L/∂W = ∂L_data/∂W + λW", answer)])
    wrong = (WrongAnswer("l2_forgotten", data), WrongAnswer("l2_doubled", data + 2 * lam * w))
    part = Part("∂L/∂W", prompt, answer, wrong)
    return Draft(prompt, (part,), hints, solution,
                 {"x": x, "y": y, "W": w, "lambda": lam, "data": data})
