"""The lab's settings form: a preset, or dataset, layers, loss, optimizer, η, batch size and seed.

Pressing Apply (or Enter in a field) checks the form with `bp_tutor.lab.settings` and posts
`SettingsForm.Applied` with the new setup; a mistake is shown under the form with the field's name
and, for the layer text, a caret under the character at fault.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from bp_tutor.lab.settings import (
    MESSAGES,
    LabSettings,
    LabSettingsError,
    LabSetup,
    settings_of,
    setup_from_preset,
    setup_from_settings,
)
from bp_tutor.nn import DATASETS, LOSSES, OPTIMIZERS, SpecError, preset_names
from bp_tutor.ui.i18n import t

NO_PRESET = ""
CHOICES = ("dataset", "loss", "optimizer")  # the fields that are Selects; the others are Inputs
FIELDS = ("dataset", "layers", "loss", "optimizer", "learning_rate", "batch_size", "seed")


class SettingsForm(VerticalScroll, can_focus=False):
    """Tab goes straight from field to field: the scrolling container itself takes no focus."""

    DEFAULT_CSS = """
    SettingsForm { height: 1fr; }
    SettingsForm Horizontal { height: 1; margin-bottom: 1; }
    SettingsForm Label { width: 16; }
    SettingsForm Input, SettingsForm Select { width: 1fr; }
    SettingsForm #lab-settings-error { color: $error; height: auto; }
    SettingsForm #lab-settings-hint { color: $text-muted; height: auto; }
    SettingsForm Button { margin-top: 1; }
    """

    @dataclass
    class Applied(Message):
        setup: LabSetup
        preset: str | None

    def __init__(self, settings: LabSettings, preset: str | None, *, id: str | None = None
                 ) -> None:
        super().__init__(id=id)
        self.settings = settings
        self.preset = preset
        self._preset_cache: dict[str, dict[str, str] | None] = {}

    def focus_first_field(self) -> None:
        self.query_one("#lab-set-preset", Select).focus()

    def compose(self) -> ComposeResult:
        s = self.settings
        names = preset_names()
        if self.preset and self.preset not in names:  # a spec file named by its path
            names.append(self.preset)
        presets = [(t("lab.settings.none"), NO_PRESET)] + [(p, p) for p in names]
        yield from self._row("preset", Select(presets, value=self.preset or NO_PRESET,
                                              allow_blank=False, compact=True,
                                              id="lab-set-preset"))
        yield from self._row("dataset", Select([(d, d) for d in DATASETS], value=s.dataset,
                                               allow_blank=False, compact=True,
                                               id="lab-set-dataset"))
        yield from self._row("layers", Input(s.layers, compact=True, id="lab-set-layers"))
        yield from self._row("loss", Select([(n, n) for n in LOSSES], value=s.loss,
                                            allow_blank=False, compact=True, id="lab-set-loss"))
        yield from self._row("optimizer", Select([(n, n) for n in OPTIMIZERS], value=s.optimizer,
                                                 allow_blank=False, compact=True,
                                                 id="lab-set-optimizer"))
        yield from self._row("learning_rate", Input(f"{s.learning_rate:g}", compact=True,
                                                    id="lab-set-learning_rate"))
        yield from self._row("batch_size", Input(str(s.batch_size), compact=True,
                                                 id="lab-set-batch_size"))
        yield from self._row("seed", Input(str(s.seed), compact=True, id="lab-set-seed"))
        yield Static(t("lab.settings.layers_hint"), id="lab-settings-hint")
        yield Static(id="lab-settings-error")
        yield Button(t("lab.settings.apply"), id="lab-settings-apply", variant="primary")

    def _row(self, field: str, widget: Input | Select[str]) -> ComposeResult:
        with Horizontal():
            yield Label(t(f"lab.settings.{field}"))
            yield widget

    # -- reading the form ----------------------------------------------------------------------
    def _text(self, field: str) -> str:
        return self.query_one(f"#lab-set-{field}", Input).value.strip()

    def _choice(self, field: str) -> str:
        return str(self.query_one(f"#lab-set-{field}", Select).value)

    def read(self) -> LabSettings:
        """The form as LabSettings; raises LabSettingsError for a field that is not a number."""
        numbers: dict[str, float] = {}
        for field, kind in (("learning_rate", float), ("batch_size", int), ("seed", int)):
            text = self._text(field)
            try:
                numbers[field] = kind(text)
            except ValueError:
                code = "not_a_number" if kind is float else "not_whole"
                raise LabSettingsError(field, code, message=t(f"lab.settings.{code}", text=text)
                                       ) from None
        return LabSettings(
            dataset=self._choice("dataset"), layers=self._text("layers"),
            loss=self._choice("loss"), optimizer=self._choice("optimizer"),
            learning_rate=numbers["learning_rate"], batch_size=int(numbers["batch_size"]),
            seed=int(numbers["seed"]))

    # -- a preset and the fields -----------------------------------------------------------------
    # Choosing a preset fills the fields with its values, so the form always shows what Apply
    # will use. Editing any field then means "my own network": the selector switches to
    # "(none: use the fields)" and Apply builds the fields (a new network from the seed, not the
    # preset's stored weights). So no edit is ever dropped, and every field is always checked.
    @staticmethod
    def _texts(settings: LabSettings) -> dict[str, str]:
        """The text each field shows for `settings` (as `compose` writes them)."""
        return {"dataset": settings.dataset, "layers": settings.layers, "loss": settings.loss,
                "optimizer": settings.optimizer, "learning_rate": f"{settings.learning_rate:g}",
                "batch_size": str(settings.batch_size), "seed": str(settings.seed)}

    def _form_texts(self) -> dict[str, str]:
        return {field: (self._choice(field) if field in CHOICES else self._text(field))
                for field in FIELDS}

    def _preset_texts(self, preset: str) -> dict[str, str] | None:
        # Kept: this runs on every key typed in a field, and a preset is read from its file.
        if preset not in self._preset_cache:
            try:
                self._preset_cache[preset] = self._texts(settings_of(setup_from_preset(preset)))
            except (SpecError, OSError):
                self._preset_cache[preset] = None
        return self._preset_cache[preset]

    def _fill(self, texts: dict[str, str]) -> None:
        for field, text in texts.items():
            if field in CHOICES:
                self.query_one(f"#lab-set-{field}", Select).value = text
            else:
                self.query_one(f"#lab-set-{field}", Input).value = text

    def _fields_edited(self, preset: str) -> bool:
        """True when a field no longer shows what `preset` would fill in."""
        return self._form_texts() != self._preset_texts(preset)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        preset = self._choice("preset")
        if event.select.id == "lab-set-preset":
            if preset != NO_PRESET and (texts := self._preset_texts(preset)) is not None:
                self._fill(texts)
        elif preset != NO_PRESET and self._fields_edited(preset):
            self.query_one("#lab-set-preset", Select).value = NO_PRESET

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        preset = self._choice("preset")
        if preset != NO_PRESET and self._fields_edited(preset):
            self.query_one("#lab-set-preset", Select).value = NO_PRESET

    def apply(self) -> None:
        error_view = self.query_one("#lab-settings-error", Static)
        preset = self._choice("preset")
        try:
            settings = self.read()  # every field is checked, whatever the selector says
            if preset != NO_PRESET and not self._fields_edited(preset):
                setup = setup_from_preset(preset)
                chosen: str | None = preset
            else:
                setup = setup_from_settings(settings)
                chosen = None
                # The change events may not have run yet: the selector must not say otherwise.
                self.query_one("#lab-set-preset", Select).value = NO_PRESET
        except LabSettingsError as error:
            error_view.update(self._describe(error))
            return
        except (SpecError, OSError) as error:
            error_view.update(str(error))
            return
        error_view.update("")
        self.post_message(self.Applied(setup, chosen))

    def _describe(self, error: LabSettingsError) -> str:
        name = t(f"lab.settings.{error.field}")
        key = f"lab.settings.error.{error.code}"
        message = t(key, **error.params) if error.code in MESSAGES else error.message
        labelled = t("app.labelled", label=name, text=message)
        if error.field == "layers" and error.position is not None:
            text = self._text("layers")
            return f"{labelled}\n  {text}\n  {' ' * error.position}^"
        return labelled

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.apply()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply()
