"""Every quiz kind, its topic (a lesson id) and `generate`, which turns (kind, seed, lang) into
the same question every time, redrawing any draw that would be ambiguous."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bp_tutor.quiz import gen_calculus as calc
from bp_tutor.quiz import gen_losses as losses
from bp_tutor.quiz import gen_network as net
from bp_tutor.quiz.model import Draft, Question, QuizKind, Redraw
from bp_tutor.quiz.tolerance import close, distinguishable

Generator = Callable[[np.random.Generator, str], Draft]

# Redraws allowed before giving up; accepted draws are common, so this is never reached.
MAX_DRAWS = 500


def _kind(name: str, topic: str, en: str, zh: str, generator: Generator,
          misconceptions: str) -> QuizKind:
    return QuizKind(name, topic, en, zh, generator, tuple(misconceptions.split()))


KINDS: dict[str, QuizKind] = {k.name: k for k in (
    _kind("derivative_at_point", "derivatives", "Derivative at a point", "某点处的导数",
          calc.derivative_at_point, "power_rule sign_flipped"),
    _kind("chain_rule", "derivatives", "Chain rule", "链式法则", calc.chain_rule,
          "forgot_inner_derivative inner_derivative_sign sign_flipped power_rule sigma_for_sigma_prime"),
    _kind("partial_derivative", "gradient-descent", "Partial derivative", "偏导数",
          calc.partial_derivative, "partial_other_variable sign_flipped"),
    _kind("sgd_update", "gradient-descent", "A gradient-descent step", "一步梯度下降",
          calc.sgd_update, "gradient_ascent forgot_learning_rate"),
    _kind("sigmoid_prime", "activations", "Slope of the sigmoid", "sigmoid 的斜率",
          calc.sigmoid_prime, "z_for_a sigma_for_sigma_prime"),
    _kind("tanh_prime", "activations", "Slope of tanh", "tanh 的斜率", calc.tanh_prime,
          "tanh_one_minus_z2 sign_flipped"),
    _kind("relu_prime", "activations", "Slope of ReLU", "ReLU 的斜率", calc.relu_prime,
          "relu_prime_confusion relu_value_for_slope"),
    _kind("leaky_relu_prime", "activations", "Slope of Leaky ReLU", "Leaky ReLU 的斜率",
          calc.leaky_relu_prime, "leaky_as_relu relu_prime_confusion"),
    _kind("mse_gradient", "mse", "Gradient of MSE", "MSE 的梯度", losses.mse_gradient,
          "loss_sign_flipped mse_factor_two mse_kept_half"),
    _kind("softmax_output", "softmax", "Softmax outputs", "softmax 输出", losses.softmax_output,
          "softmax_no_exp softmax_not_normalised"),
    _kind("softmax_jacobian", "softmax", "Softmax Jacobian", "softmax 雅可比矩阵",
          losses.softmax_jacobian,
          "softmax_diagonal_only softmax_offdiagonal_sign z_for_a sign_flipped"),
    _kind("softmax_ce_gradient", "cross-entropy", "Softmax with cross-entropy",
          "softmax 与交叉熵", losses.softmax_ce_gradient, "loss_sign_flipped ce_forgot_target"),
    _kind("neuron_weight_gradient", "neuron", "Weight gradient of a neuron", "神经元的权重梯度",
          net.neuron_weight_gradient,
          "missing_activation_derivative forgot_input_factor z_for_a loss_sign_flipped"),
    _kind("layer_delta", "dense-layer", "Output-layer δ", "输出层的 δ", net.layer_delta,
          "forgot_mean missing_activation_derivative z_for_a loss_sign_flipped"),
    _kind("layer_dw", "dense-layer", "Weight gradient of a layer", "层的权重梯度", net.layer_dw,
          "dw_transposed mean_twice forgot_mean sign_flipped term_sign"),
    _kind("layer_db", "dense-layer", "Bias gradient of a layer", "层的偏置梯度", net.layer_db,
          "bias_not_summed mean_twice forgot_mean sign_flipped term_sign"),
    _kind("delta_back", "backprop", "One step back", "向后传一层", net.delta_back,
          "w_not_transposed missing_activation_derivative sigma_for_sigma_prime z_for_a term_sign"),
    _kind("backprop_two_step", "backprop", "Two steps back", "向后传两层", net.backprop_two_step,
          "missing_activation_derivative z_for_a loss_sign_flipped w_not_transposed term_sign"),
    _kind("batch_mean_gradient", "mse", "Gradient of a batch mean", "批平均的梯度",
          losses.batch_mean_gradient, "forgot_mean mean_twice loss_sign_flipped term_sign"),
    _kind("l2_gradient", "vectorizing", "Gradient with an L2 penalty", "带 L2 惩罚的梯度",
          losses.l2_gradient, "l2_forgotten l2_doubled"),
    _kind("find_the_bug", "gradient-checking", "Find the bug", "找出错误", net.find_the_bug, ""),
)}

# Lesson ids in course order. A kind's topic is the lesson that teaches it (the first lesson whose
# quizzes ask it); later lessons may ask it again as review.
TOPICS: tuple[str, ...] = (
    "derivatives", "gradient-descent", "activations", "mse", "softmax", "cross-entropy",
    "neuron", "dense-layer", "backprop", "training", "vectorizing", "gradient-checking",
)

# Lessons that teach no kind of their own but review earlier ones: a drill on them asks these.
# (The training lesson puts the whole pass together from steps taught before it.)
REVIEWED_IN: dict[str, tuple[str, ...]] = {
    "training": ("sgd_update", "softmax_ce_gradient", "backprop_two_step"),
}

__all__ = ["KINDS", "REVIEWED_IN", "TOPICS", "ambiguity", "close", "generate", "kinds_for_topic"]


def kinds_for_topic(topic: str) -> list[str]:
    """The kinds a drill on `topic` (a lesson id) asks: those it teaches, in KINDS order, then
    those it reviews."""
    taught = [name for name, kind in KINDS.items() if kind.topic == topic]
    return taught + [name for name in REVIEWED_IN.get(topic, ()) if name not in taught]


def ambiguity(draft: Draft) -> str | None:
    """Why a draw cannot be asked, or None. Every pair of answers (the right one and the wrong
    ones, and the wrong ones among themselves) must be far enough apart that no typed value is
    within tolerance of both (`distinguishable`); otherwise a right answer could be named as a
    mistake or a mistake pass as right. Nor may all zeros pass for an answer that is not zero:
    a δ whose every entry is inside the tolerance floor asks nothing of the student."""
    for index, part in enumerate(draft.parts):
        answer = np.asarray(part.answer, dtype=np.float64)
        if np.any(answer != 0) and close(np.zeros_like(answer), answer):
            return f"part {index + 1}: all zeros would pass for the right answer"
        values = [("right", part.answer)] + [(w.misconception, w.value) for w in part.wrong]
        for i, (name_i, value_i) in enumerate(values):
            if not np.all(np.isfinite(value_i)):
                return f"part {index + 1}: {name_i} is not finite"
            for name_j, value_j in values[i + 1:]:
                if not distinguishable(value_i, value_j):
                    return f"part {index + 1}: {name_i} and {name_j} coincide"
    return None


def generate(kind: str, seed: int, lang: str = "en") -> Question:
    """The question of `kind` for `seed`: the same seed always gives the same question."""
    if kind not in KINDS:
        known = ", ".join(KINDS)
        raise KeyError(f"unknown quiz kind {kind!r}; expected one of {known}")
    spec = KINDS[kind]
    rng = np.random.default_rng([seed, sum(map(ord, kind))])
    for _ in range(MAX_DRAWS):
        try:
            draft = spec.generator(rng, lang)
        except Redraw:
            continue
        if ambiguity(draft) is None:
            return Question(kind=kind, topic=spec.topic, seed=seed, lang=lang,
                            prompt=draft.prompt, parts=draft.parts, hints=draft.hints,
                            solution=draft.solution, params=draft.params, integer=draft.integer,
                            lines=draft.lines)
    raise RuntimeError(f"no unambiguous {kind} question found in {MAX_DRAWS} draws")  # pragma: no cover
