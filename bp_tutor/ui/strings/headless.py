"""Strings of the headless commands: `bp-tutor trace` (the listing, the handout, the gradient
check) and `bp-tutor train` (header, progress, summary, divergence).

The `trace.` keys without a dot after the area are the fields of `bp_tutor.nn.render.TraceWords`,
which the trace command fills from here: the engine renders in whatever words it is given.
"""

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        # -- the trace listing and handout (fields of TraceWords) --
        "trace.phase_input": "Inputs and parameters",
        "trace.phase_forward": "Forward pass",
        "trace.phase_loss": "Loss",
        "trace.phase_backward": "Backward pass",
        "trace.phase_update": "Update",
        "trace.input_x": "the input batch, one sample per row",
        "trace.input_y": "the targets, one row per sample",
        "trace.input_weights": "layer {layer}'s weights",
        "trace.input_biases": "layer {layer}'s biases",
        "trace.labelled": "{label}: {text}",
        "trace.per_sample": "(per sample)",
        "trace.scalar": "scalar",
        "trace.list_separator": ", ",
        "trace.handout_title": "Backpropagation, worked example: {name}",
        "trace.handout_intro": "Batches are rows: x holds one sample per row. Each step below "
                               "gives its formula, then its numbers (rounded to {decimals} "
                               "decimals). δ is ∂L/∂z of the loss as reduced over the batch, so "
                               "under a mean it carries the 1/N.",
        "trace.handout_input": "**{label}** ({shape}): {text}",
        "trace.handout_step": "**Step {step}.** `{formula}`",
        "trace.handout_uses": " — uses {inputs}",
        "trace.handout_loss": "The loss of this pass: **L = {loss}**.",
        "trace.columns_left_out": "{shape}, columns {first}–{last} left out",
        "trace.column_left_out": "{shape}, column {first} left out",
        "trace.note.width": "… marks matrix columns left out so that lines fit in {width} "
                            "characters; --width 0 prints every number (--format markdown and "
                            "--format json always do).",
        # -- the gradient check --
        "trace.check.title": "gradient check (centred differences, ε = 1e-5):",
        "trace.check.relative_error": "relative error",
        "trace.check.heading": "Gradient check",
        "trace.check.intro": "Centred differences, ε = 1e-5.",
        "trace.check.table_header": "| gradient | relative error | verdict |",
        "trace.check.verdict.correct": "correct",
        "trace.check.verdict.probably correct": "probably correct",
        "trace.check.verdict.suspicious": "suspicious",
        "trace.check.verdict.wrong": "wrong",
        "trace.check.verdict.at a kink": "at a kink",
        "trace.check.verdict.too small to compare": "too small to compare",
        "trace.check.kink_note": "{kinks}: ReLU inputs within reach of 0, where f′ jumps; a "
                                 "difference across the jump measures neither slope, so the "
                                 "tensors marked \"{at_kink}\" get no verdict.",
        # -- trace errors --
        "trace.error.not_finite": "{label} came out infinite or NaN ({formula}): the numbers in "
                                  "the spec are too large for {dtype}",
        "trace.error.json_not_finite": "the pass produced NaN or infinite values, which JSON "
                                       "cannot hold",
        # The shipped presets' descriptions, for handouts in another language. A description
        # is translated only while the preset still says exactly the English one here.
        "trace.preset.blobs": "Three Gaussian blobs: two inputs, 8 LeakyReLU units, three "
                              "softmax outputs.",
        "trace.preset.dense": "A fully connected layer of two sigmoid units on a batch of two "
                              "samples, mean squared error.",
        "trace.preset.digits": "Handwritten digits, 8x8 pixels: 64 inputs, 64 ReLU units, ten "
                               "softmax outputs.",
        "trace.preset.moons": "Two half-moons: two inputs, 16 tanh units, two softmax outputs.",
        "trace.preset.neuron": "One sigmoid neuron with three inputs and a squared-error loss.",
        "trace.preset.spiral": "Three interleaved spiral arms: two inputs, 32 ReLU units, three "
                               "softmax outputs.",
        "trace.preset.toy-452": "Four inputs, five sigmoid hidden units, two softmax outputs, "
                                "cross-entropy: the worked example of the training lesson. Class "
                                "1 means the first two inputs hold more ones than the last two.",
        "trace.preset.xor": "XOR: two inputs, four tanh hidden units, one sigmoid output, binary "
                            "cross-entropy.",
        # -- train --
        "train.header.network": "training {shape} ({activations}) on {dataset} ({data})",
        "train.header.split": "{train} train, {test} test",
        "train.header.no_test": "{samples} samples, no held-out test set",
        "train.header.settings": "  {loss} ({reduction}){decay}, {optimizer} η={lr}, batch "
                                 "{batch}, {epochs}, {dtype}",
        "train.header.decay": ", λ={decay}",
        "train.epochs.one": "1 epoch",
        "train.epochs.many": "{epochs} epochs",
        "train.progress.metrics": "loss {loss}  train {train}{test}",
        "train.progress.test": "  test {test}",
        "train.progress.line": "epoch {done}/{total} {text}",
        "train.done": "done in {seconds} s: loss {loss}, train accuracy {train}{test}",
        "train.accuracy.test": ", test accuracy {test}",
        "train.interrupted": "interrupted during epoch {epoch} of {epochs}, after {steps} steps "
                             "in {seconds} s",
        "train.interrupted.before_first_step": "interrupted before the first step: nothing was "
                                               "trained",
        "train.interrupted.after_epoch": "after epoch {epoch}: loss {loss}, train accuracy "
                                         "{train}{test}",
        "train.interrupted.no_epoch": "no epoch finished: loss {loss} (mean of the {steps} "
                                      "steps), train accuracy {train}{test}",
        "train.plot.title": "training loss per epoch",
        "train.plot.epoch": "epoch",
        "train.diverged": "training diverged at step {step}: {reason}. The learning rate {lr} is "
                          "probably too large: try {suggested}. The weights are back to "
                          "{restored}.",
        "train.diverged.loss": "the loss became {loss}",
        "train.diverged.grew": "the loss grew from {start} at the start to {loss}, more than "
                               "{factor} times as much",
        "train.diverged.weights": "the weights became NaN or infinite",
        "train.diverged.window": "the median loss of the last {steps} steps is {median}, more "
                                 "than {factor} times the starting loss {start}",
        "train.restored.last_good": "those of the last good step",
        "train.restored.initial": "the initial ones",
        "train.restored.step": "those after step {step}",
        "train.error.no_dataset": "{name!r} has no dataset to train on; add --dataset NAME",
        "train.error.classes": "{dataset} has {classes} classes but the preset's output layer "
                               "has {units} units; choose the output with --output (its units "
                               "follow the classes)",
        "train.error.alpha": "only LeakyReLU layers have a slope α; add --activation leaky_relu",
        "headless.error.memory": "not enough memory for a {shape} network; make the layers "
                                 "smaller (each layer's weights are fan-in × units numbers)",
    },
    "zh": {
        "trace.phase_input": "输入与参数",
        "trace.phase_forward": "前向传播",
        "trace.phase_loss": "损失",
        "trace.phase_backward": "反向传播",
        "trace.phase_update": "参数更新",
        "trace.input_x": "输入批量，每行一个样本",
        "trace.input_y": "目标，每个样本一行",
        "trace.input_weights": "第 {layer} 层的权重",
        "trace.input_biases": "第 {layer} 层的偏置",
        "trace.labelled": "{label}：{text}",
        "trace.per_sample": "（逐样本）",
        "trace.scalar": "标量",
        "trace.list_separator": "、",
        "trace.handout_title": "反向传播算例：{name}",
        "trace.handout_intro": "批量按行排列：x 的每一行是一个样本。下面每一步先给出公式，"
                               "再给出数值（保留 {decimals} 位小数）。δ 是按整个批量归约后的"
                               "损失对 z 的偏导 ∂L/∂z，所以取平均时它带着 1/N。",
        "trace.handout_input": "**{label}** ({shape})：{text}",
        "trace.handout_step": "**第 {step} 步：** `{formula}`",
        "trace.handout_uses": " — 用到 {inputs}",
        "trace.handout_loss": "这次传播的损失：**L = {loss}**。",
        "trace.columns_left_out": "{shape}，省略第 {first}–{last} 列",
        "trace.column_left_out": "{shape}，省略第 {first} 列",
        "trace.note.width": "… 处省略了矩阵的若干列，使每行不超过 {width} 个字符宽；"
                            "加 --width 0 可打印全部数字（--format markdown 和 --format json "
                            "总是打印全部）。",
        "trace.check.title": "梯度检验（中心差分，ε = 1e-5）：",
        "trace.check.relative_error": "相对误差",
        "trace.check.heading": "梯度检验",
        "trace.check.intro": "中心差分，ε = 1e-5。",
        "trace.check.table_header": "| 梯度 | 相对误差 | 结论 |",
        "trace.check.verdict.correct": "正确",
        "trace.check.verdict.probably correct": "基本正确",
        "trace.check.verdict.suspicious": "可疑",
        "trace.check.verdict.wrong": "错误",
        "trace.check.verdict.at a kink": "在折点处",
        "trace.check.verdict.too small to compare": "太小，无法比较",
        "trace.check.kink_note": "{kinks}：这些 ReLU 输入离 0 很近，f′ 在 0 处跳变；跨过跳变的"
                                 "差分哪一侧的斜率都不是，所以标为“{at_kink}”的梯度不作判定。",
        "trace.error.not_finite": "{label} 算出了无穷大或 NaN（{formula}）：规格中的数对 "
                                  "{dtype} 来说太大了",
        "trace.error.json_not_finite": "这次传播产生了 NaN 或无穷大，JSON 无法表示",
        "trace.preset.blobs": "三团高斯分布的点：两个输入，8 个 LeakyReLU 单元，三个 softmax 输出。",
        "trace.preset.dense": "一个全连接层，两个 sigmoid 单元，批量中有两个样本，均方误差。",
        "trace.preset.digits": "手写数字，8×8 像素：64 个输入，64 个 ReLU 单元，十个 softmax 输出。",
        "trace.preset.moons": "两个半月形：两个输入，16 个 tanh 单元，两个 softmax 输出。",
        "trace.preset.neuron": "一个 sigmoid 神经元，三个输入，平方误差损失。",
        "trace.preset.spiral": "三条交错的螺旋臂：两个输入，32 个 ReLU 单元，三个 softmax 输出。",
        "trace.preset.toy-452": "四个输入，五个 sigmoid 隐藏单元，两个 softmax 输出，交叉熵："
                                "训练一课中的算例。前两个输入中的 1 比后两个多时，属于类别 1。",
        "trace.preset.xor": "异或（XOR）：两个输入，四个 tanh 隐藏单元，一个 sigmoid 输出，"
                            "二元交叉熵。",
        "train.header.network": "训练 {shape}（{activations}），数据集 {dataset}（{data}）",
        "train.header.split": "训练集 {train} 个，测试集 {test} 个",
        "train.header.no_test": "{samples} 个样本，没有留出测试集",
        "train.header.settings": "  {loss}（{reduction}）{decay}，{optimizer} η={lr}，"
                                 "批大小 {batch}，{epochs}，{dtype}",
        "train.header.decay": "，λ={decay}",
        "train.epochs.one": "1 轮",
        "train.epochs.many": "{epochs} 轮",
        "train.progress.metrics": "损失 {loss}  训练准确率 {train}{test}",
        "train.progress.test": "  测试准确率 {test}",
        "train.progress.line": "第 {done}/{total} 轮 {text}",
        "train.done": "完成，用时 {seconds} 秒：损失 {loss}，训练准确率 {train}{test}",
        "train.accuracy.test": "，测试准确率 {test}",
        "train.interrupted": "训练在第 {epoch} 轮（共 {epochs} 轮）中途被中断，已训练 {steps} 步，"
                             "用时 {seconds} 秒",
        "train.interrupted.before_first_step": "训练在第一步之前被中断，什么也没有训练",
        "train.interrupted.after_epoch": "第 {epoch} 轮结束时：损失 {loss}，训练准确率 "
                                         "{train}{test}",
        "train.interrupted.no_epoch": "还没有训练完一轮：这 {steps} 步的平均损失 {loss}，"
                                      "训练准确率 {train}{test}",
        "train.plot.title": "每轮的训练损失",
        "train.plot.epoch": "轮",
        "train.diverged": "训练在第 {step} 步发散：{reason}。学习率 {lr} 可能太大，"
                          "试试 {suggested}。权重已退回到{restored}。",
        "train.diverged.loss": "损失变成了 {loss}",
        "train.diverged.grew": "损失从开始时的 {start} 增大到 {loss}，超过了 {factor} 倍",
        "train.diverged.weights": "权重变成了 NaN 或无穷大",
        "train.diverged.window": "最近 {steps} 步损失的中位数是 {median}，超过开始时损失 "
                                 "{start} 的 {factor} 倍",
        "train.restored.last_good": "最后一个正常步的值",
        "train.restored.initial": "初始值",
        "train.restored.step": "第 {step} 步之后的值",
        "train.error.no_dataset": "{name!r} 没有可供训练的数据集；请加上 --dataset NAME",
        "train.error.classes": "{dataset} 有 {classes} 个类别，但预设的输出层有 {units} 个单元；"
                               "请用 --output 选择输出层（它的单元数随类别数而定）",
        "train.error.alpha": "只有 LeakyReLU 层有斜率 α；请加上 --activation leaky_relu",
        "headless.error.memory": "内存不足，放不下 {shape} 网络；请把层改小（每层的权重有 "
                                 "输入数 × 单元数 个数）",
    },
}
