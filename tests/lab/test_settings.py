from __future__ import annotations

import pytest

from bp_tutor.lab.settings import (
    LabSettings,
    LabSettingsError,
    parse_layers,
    settings_of,
    setup_from_preset,
    setup_from_settings,
)


def test_layers_text_is_read() -> None:
    assert parse_layers("5 sigmoid,  2 softmax") == [
        {"units": 5, "activation": "sigmoid"}, {"units": 2, "activation": "softmax"}]


@pytest.mark.parametrize(("text", "position", "words"), [
    ("5 sigmod, 2 softmax", 2, "unknown activation"),
    ("5 sigmoid, two softmax", 11, "not a number of units"),
    ("5 sigmoid, 2", 11, "UNITS ACTIVATION"),
    ("0 relu, 2 softmax", 0, "from 1"),
])
def test_bad_layers_point_at_the_place(text: str, position: int, words: str) -> None:
    with pytest.raises(LabSettingsError) as info:
        parse_layers(text)
    assert info.value.field == "layers" and info.value.position == position
    assert words in info.value.message


def test_output_layer_must_match_the_classes() -> None:
    with pytest.raises(LabSettingsError, match="3 units"):
        setup_from_settings(LabSettings(dataset="spiral", layers="8 relu, 2 softmax"))


@pytest.mark.parametrize(("field", "change"), [
    ("learning_rate", {"learning_rate": 0.0}), ("batch_size", {"batch_size": 0}),
    ("dataset", {"dataset": "mnist"}), ("loss", {"loss": "hinge"}),
])
def test_bad_fields_are_named(field: str, change: dict[str, object]) -> None:
    with pytest.raises(LabSettingsError) as info:
        setup_from_settings(LabSettings(**change))  # type: ignore[arg-type]
    assert info.value.field == field


def test_form_builds_a_trainable_setup_and_round_trips() -> None:
    settings = LabSettings(dataset="blobs", layers="6 tanh, 3 softmax", optimizer="adam",
                           learning_rate=0.01, batch_size=16, seed=3)
    setup = setup_from_settings(settings)
    assert setup.can_train and setup.x.shape == (4, 2)
    assert settings_of(setup) == settings


def test_preset_without_dataset_cannot_train() -> None:
    assert not setup_from_preset("neuron").can_train
    assert setup_from_preset("digits").x.shape[1] == 64
