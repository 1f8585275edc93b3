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
    LabSettings,
    LabSettingsError,
    LabSetup,
    setup_from_preset,
    setup_from_settings,
)
from bp_tutor.nn import DATASETS, LOSSES, OPTIMIZERS, SpecError, preset_names
from bp_tutor.ui.i18n import t

NO_PRESET = ""


class SettingsForm(VerticalScroll):
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

    def compose(self) -> ComposeResult:
        s = self.settings
        presets = [(t("lab.settings.none"), NO_PRESET)] + [(p, p) for p in preset_names()]
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
                raise LabSettingsError(field, t("lab.settings.not_a_number",
                                                field=t(f"lab.settings.{field}"),
                                                text=text)) from None
        return LabSettings(
            dataset=self._choice("dataset"), layers=self._text("layers"),
            loss=self._choice("loss"), optimizer=self._choice("optimizer"),
            learning_rate=numbers["learning_rate"], batch_size=int(numbers["batch_size"]),
            seed=int(numbers["seed"]))

    def apply(self) -> None:
        error_view = self.query_one("#lab-settings-error", Static)
        preset = self._choice("preset")
        try:
            if preset != NO_PRESET:
                setup = setup_from_preset(preset)
                chosen: str | None = preset
            else:
                setup = setup_from_settings(self.read())
                chosen = None
        except LabSettingsError as error:
            error_view.update(self._describe(error))
            return
        except (SpecError, FileNotFoundError) as error:
            error_view.update(str(error))
            return
        error_view.update("")
        self.post_message(self.Applied(setup, chosen))

    def _describe(self, error: LabSettingsError) -> str:
        name = t(f"lab.settings.{error.field}")
        if error.field == "layers" and error.position is not None:
            text = self._text("layers")
            return f"{name}: {error.message}\n  {text}\n  {' ' * error.position}^"
        return f"{name}: {error.message}"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.apply()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply()
