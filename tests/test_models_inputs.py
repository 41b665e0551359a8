"""Bad input for the logistic models and the ``osteostats logistic`` CLI."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from osteostats.cli import main
from osteostats.errors import InputError
from osteostats.models.config import load_settings, settings_from_mapping
from osteostats.models.design import prepare

DATA = Path(__file__).resolve().parent / "data" / "firth"


def _frame(**cols):
    return pd.DataFrame(cols)


def test_outcome_not_binary():
    d = _frame(y=[0, 1, 2, 1, 0], x=[1, 2, 3, 4, 5])
    with pytest.raises(InputError, match=r"data, column 'y'.*binary outcome"):
        prepare(d, "y", ["x"])


def test_outcome_two_labels_needs_event():
    d = _frame(y=["MET", "OP", "MET", "OP", "OP"], x=[1, 2, 3, 4, 5])
    with pytest.raises(InputError, match="say which value is the event"):
        prepare(d, "y", ["x"])
    p = prepare(d, "y", ["x"], event="MET")
    assert p.y.tolist() == [1, 0, 1, 0, 0]
    with pytest.raises(InputError, match="event value 'XX'"):
        prepare(d, "y", ["x"], event="XX")


def test_predictor_missing_from_file_lists_columns():
    d = _frame(y=[0, 1, 0, 1], x=[1, 2, 3, 4])
    with pytest.raises(InputError) as exc:
        prepare(d, "y", ["x", "age"], source="my.csv")
    assert "my.csv, column 'age'" in str(exc.value) and "columns present: y, x" in str(exc.value)


def test_predictor_constant():
    d = _frame(y=[0, 1, 0, 1, 1], x=[1, 1, 1, 1, 1], z=[1, 2, 3, 4, 5])
    with pytest.raises(InputError, match=r"column 'x': got 1.0; expected a predictor that varies"):
        prepare(d, "y", ["x", "z"])


def test_predictor_non_numeric_reports_row_and_value():
    d = _frame(y=["0", "1", "0", "1", "1"], sex=["F", "M", "F", "F", "M"])
    with pytest.raises(InputError) as exc:
        prepare(d, "y", ["sex"], source="pts.csv")
    msg = str(exc.value)
    assert "pts.csv, row 2, column 'sex': got 'F'" in msg and "0/1 indicator" in msg


def test_fewer_than_two_events():
    d = _frame(y=[0, 0, 0, 0, 1], x=[1, 2, 3, 4, 5])
    with pytest.raises(InputError, match=r"got '1 events \(outcome = 1\)'; expected at least 2"):
        prepare(d, "y", ["x"])
    d = _frame(y=[1, 1, 1, 1, 0], x=[1, 2, 3, 4, 5])
    with pytest.raises(InputError, match="non-events"):
        prepare(d, "y", ["x"])


def test_missing_rows_dropped_with_count_or_fail():
    d = _frame(y=[0, 1, 0, 1, 1, 0, 1], x=["1", "", "3", "NA", "5", "2", "4"])
    p = prepare(d, "y", ["x"])
    assert p.n_dropped == 2 and len(p.y) == 5 and p.kept.tolist() == [0, 2, 4, 5, 6]
    assert p.dropped_message == "2 row(s) with missing values dropped"
    with pytest.raises(InputError, match="policy is 'fail'") as exc:
        prepare(d, "y", ["x"], missing="fail")
    assert "row 3, column 'x'" in str(exc.value)


def test_collinear_predictors():
    d = _frame(y=[0, 1, 0, 1, 1, 0], a=[1, 2, 3, 4, 5, 6], b=[2, 4, 6, 8, 10, 12])
    with pytest.raises(InputError, match="collinear"):
        prepare(d, "y", ["a", "b"])


def test_settings_validation_reports_every_problem():
    with pytest.raises(InputError) as exc:
        settings_from_mapping({"K": 0, "missing": "impute", "multivariable_signs": ["bogus"], "colour": 1})
    msg = str(exc.value)
    for part in ("models.K", "models.missing", "'bogus'", "'colour'"):
        assert part in msg
    assert "4 problem(s)" in msg


def test_config_models_section_states_the_schema_defaults():
    """config/config.yaml's models: section writes out the schema's defaults (declared only there)."""
    import yaml

    from osteostats.yamldoc import schema

    root = Path(__file__).resolve().parents[1]
    section = yaml.safe_load((root / "config" / "config.yaml").read_text())["models"]
    props = schema("config")["properties"]["models"]["properties"]
    assert section == {k: p["default"] for k, p in props.items()}
    assert load_settings(root / "config" / "config.yaml") == settings_from_mapping({})


# --- CLI ---------------------------------------------------------------------------------------

def test_cli_logistic_sex2(tmp_path, capsys):
    out = tmp_path / "res"
    rc = main(["logistic", "--data", str(DATA / "sex2.csv"), "--outcome", "case",
               "--predictors", "age,oc,vic,vicl,vis,dia", "--out", str(out)])
    assert rc == 0
    coef = pd.read_csv(out / "coefficients.csv")
    assert list(coef.columns[:7]) == ["term", "coef", "ci_low", "ci_high", "p", "se", "method"]
    ref = pd.read_csv(DATA / "sex2_reference.csv")
    np.testing.assert_allclose(coef.coef, ref.coef, atol=1e-5)
    np.testing.assert_allclose(coef.p, ref.p, atol=1e-6)
    assert coef.set_index("term").loc["dia", "ml_infinite"] == "to +inf"
    assert "separation" in capsys.readouterr().err
    fit = pd.read_csv(out / "fit.csv").set_index("item").value
    assert fit["n_used"] == "239" and fit["n_dropped_missing"] == "0"


def test_cli_logistic_bad_input_exit_2(tmp_path, capsys):
    f = tmp_path / "d.csv"
    f.write_text("y,x,sex\n0,1,F\n1,2,M\n0,3,F\n1,4,M\n", encoding="utf-8")
    rc = main(["logistic", "--data", str(f), "--outcome", "y", "--predictors", "x,sex,bmi", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert rc == 2 and "column 'bmi'" in err and "Traceback" not in err
    rc = main(["logistic", "--data", str(tmp_path / "nope.csv"), "--outcome", "y", "--predictors", "x",
               "--out", str(tmp_path)])
    assert rc == 2 and "missing file" in capsys.readouterr().err


def test_cli_logistic_reports_dropped_rows(tmp_path, capsys):
    f = tmp_path / "d.csv"
    rng = np.random.default_rng(0)
    x = rng.normal(size=40).round(2)
    y = (rng.random(40) < 0.5).astype(int)
    rows = [f"{a},{b}" for a, b in zip(y, x)]
    rows[5] = "1,"
    f.write_text("y,x\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert main(["logistic", "--data", str(f), "--outcome", "y", "--predictors", "x", "--out", str(tmp_path)]) == 0
    assert "1 row(s) with missing values dropped (of 40)" in capsys.readouterr().err
    assert main(["logistic", "--data", str(f), "--outcome", "y", "--predictors", "x", "--out", str(tmp_path),
                 "--missing", "fail"]) == 2


def test_cli_models_bad_settings(tmp_path, capsys):
    rc = main(["models", "--settings", json.dumps({"bootstrap_replicates": -1}), "--out", str(tmp_path)])
    assert rc == 2 and "bootstrap_replicates" in capsys.readouterr().err
