import pytest

from bp_tutor.nn import SpecError, parse_spec

BASE = {
    "layers": [{"units": 2, "activation": "sigmoid"}, {"units": 2, "activation": "softmax"}],
    "loss": "cross_entropy",
    "x": [[0.1, 0.2, 0.3]],
    "y": [[0, 1]],
}


def err(**changes):
    spec = {**BASE, **changes}
    with pytest.raises(SpecError) as info:
        parse_spec(spec)
    return str(info.value)


def test_unknown_activation_names_the_field_and_the_choices():
    message = err(layers=[{"units": 2, "activation": "sigmoid"},
                          {"units": 2, "activation": "softplus"}])
    assert message == ("layers[1].activation: unknown 'softplus'; expected one of identity, "
                       "sigmoid, tanh, relu, leaky_relu, softmax")


def test_typos_get_a_suggestion():
    assert "did you mean 'cross_entropy'" in err(loss="cross_entropi")
    assert err(lyers=[]).startswith("lyers: unknown field")


def test_weights_that_do_not_fit_say_which_shapes_and_why():
    message = err(weights=[[[0.1, 0.2]] * 4, [[0.1, 0.2]] * 2])
    assert message.startswith("weights[0]: is 4×2 but layer 1 needs 3×2")
    assert "x has 3 columns" in message
    message = err(weights=[[[0.1, 0.2]] * 3, [[0.1, 0.2, 0.3]] * 2])
    assert message.startswith("weights[1]: is 2×3 but layer 2 needs 2×2")
    assert "layers[1] has 2 units" in message


def test_ragged_rows_biases_and_targets():
    assert err(x=[[0.1, 0.2, 0.3], [0.1]]).startswith("x[1]: has 1 numbers but row 0 has 3")
    assert err(biases=[[0, 0, 0], [0, 0]]).startswith("biases[0]: has 3 values but layers[0] has 2")
    assert err(y=[[0, 1, 0]]).startswith("y: has 3 columns but the last layer has 2 units")
    assert err(y=[[0.5, 0.6]]).startswith("y[0]: sums to 1.1; cross_entropy expects")
    assert err(x=[[0.1, "a", 0.3]]).startswith("x[0][1]: must be a number, got a string")
    assert err(layers=[{"units": 0, "activation": "relu"}]).startswith("layers[0].units: must be")


def test_missing_inputs_and_targets():
    spec = dict(BASE)
    del spec["y"]
    with pytest.raises(SpecError, match=r"^y: missing"):
        parse_spec(spec)
    with pytest.raises(SpecError, match=r"^x: missing"):
        parse_spec({"layers": BASE["layers"], "loss": "mse"})


def test_alpha_only_for_leaky_relu():
    assert err(layers=[{"units": 2, "activation": "relu", "alpha": 0.1},
                       {"units": 2, "activation": "softmax"}]).startswith("layers[0].alpha:")


def test_a_dataset_stands_in_for_x_and_y():
    spec = parse_spec({"layers": BASE["layers"], "loss": "cross_entropy", "dataset": "moons"})
    assert spec.dataset == "moons" and spec.x is None


@pytest.mark.parametrize(("output", "units", "loss", "field", "expected"), [
    ("identity", 2, "cross_entropy", "layers[0].activation",
     "is 'identity', but cross_entropy takes the log of the outputs, so the output layer must be "
     "softmax or sigmoid (outputs between 0 and 1)"),
    ("relu", 2, "binary_cross_entropy", "layers[0].activation",
     "is 'relu', but binary_cross_entropy takes the log of the outputs, so the output layer must "
     "be sigmoid or softmax (outputs between 0 and 1)"),
    ("sigmoid", 1, "cross_entropy", "layers[0].units",
     "is 1, but cross_entropy needs one output unit per class (at least 2); for two classes with "
     "one unit, use sigmoid and binary_cross_entropy"),
])
def test_an_output_the_loss_cannot_take_is_refused(output, units, loss, field, expected):
    """ln a of an identity output is NaN for a < 0; one unit with −y ln a ignores class 0."""
    with pytest.raises(SpecError) as info:
        parse_spec({"layers": [{"units": units, "activation": output}], "loss": loss,
                    "inputs": 2})
    assert (info.value.field, info.value.message) == (field, expected)


@pytest.mark.parametrize(("output", "loss"), [("sigmoid", "cross_entropy"),
                                              ("softmax", "binary_cross_entropy"),
                                              ("relu", "mse")])
def test_outputs_between_0_and_1_suit_either_cross_entropy(output, loss):
    spec = parse_spec({"layers": [{"units": 2, "activation": output}], "loss": loss, "inputs": 2})
    assert (spec.layers[-1].activation, spec.loss) == (output, loss)
