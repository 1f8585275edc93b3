"""A teacher's lessons folder, as `--lessons DIR` takes it: one new lesson using the teacher's own
preset, one replacing a shipped lesson, and one with a wrong number (`bp-tutor check` fails it)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bp_tutor.paths import presets_dir

_NEW = {
    "en": ("Momentum, by hand", "Take one momentum step", "Momentum keeps a velocity",
           "One pass through the teacher's own network."),
    "zh": ("动量，亲手算", "走一步动量更新", "动量保留一个速度", "老师自己的网络走一遍。"),
}
_REPLACED = {"en": ("Backpropagation, our way", "Our notation"),
             "zh": ("我们的反向传播", "我们的记号")}
_BROKEN = {"en": ("A lesson with a slip", "The slope is"), "zh": ("有错的一课", "斜率是")}


def _lesson(lesson_id: str, title: str, prerequisites: str, objective: str, body: str) -> str:
    return (f'+++\nid = "{lesson_id}"\ntitle = "{title}"\nprerequisites = [{prerequisites}]\n'
            f'objectives = ["{objective}"]\nminutes = 5\n+++\n\n# {title}\n\n{body}\n')


def make_teacher_folder(root: Path) -> Path:
    """The folder, with en/ and zh/ (and presets/tiny.json); returns `root`."""
    (root / "presets").mkdir(parents=True)
    shutil.copy(presets_dir() / "neuron.json", root / "presets" / "tiny.json")
    for lang in ("en", "zh"):
        folder = root / lang
        folder.mkdir()
        title, objective, prose, caption = _NEW[lang]
        (folder / "13-momentum.md").write_text(_lesson(
            "momentum", title, '"gradient-descent"', objective,
            f"{prose} $v \\gets \\beta v + \\nabla L$.\n\n---\n\n"
            f"::: network preset=tiny show=z1,a1\n{caption}\n:::\n\n"
            "::: quiz kind=sgd_update seed=3\n:::"), encoding="utf-8")
        title, objective = _REPLACED[lang]
        (folder / "09-backprop.md").write_text(_lesson(
            "backprop", title, '"dense-layer"', objective, "$\\delta^{l} = \\delta^{l+1} W^\\top$"),
            encoding="utf-8")
        title, prose = _BROKEN[lang]
        (folder / "14-broken.md").write_text(_lesson(
            "broken", title, '"momentum"', title, f"{prose} {{{{ sigmoid(0) = 0.7 }}}}."),
            encoding="utf-8")
    return root
