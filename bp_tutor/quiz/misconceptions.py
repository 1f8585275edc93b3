"""The mistakes students typically make with gradients, each named and explained.

A question lists, for the numbers it drew, what each mistake would produce; an answer that
matches one gets that mistake's title and explanation instead of a bare "wrong".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Misconception:
    id: str
    title_en: str
    title_zh: str
    explanation_en: str
    explanation_zh: str

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def explanation(self, lang: str) -> str:
        return self.explanation_zh if lang == "zh" else self.explanation_en


_ALL = (
    # Two sign mistakes: a generic one (calculus, a given δ, the lab's cells), and the one that
    # only a loss gradient can show, so that the explanation always fits the question.
    Misconception(
        "sign_flipped", "Sign flipped", "符号反了",
        "Your answer has the right size but the opposite sign: a minus sign was lost or added "
        "along the way. Recheck the sign of every factor and every subtraction.",
        "数值大小对了，但符号相反：计算中丢了或多了一个负号。逐一检查每个因子和每个减法的符号。"),
    Misconception(
        "loss_sign_flipped", "Sign flipped: y − a instead of a − y", "符号反了：写成了 y − a",
        "The loss gradient starts from the output minus the target: the gradient of ½(a − y)² "
        "with respect to a is a − y, not y − a (and softmax with cross-entropy gives "
        "∂L/∂z = a − y as well).",
        "损失的梯度从“输出减目标”开始：½(a − y)² 对 a 的梯度是 a − y，而不是 y − a"
        "（softmax 配合交叉熵时 ∂L/∂z 也是 a − y）。"),
    Misconception(
        "forgot_mean", "The 1/N was forgotten", "忘了 1/N",
        "The loss is the mean over the N samples of the batch, so every gradient carries a "
        "factor 1/N. Your answer is N times too large.",
        "损失是对批中 N 个样本取平均，所以每个梯度都带有因子 1/N。你的答案大了 N 倍。"),
    Misconception(
        "mean_twice", "The 1/N was applied twice", "1/N 用了两次",
        "δ already carries the 1/N of the mean; dividing by N again (for example by averaging "
        "instead of summing over the batch) makes the answer N times too small.",
        "δ 已经包含了平均带来的 1/N；再除一次 N（例如对批求平均而不是求和）会让答案小 N 倍。"),
    Misconception(
        "z_for_a", "z used where a belongs", "把 a 写成了 z",
        "The derivative is written in terms of the activation's output a = f(z), not its input z: "
        "σ′(z) = a(1 − a) with a = σ(z), and the softmax Jacobian is built from the "
        "probabilities a, not from the scores z.",
        "导数要用激活函数的输出 a = f(z) 来写，而不是输入 z：σ′(z) = a(1 − a)，其中 a = σ(z)；"
        "softmax 的雅可比矩阵也由概率 a 构成，而不是由分数 z 构成。"),
    Misconception(
        "sigma_for_sigma_prime", "σ used where σ′ = σ(1 − σ) belongs", "把 σ′ 写成了 σ",
        "You used the sigmoid's value σ(z) where its slope σ′(z) = σ(z)(1 − σ(z)) is needed.",
        "需要的是 sigmoid 的斜率 σ′(z) = σ(z)(1 − σ(z))，而你用了它的值 σ(z)。"),
    Misconception(
        "softmax_diagonal_only", "Only the diagonal of the softmax Jacobian", "只算了 softmax 雅可比的对角线",
        "Every softmax output depends on every score: ∂aᵢ/∂zⱼ = −aᵢaⱼ for i ≠ j. Keeping only the "
        "diagonal aᵢ(1 − aᵢ) treats softmax as if it were elementwise.",
        "每个 softmax 输出都依赖所有分数：i ≠ j 时 ∂aᵢ/∂zⱼ = −aᵢaⱼ。只保留对角线 aᵢ(1 − aᵢ) "
        "相当于把 softmax 当成了逐元素函数。"),
    Misconception(
        "softmax_offdiagonal_sign", "+aᵢaⱼ off the diagonal instead of −aᵢaⱼ",
        "非对角线写成了 +aᵢaⱼ",
        "Raising one score zⱼ raises aⱼ, and since the outputs always add up to 1, every other "
        "output falls: ∂aᵢ/∂zⱼ = −aᵢaⱼ is negative for i ≠ j. (So each column of the Jacobian "
        "adds up to 0.)",
        "提高一个分数 zⱼ 会让 aⱼ 变大，而输出之和始终为 1，所以其他输出都会变小："
        "i ≠ j 时 ∂aᵢ/∂zⱼ = −aᵢaⱼ 是负的。（因此雅可比矩阵每一列之和为 0。）"),
    Misconception(
        "term_sign", "One term of a sum has the wrong sign", "和式中有一项的符号错了",
        "This value is a sum of products, and one product went in with the opposite sign, most "
        "often a product of two negative numbers, which is positive.",
        "这个值是若干乘积之和，其中一个乘积的符号弄反了，最常见的是两个负数相乘（结果为正）。"),
    Misconception(
        "dw_transposed", "∂L/∂W transposed", "∂L/∂W 转置了",
        "∂L/∂W has the shape of W: (inputs × units). It is aᵀδ (previous activations "
        "transposed, times δ), not δᵀa.",
        "∂L/∂W 与 W 形状相同：（输入数 × 单元数）。它是 aᵀδ（上一层激活的转置乘以 δ），而不是 δᵀa。"),
    Misconception(
        "mse_factor_two", "The ½ of MSE not cancelled", "没有用 ½ 抵消 2",
        "Our MSE is ½(a − y)²: the ½ is there so that it cancels the 2 from differentiating the "
        "square. The gradient is a − y, not 2(a − y).",
        "我们的 MSE 是 ½(a − y)²：½ 正是为了抵消平方求导得到的 2。梯度是 a − y，而不是 2(a − y)。"),
    Misconception(
        "mse_kept_half", "The ½ of MSE kept after differentiating", "求导后还保留了 ½",
        "Differentiating ½u² gives u, not ½u: the 2 from the square cancels the ½.",
        "对 ½u² 求导得到 u 而不是 ½u：平方带来的 2 抵消了 ½。"),
    Misconception(
        "relu_prime_confusion", "ReLU′ on the wrong side", "ReLU′ 的两侧弄反了",
        "ReLU(z) = max(0, z) has slope 1 where z > 0 and slope 0 where z < 0 (at exactly 0 we take "
        "0). Your answer uses the slopes the other way round.",
        "ReLU(z) = max(0, z) 在 z > 0 处斜率为 1，在 z < 0 处斜率为 0（恰好为 0 时取 0）。"
        "你的答案把两侧的斜率弄反了。"),
    Misconception(
        "relu_value_for_slope", "ReLU(z) used instead of ReLU′(z)", "把 ReLU′ 写成了 ReLU",
        "You gave the activation's value max(0, z) where its slope (0 or 1) is asked.",
        "题目问的是斜率（0 或 1），你给出的是激活值 max(0, z)。"),
    Misconception(
        "leaky_as_relu", "Leaky ReLU treated as ReLU", "把 Leaky ReLU 当成了 ReLU",
        "Leaky ReLU keeps a small slope α for z ≤ 0: its derivative there is α, not 0.",
        "Leaky ReLU 在 z ≤ 0 时仍有小斜率 α：那里的导数是 α，而不是 0。"),
    Misconception(
        "gradient_ascent", "Update in the wrong direction", "更新方向反了",
        "Gradient descent steps against the gradient: θ ← θ − η ∂L/∂θ. Adding η ∂L/∂θ climbs "
        "the loss instead of descending it.",
        "梯度下降沿梯度的反方向走：θ ← θ − η ∂L/∂θ。加上 η ∂L/∂θ 会让损失变大。"),
    Misconception(
        "forgot_learning_rate", "The learning rate was left out", "漏掉了学习率",
        "The step is η times the gradient: θ ← θ − η ∂L/∂θ.",
        "步长是学习率乘以梯度：θ ← θ − η ∂L/∂θ。"),
    Misconception(
        "tanh_one_minus_z2", "tanh′ written as 1 − z²", "把 tanh′ 写成了 1 − z²",
        "tanh′(z) = 1 − tanh²(z) = 1 − a²: square the output a = tanh(z), not the input z.",
        "tanh′(z) = 1 − tanh²(z) = 1 − a²：要平方的是输出 a = tanh(z)，不是输入 z。"),
    Misconception(
        "forgot_inner_derivative", "The chain rule's inner derivative was forgotten", "链式法则漏了内层导数",
        "For f(g(x)) the derivative is f′(g(x)) · g′(x): after differentiating the outer "
        "function, multiply by the derivative of what is inside it.",
        "f(g(x)) 的导数是 f′(g(x)) · g′(x)：对外层函数求导后，还要乘以内层函数的导数。"),
    Misconception(
        "inner_derivative_sign", "The inner derivative's sign was lost", "内层导数的符号丢了",
        "For f(ax + b) the inner derivative is a itself, sign included: with a negative "
        "coefficient, u′ is negative, and that minus sign carries into f′.",
        "对 f(ax + b) 来说，内层导数就是 a 本身，包括它的符号：系数为负时 u′ 也是负的，"
        "这个负号要带进 f′。"),
    Misconception(
        "missing_activation_derivative", "δ without the activation's derivative", "δ 漏了激活函数的导数",
        "δ = ∂L/∂z, not ∂L/∂a: the gradient reaching a layer's output must still go through the "
        "activation, i.e. be multiplied elementwise by f′(z).",
        "δ 是 ∂L/∂z 而不是 ∂L/∂a：到达输出的梯度还要穿过激活函数，即逐元素乘以 f′(z)。"),
    Misconception(
        "w_not_transposed", "W used instead of Wᵀ going back", "反向传播时用了 W 而不是 Wᵀ",
        "Going back a layer, δˡ⁻¹ = (δˡ Wˡᵀ) ⊙ f′(zˡ⁻¹): each hidden unit collects the deltas of "
        "the units it feeds, along its own row of W, which is a column of Wᵀ.",
        "向后传一层时 δˡ⁻¹ = (δˡ Wˡᵀ) ⊙ f′(zˡ⁻¹)：每个隐藏单元沿着 W 中它自己的那一行收集"
        "它所连接单元的 δ，也就是 Wᵀ 的一列。"),
    Misconception(
        "bias_forgotten", "The bias was left out", "漏了偏置",
        "z = a_prev W + b: the weighted sum is only part of it. Add the unit's bias b.",
        "z = a_prev W + b：加权和只是其中一部分，还要加上这个单元的偏置 b。"),
    Misconception(
        "activation_forgotten", "z given where a = f(z) was asked", "把 z 当成了 a = f(z)",
        "That number is the pre-activation z. The layer's output is a = f(z): apply the "
        "activation to it.",
        "这个数是激活前的 z。这一层的输出是 a = f(z)：还要对它应用激活函数。"),
    Misconception(
        "bias_not_summed", "Bias gradient not summed over the batch", "偏置梯度没有对批求和",
        "b is added to every sample's z, so ∂L/∂b adds up δ over the rows of the batch: Σₙ δₙ "
        "is one value per unit.",
        "b 加到了每个样本的 z 上，所以 ∂L/∂b 要把 δ 在批的各行上相加：Σₙ δₙ，每个单元一个值。"),
    Misconception(
        "l2_forgotten", "The L2 term was forgotten", "漏掉了 L2 项",
        "With the penalty ½λ‖W‖² in the loss, ∂L/∂W gains λW on top of the data gradient.",
        "损失中有惩罚项 ½λ‖W‖² 时，∂L/∂W 要在数据梯度之外再加上 λW。"),
    Misconception(
        "l2_doubled", "2λW instead of λW", "写成了 2λW 而不是 λW",
        "The penalty is ½λ‖W‖²: its ½ cancels the 2 from the square, so its gradient is λW.",
        "惩罚项是 ½λ‖W‖²：½ 抵消了平方带来的 2，所以它的梯度是 λW。"),
    Misconception(
        "power_rule", "Power rule: exponent not lowered", "幂法则：指数没有减一",
        "d/dx xⁿ = n xⁿ⁻¹: bring the exponent down as a factor and lower it by one.",
        "d/dx xⁿ = n xⁿ⁻¹：把指数拿下来作为系数，同时指数减一。"),
    Misconception(
        "partial_other_variable", "The other variable was differentiated too", "把另一个变量也求导了",
        "In ∂f/∂x every other variable is a constant. Your answer adds the terms of ∂f/∂y as well.",
        "求 ∂f/∂x 时其他变量都当作常数。你的答案把 ∂f/∂y 的项也加进来了。"),
    Misconception(
        "softmax_no_exp", "Scores normalised without the exponential", "没有取指数就归一化",
        "softmax(z)ᵢ = exp(zᵢ) / Σₖ exp(zₖ): exponentiate first, then divide by the sum.",
        "softmax(z)ᵢ = exp(zᵢ) / Σₖ exp(zₖ)：先取指数，再除以总和。"),
    Misconception(
        "softmax_not_normalised", "The exponentials were not normalised", "指数没有归一化",
        "After exp(zᵢ), divide by Σₖ exp(zₖ) so that the outputs add up to 1.",
        "算出 exp(zᵢ) 之后还要除以 Σₖ exp(zₖ)，使输出之和为 1。"),
    Misconception(
        "ce_forgot_target", "The target was not subtracted", "没有减去目标",
        "For softmax with cross-entropy, ∂L/∂z = a − y: subtract the one-hot target from the "
        "probabilities.",
        "softmax 配合交叉熵时 ∂L/∂z = a − y：要从概率中减去 one-hot 目标。"),
    Misconception(
        "forgot_input_factor", "The input xⱼ was left out", "漏掉了输入 xⱼ",
        "z = Σⱼ wⱼxⱼ + b, so ∂z/∂wⱼ = xⱼ: the weight gradient is δ · xⱼ.",
        "z = Σⱼ wⱼxⱼ + b，所以 ∂z/∂wⱼ = xⱼ：权重梯度是 δ · xⱼ。"),
)

MISCONCEPTIONS: dict[str, Misconception] = {m.id: m for m in _ALL}
