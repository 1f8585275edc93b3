"""Generators for the elementary kinds: derivatives, partial derivatives, a gradient step and the
slopes of the activations. Their references come from a formula (activations: the engine's own
`derivative`); the tests check each against finite differences of a separate implementation."""

from __future__ import annotations

import numpy as np

from bp_tutor.nn import ACTIVATIONS, get_activation
from bp_tutor.quiz.gen_common import (
    num,
    one_decimal,
    one_decimals,
    paren,
    power,
    shown,
    sigmoid,
    sup,
    term,
    vec,
)
from bp_tutor.quiz.model import Draft, Part, Redraw, WrongAnswer, arr, tr


def derivative_at_point(rng: np.random.Generator, lang: str) -> Draft:
    """f(x) = c·xⁿ + d·x, f′(x₀) = c·n·x₀ⁿ⁻¹ + d."""
    c = int(rng.integers(1, 5))
    n = int(rng.integers(2, 4))
    d = int(rng.choice([-3, -2, -1, 1, 2, 3]))
    x0 = one_decimal(rng, -2.0, 2.0)
    answer = c * n * x0 ** (n - 1) + d
    f = f"{term(c, power('x', n), first=True)} {term(d, 'x')}"
    derivative = f"{term(c * n, power('x', n - 1), first=True)} {term(d, '')}"
    at_point = f"{c * n}·{power(paren(x0), n - 1)} {term(d, '')}"
    prompt = tr(lang, f"f(x) = {f}. What is f′(x) at x = {num(x0)}?",
                f"f(x) = {f}。求 f′(x) 在 x = {num(x0)} 处的值。")
    hints = (
        tr(lang, "Differentiate term by term: d/dx xⁿ = n·xⁿ⁻¹ and d/dx x = 1.",
           "逐项求导：d/dx xⁿ = n·xⁿ⁻¹，d/dx x = 1。"),
        tr(lang, f"f′(x) = {derivative}; now put in x = {num(x0)}.",
           f"f′(x) = {derivative}；再代入 x = {num(x0)}。"),
    )
    solution = (f"f′(x) = {derivative}" + tr(lang, ", so ", "，所以 ")
                + shown(f"f′({num(x0)}) = {at_point}", answer))
    wrong = (WrongAnswer("power_rule", arr(c * n * x0**n + d)),
             WrongAnswer("sign_flipped", arr(-answer)))
    part = Part("f′(x₀)", prompt, arr(answer), wrong)
    return Draft(prompt, (part,), hints, solution, {"c": c, "n": n, "d": d, "x0": x0})


def chain_rule(rng: np.random.Generator, lang: str) -> Draft:
    """f(x) = (ax + b)ⁿ: f′ = n(ax + b)ⁿ⁻¹·a;  or f(x) = σ(ax + b): f′ = σ(1 − σ)·a."""
    a = int(rng.choice([-3, -2, 2, 3]))
    b = int(rng.integers(-2, 3))
    x0 = one_decimal(rng, -1.5, 1.5)
    u = a * x0 + b
    inner = term(a, "x", first=True) + (f" {term(b, '')}" if b else "")
    at_x0 = tr(lang, f"At x = {num(x0)}: ", f"在 x = {num(x0)} 处：")
    if rng.random() < 0.5:
        n = int(rng.integers(2, 4))
        answer = n * u ** (n - 1) * a
        wrong = (WrongAnswer("forgot_inner_derivative", arr(n * u ** (n - 1))),
                 WrongAnswer("power_rule", arr(n * u**n * a)))
        prompt = tr(lang, f"f(x) = ({inner}){sup(n)}. What is f′(x) at x = {num(x0)}?",
                    f"f(x) = ({inner}){sup(n)}。求 f′(x) 在 x = {num(x0)} 处的值。")
        hints = (
            tr(lang, "Outer function uⁿ, inner function u = ax + b: f′ = n·uⁿ⁻¹ · u′.",
               "外层函数 uⁿ，内层函数 u = ax + b：f′ = n·uⁿ⁻¹ · u′。"),
            tr(lang, f"At x = {num(x0)}, u = {num(u)} and u′ = {num(a)}.",
               f"在 x = {num(x0)} 处，u = {num(u)}，u′ = {num(a)}。"),
        )
        solution = "\n".join([
            f"{at_x0}u = {inner} = {num(u)},  u′ = {num(a)}",
            shown(f"f′ = {n}{power('u', n - 1)}·u′ = {n}·{power(paren(u), n - 1)}·{paren(a)}",
                  answer),
        ])
        params = {"form": "power", "a": a, "b": b, "n": n, "x0": x0}
    else:
        s = float(sigmoid(u))
        answer = s * (1 - s) * a
        wrong = (WrongAnswer("forgot_inner_derivative", arr(s * (1 - s))),
                 WrongAnswer("sigma_for_sigma_prime", arr(s * a)))
        prompt = tr(lang, f"f(x) = σ({inner}). At x = {num(x0)}, σ({num(u)}) = {num(s)}. "
                          "What is f′(x) there?",
                    f"f(x) = σ({inner})。在 x = {num(x0)} 处，σ({num(u)}) = {num(s)}。"
                    "求该点的 f′(x)。")
        hints = (
            tr(lang, "Outer function σ(u), inner u = ax + b: f′ = σ′(u) · u′.",
               "外层函数 σ(u)，内层 u = ax + b：f′ = σ′(u) · u′。"),
            tr(lang, "σ′(u) = σ(u)(1 − σ(u)); u′ is the coefficient of x.",
               "σ′(u) = σ(u)(1 − σ(u))；u′ 是 x 的系数。"),
        )
        solution = "\n".join([
            f"{at_x0}u = {inner} = {num(u)},  σ(u) = {num(s)},  u′ = {num(a)}",
            shown(f"f′ = σ(u)(1 − σ(u))·u′ = {num(s)}·{num(1 - s)}·{paren(a)}", answer),
        ])
        params = {"form": "sigmoid", "a": a, "b": b, "x0": x0}
    # The opposite sign: with a negative coefficient the usual slip is u′ = |a| (the minus of
    # the inner function dropped); with a positive one a sign went wrong elsewhere.
    sign = WrongAnswer("inner_derivative_sign" if a < 0 else "sign_flipped", arr(-answer))
    part = Part("f′(x₀)", prompt, arr(answer), (*wrong, sign))
    return Draft(prompt, (part,), hints, solution, params)


def partial_derivative(rng: np.random.Generator, lang: str) -> Draft:
    """f(x, y) = p·x²y + q·xy²:  ∂f/∂x = 2p·xy + q·y²."""
    p = int(rng.integers(1, 4))
    q = int(rng.integers(1, 4))
    x0 = one_decimal(rng, -2.0, 2.0)
    y0 = one_decimal(rng, -2.0, 2.0)
    dfdx = 2 * p * x0 * y0 + q * y0**2
    dfdy = p * x0**2 + 2 * q * x0 * y0
    f = f"{term(p, 'x²y', first=True)} {term(q, 'xy²')}"
    general = f"{term(2 * p, 'xy', first=True)} {term(q, 'y²')}"
    point = f"({num(x0)}, {num(y0)})"
    prompt = tr(lang, f"f(x, y) = {f}. What is ∂f/∂x at (x, y) = {point}?",
                f"f(x, y) = {f}。求 ∂f/∂x 在 (x, y) = {point} 处的值。")
    hints = (
        tr(lang, "Treat y as a constant and differentiate with respect to x only.",
           "把 y 当作常数，只对 x 求导。"),
        tr(lang, f"∂f/∂x = {general}.", f"∂f/∂x = {general}。"),
    )
    q_factor = "" if q == 1 else f"{q}·"
    at_point = tr(lang, f", so at {point} it is ", f"，所以在 {point} 处它等于 ")
    solution = (f"∂f/∂x = {general}{at_point}"
                + shown(f"{2 * p}·{paren(x0)}·{paren(y0)} + {q_factor}{paren(y0)}²",
                        dfdx))
    wrong = (WrongAnswer("partial_other_variable", arr(dfdx + dfdy)),
             WrongAnswer("sign_flipped", arr(-dfdx)))
    part = Part("∂f/∂x", prompt, arr(dfdx), wrong)
    return Draft(prompt, (part,), hints, solution, {"p": p, "q": q, "x0": x0, "y0": y0})


def sgd_update(rng: np.random.Generator, lang: str) -> Draft:
    """L(w) = ½‖w − c‖², ∂L/∂w = w − c, one step: w ← w − η(w − c)."""
    w = one_decimals(rng, 2, -2.0, 2.0)
    c = one_decimals(rng, 2, -2.0, 2.0)
    eta = float(rng.choice([0.1, 0.2, 0.5]))
    grad = w - c
    if np.any(grad == 0):
        raise Redraw("a zero gradient component would make the step trivial")
    answer = w - eta * grad
    prompt = tr(
        lang,
        f"L(w) = ½‖w − c‖² with c = {vec(c)}. At w = {vec(w)}, take one gradient-descent step "
        f"with learning rate η = {num(eta)}. What is the new w?",
        f"L(w) = ½‖w − c‖²，其中 c = {vec(c)}。在 w = {vec(w)} 处以学习率 η = {num(eta)} "
        "做一步梯度下降。新的 w 是多少？")
    hints = (
        tr(lang, "First the gradient: ∂L/∂w = w − c.", "先求梯度：∂L/∂w = w − c。"),
        tr(lang, "Then step against it: w ← w − η·∂L/∂w.", "再沿其反方向走一步：w ← w − η·∂L/∂w。"),
    )
    solution = "\n".join([
        shown(f"∂L/∂w = w − c = {vec(w)} − {vec(c)}", grad),
        shown(f"w ← w − η·∂L/∂w = {vec(w)} − {num(eta)}·{vec(grad)}", answer),
    ])
    wrong = (WrongAnswer("gradient_ascent", w + eta * grad),
             WrongAnswer("forgot_learning_rate", w - grad))
    part = Part("w", prompt, answer, wrong)
    return Draft(prompt, (part,), hints, solution, {"w": w, "c": c, "eta": eta})


def sigmoid_prime(rng: np.random.Generator, lang: str) -> Draft:
    """σ′(z) = σ(z)(1 − σ(z)), from the engine's sigmoid."""
    z = one_decimal(rng, -3.0, 3.0)
    act = ACTIVATIONS["sigmoid"]
    s = float(act.forward(arr(z)))
    answer = act.derivative(arr(z))
    prompt = tr(lang, f"σ({num(z)}) = {num(s)}. What is σ′({num(z)})?",
                f"σ({num(z)}) = {num(s)}。σ′({num(z)}) 等于多少？")
    hints = (
        tr(lang, "The sigmoid's slope is written with its own output: σ′(z) = σ(z)(1 − σ(z)).",
           "sigmoid 的斜率可以用它自己的输出表示：σ′(z) = σ(z)(1 − σ(z))。"),
        tr(lang, f"Use σ(z) = {num(s)}, not z = {num(z)}.", f"用 σ(z) = {num(s)}，而不是 z = {num(z)}。"),
    )
    solution = ("σ′(z) = σ(z)(1 − σ(z))" + tr(lang, ", so ", "，所以 ")
                + shown(f"σ′({num(z)}) = {num(s)}·{num(1 - s)}", answer))
    wrong = (WrongAnswer("z_for_a", arr(z * (1 - z))), WrongAnswer("sigma_for_sigma_prime", arr(s)))
    part = Part("σ′(z)", prompt, arr(answer), wrong)
    return Draft(prompt, (part,), hints, solution, {"z": z})


def tanh_prime(rng: np.random.Generator, lang: str) -> Draft:
    """tanh′(z) = 1 − tanh²(z), from the engine's tanh."""
    z = one_decimal(rng, -2.0, 2.0)
    act = ACTIVATIONS["tanh"]
    t = float(act.forward(arr(z)))
    answer = act.derivative(arr(z))
    prompt = tr(lang, f"tanh({num(z)}) = {num(t)}. What is tanh′({num(z)})?",
                f"tanh({num(z)}) = {num(t)}。tanh′({num(z)}) 等于多少？")
    hints = (
        tr(lang, "tanh′(z) = 1 − tanh²(z): it is written with the output a = tanh(z).",
           "tanh′(z) = 1 − tanh²(z)：用输出 a = tanh(z) 表示。"),
        tr(lang, f"Square {num(t)}, then subtract the result from 1.",
           f"先把 {num(t)} 平方，再用 1 减去它。"),
    )
    solution = ("tanh′(z) = 1 − tanh²(z)" + tr(lang, ", so ", "，所以 ")
                + shown(f"tanh′({num(z)}) = 1 − {paren(t)}²", answer))
    wrong = (WrongAnswer("tanh_one_minus_z2", arr(1 - z * z)),
             WrongAnswer("sign_flipped", arr(-float(answer))))
    part = Part("tanh′(z)", prompt, arr(answer), wrong)
    return Draft(prompt, (part,), hints, solution, {"z": z})


def _relu_inputs(rng: np.random.Generator) -> np.ndarray:
    """Three or four inputs with both signs; an input exactly on the kink z = 0 is redrawn."""
    size = int(rng.integers(3, 5))
    z = arr([one_decimal(rng, -3.0, 3.0, nonzero=False) for _ in range(size)])
    if np.any(z == 0.0):
        raise Redraw("a ReLU input on its kink")
    if np.all(z > 0) or np.all(z < 0):
        raise Redraw("both signs make the question worth asking")
    return z


def relu_prime(rng: np.random.Generator, lang: str) -> Draft:
    """ReLU′(z) = 1 where z > 0, else 0 (engine's ReLU)."""
    z = _relu_inputs(rng)
    answer = ACTIVATIONS["relu"].derivative(z)
    prompt = tr(lang, f"z = {vec(z)}. What is ReLU′(z), element by element?",
                f"z = {vec(z)}。逐元素求 ReLU′(z)。")
    hints = (
        tr(lang, "ReLU(z) = max(0, z) is a line of slope 1 for z > 0 and flat (slope 0) for z < 0.",
           "ReLU(z) = max(0, z) 在 z > 0 时是斜率为 1 的直线，在 z < 0 时是平的（斜率 0）。"),
        tr(lang, "The answer is a vector of 0s and 1s, one per input.",
           "答案是由 0 和 1 组成的向量，每个输入一个。"),
    )
    solution = shown(tr(lang, "ReLU′(z) is 1 where z > 0 and 0 where z < 0: ReLU′(z)",
                        "ReLU′(z) 在 z > 0 处为 1，在 z < 0 处为 0：ReLU′(z)"), answer)
    wrong = (WrongAnswer("relu_prime_confusion", 1.0 - answer),
             WrongAnswer("relu_value_for_slope", ACTIVATIONS["relu"].forward(z)))
    part = Part("ReLU′(z)", prompt, answer, wrong)
    return Draft(prompt, (part,), hints, solution, {"z": z})


def leaky_relu_prime(rng: np.random.Generator, lang: str) -> Draft:
    """LeakyReLU′(z) = 1 where z > 0, else α (engine's LeakyReLU)."""
    z = _relu_inputs(rng)
    alpha = float(rng.choice([0.1, 0.2, 0.3]))
    act = get_activation("leaky_relu", alpha)
    answer = act.derivative(z)
    prompt = tr(lang, f"Leaky ReLU with α = {num(alpha)}; z = {vec(z)}. What is LeakyReLU′(z), "
                      "element by element?",
                f"Leaky ReLU，α = {num(alpha)}；z = {vec(z)}。逐元素求 LeakyReLU′(z)。")
    hints = (
        tr(lang, "LeakyReLU(z) = z for z > 0 and αz for z ≤ 0.",
           "LeakyReLU(z) 在 z > 0 时为 z，在 z ≤ 0 时为 αz。"),
        tr(lang, "So the slope is 1 on the right and α (not 0) on the left.",
           "所以右侧斜率为 1，左侧斜率为 α（不是 0）。"),
    )
    solution = shown(tr(lang, f"LeakyReLU′(z) is 1 where z > 0 and α = {num(alpha)} where z ≤ 0: "
                              "LeakyReLU′(z)",
                        f"LeakyReLU′(z) 在 z > 0 处为 1，在 z ≤ 0 处为 α = {num(alpha)}："
                        "LeakyReLU′(z)"), answer)
    wrong = (WrongAnswer("leaky_as_relu", ACTIVATIONS["relu"].derivative(z)),
             WrongAnswer("relu_prime_confusion", np.where(z > 0, alpha, 1.0)))
    part = Part("LeakyReLU′(z)", prompt, answer, wrong)
    return Draft(prompt, (part,), hints, solution, {"z": z, "alpha": alpha})
