"""The tables the LaTeX renderer reads: which command becomes which character.

Kept apart from the renderer so a teacher who needs one more symbol edits a table, not a parser.
"""

from __future__ import annotations

GREEK: dict[str, str] = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip

# Symbols that are operands (they take part in a product like letters do).
ORDINARY: dict[str, str] = {
    "partial": "∂", "nabla": "∇", "infty": "∞", "ell": "ℓ", "hbar": "ℏ", "emptyset": "∅",
    "forall": "∀", "exists": "∃", "neg": "¬", "ldots": "…", "dots": "…", "cdots": "⋯",
    "vdots": "⋮", "ddots": "⋱", "prime": "′", "top": "⊤", "bot": "⊥", "angle": "∠",
    "triangle": "△", "star": "⋆", "ast": "∗", "dagger": "†", "checkmark": "✓",
    "lvert": "|", "rvert": "|", "vert": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖",
    "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    "{": "{", "}": "}", "%": "%", "_": "_", "#": "#", "&": "&", "$": "$",
}  # fmt: skip

# Binary operators: spaced on both sides when they stand between two operands.
BINARY: dict[str, str] = {
    "cdot": "·", "times": "×", "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "pm": "±",
    "mp": "∓", "circ": "∘", "div": "÷", "setminus": "∖", "cup": "∪", "cap": "∩",
    "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨", "bullet": "∙",
}  # fmt: skip

# Relations: always spaced.
RELATION: dict[str, str] = {
    "approx": "≈", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "Rightarrow": "⇒",
    "Leftarrow": "⇐", "implies": "⇒", "iff": "⇔", "Leftrightarrow": "⇔",
    "leftrightarrow": "↔", "mapsto": "↦", "in": "∈", "notin": "∉", "ni": "∋",
    "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "supseteq": "⊇", "equiv": "≡",
    "sim": "∼", "simeq": "≃", "cong": "≅", "propto": "∝", "ll": "≪", "gg": "≫",
    "mid": "|", "coloneqq": "≔", "triangleq": "≜", "perp": "⊥", "parallel": "∥",
}  # fmt: skip

# Named functions, set upright and followed by a space before a letter.
FUNCTIONS: frozenset[str] = frozenset({
    "ln", "log", "exp", "max", "min", "sin", "cos", "tan", "tanh", "sinh", "cosh",
    "arg", "det", "dim", "sup", "inf", "lim", "sgn", "argmax", "argmin", "softmax",
})  # fmt: skip

# Big operators: limits go above and below in display math.
BIG_OPERATORS: dict[str, str] = {
    "sum": "Σ", "prod": "Π", "coprod": "∐", "int": "∫", "iint": "∬", "oint": "∮",
    "bigcup": "⋃", "bigcap": "⋂",
}  # fmt: skip

# Horizontal space commands and how many terminal cells each takes.
SPACES: dict[str, int] = {",": 1, ":": 1, ">": 1, ";": 1, " ": 1, "quad": 2, "qquad": 4, "!": 0}

# Blackboard-bold letters for number sets.
BLACKBOARD: dict[str, str] = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ"}

# Commands whose argument is shown as it is (fonts a terminal cannot change).
FONT_COMMANDS: frozenset[str] = frozenset({
    "mathbf", "mathrm", "mathit", "mathsf", "mathtt", "boldsymbol", "bm", "mathnormal",
    "textbf", "textit", "textrm", "emph",
})  # fmt: skip

# Commands whose argument is text (spaces kept, no math spacing).
TEXT_COMMANDS: frozenset[str] = frozenset({"text", "operatorname", "textnormal", "mbox"})

# Accents drawn with a combining character on a single-character base.
ACCENTS: dict[str, str] = {
    "hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0305",
    "tilde": "\u0303", "widetilde": "\u0303", "vec": "\u20d7", "dot": "\u0307",
    "ddot": "\u0308",
}  # fmt: skip

# Sizing commands that only matter to a typesetter: ignored.
IGNORED: frozenset[str] = frozenset({
    "displaystyle", "textstyle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl",
    "Bigr", "biggl", "biggr", "Biggl", "Biggr", "limits", "nolimits", "middle",
})  # fmt: skip

SUPERSCRIPT: dict[str, str] = dict(
    zip(
        "0123456789+-−=abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθιφχ⊤T′",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᶥᵠᵡᵀᵀ′",
        strict=True,
    )
)

SUBSCRIPT: dict[str, str] = dict(
    zip(
        "0123456789+-−=aehijklmnoprstuvxβγρφχ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₋₌ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
        strict=True,
    )
)

# Tall delimiters, drawn from pieces: (top, middle, bottom).
TALL_DELIMITERS: dict[str, tuple[str, str, str]] = {
    "(": ("⎛", "⎜", "⎝"),
    ")": ("⎞", "⎟", "⎠"),
    "[": ("⎡", "⎢", "⎣"),
    "]": ("⎤", "⎥", "⎦"),
    "{": ("⎧", "⎨", "⎩"),
    "}": ("⎫", "⎬", "⎭"),
    "|": ("│", "│", "│"),
    "‖": ("‖", "‖", "‖"),
    "⌈": ("⎡", "⎢", "⎢"),
    "⌉": ("⎤", "⎥", "⎥"),
    "⌊": ("⎢", "⎢", "⎣"),
    "⌋": ("⎥", "⎥", "⎦"),
}

MATRIX_DELIMITERS: dict[str, tuple[str, str]] = {
    "matrix": ("", ""),
    "bmatrix": ("[", "]"),
    "pmatrix": ("(", ")"),
    "vmatrix": ("|", "|"),
    "Bmatrix": ("{", "}"),
    "Vmatrix": ("‖", "‖"),
}
