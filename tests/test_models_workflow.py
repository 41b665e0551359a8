"""The model stage on the bundled case tables: outputs, flags, determinism, sensitivity.

Bootstrap replicates and one-per-patient draws are kept small here for speed; the numbers
checked are either exact counts or properties that hold for any replicate count.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from osteostats.cli import main
from osteostats.models.accuracy import likelihood_ratio, wilson
from osteostats.models.clustering import VertebraPicker, cluster_bootstrap, cluster_robust_logit
from osteostats.models.config import ModelSettings
from osteostats.models.performance import auc, calibration
from osteostats.models.results import CAVEAT
from osteostats.models.run import OUTPUTS, run_models

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "data" / "cases"
PUBLISHED = ROOT / "data" / "published"
FAST = ModelSettings(bootstrap_replicates=25, one_per_patient_draws=2)
SEPARATED_SIGNS = {"posterior_wall_bulge", "intravertebral_cleft", "paravertebral_mass"}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("models")
    run_models(CASES, FAST, out, log=open("/dev/null", "w"))
    return out


def read(out, name):
    return pd.read_csv(out / name, keep_default_na=False, na_values=[""])


def test_all_outputs_written(outputs):
    for name in OUTPUTS:
        assert (outputs / name).stat().st_size > 0, name


def test_every_output_states_the_reconstruction_caveat(outputs):
    for name in OUTPUTS:
        text = (outputs / name).read_text(encoding="utf-8")
        if name.endswith(".csv"):
            df = pd.read_csv(outputs / name)
            assert (df.caveat == CAVEAT).all(), name
        else:
            assert "not findings about the original patients" in text, name


def test_separated_signs_flagged_with_finite_profile_intervals(outputs):
    u = read(outputs, "univariable.csv")
    firth = u[u.analysis == "firth"].set_index("term")
    assert set(firth.index[firth.separated]) == SEPARATED_SIGNS
    for sign in SEPARATED_SIGNS:
        r = firth.loc[sign]
        assert all(math.isfinite(r[c]) for c in ("coef", "ci_low", "ci_high", "or", "or_ci_high"))
        assert r.ci_low < r.coef < r.ci_high
        assert r.interval_trustworthy.startswith("yes: profile")
        assert "WARNING" in r.note and r.ml_infinite in ("to +inf", "to -inf")
    # ML and the sandwich are never reported for a separated sign
    for analysis in ("ml", "ml_cluster_robust"):
        rows = u[(u.analysis == analysis) & u.term.isin(SEPARATED_SIGNS)]
        assert len(rows) == 3 and rows.coef.isna().all() and rows.ci_low.isna().all()
        assert (rows.status == "not reported: separation").all()
    boot = u[(u.analysis == "firth_cluster_bootstrap") & u.term.isin(SEPARATED_SIGNS)]
    assert boot.interval_trustworthy.str.startswith("no: separated sign").all()


def test_univariable_counts_match_table2(outputs):
    u = read(outputs, "univariable.csv")
    firth = u[u.analysis == "firth"].set_index("term")
    # Table 2 of the paper (fixed by the reconstruction): present among MET / OP vertebrae
    assert firth.loc["posterior_wall_bulge", ["present_met", "present_op"]].tolist() == [26, 0]
    assert firth.loc["paravertebral_mass", ["present_met", "present_op"]].tolist() == [42, 0]
    assert firth.loc["intravertebral_cleft", ["present_met", "present_op"]].tolist() == [0, 13]
    assert (firth.n == 141).all() and (firth.n_events == 43).all() and (firth.n_patients == 81).all()
    # Firth OR for a 2x2 table = Haldane-corrected OR
    a, b, c, d = 26 + .5, 0 + .5, 17 + .5, 98 + .5
    assert firth.loc["posterior_wall_bulge", "or"] == pytest.approx(a * d / (b * c), rel=1e-5)
    assert len(u[u.analysis == "firth"]) == 12


def test_cluster_aware_rows_for_non_separated_signs(outputs):
    u = read(outputs, "univariable.csv")
    cr = u[(u.analysis == "ml_cluster_robust") & ~u.term.isin(SEPARATED_SIGNS)]
    assert len(cr) == 9 and (cr.status == "ok").all()
    ml = u[(u.analysis == "ml") & ~u.term.isin(SEPARATED_SIGNS)].set_index("term")
    cr = cr.set_index("term")
    np.testing.assert_allclose(cr.coef, ml.loc[cr.index, "coef"], atol=1e-6)  # same ML estimate
    one = u[u.analysis == "firth_one_per_patient"]
    assert len(one) == 12 and (one.n == 81).all()


def test_multivariable_models(outputs):
    m = read(outputs, "multivariable.csv")
    signs = m[(m.model == "signs_vertebra") & (m.analysis == "firth")]
    assert signs.term.tolist() == ["(Intercept)"] + list(FAST.multivariable_signs)
    assert signs[["coef", "ci_low", "ci_high"]].notna().all().all()
    patient = m[(m.model == "age_sex_patient") & (m.analysis == "firth")]
    assert patient.term.tolist() == ["(Intercept)", "age", "sex_male"]
    assert (patient.n == 81).all() and (patient.n_events == 31).all()
    if signs.separated.any():  # then ML must not be reported
        ml = m[(m.model == "signs_vertebra") & (m.analysis == "ml")]
        assert ml.coef.isna().all() and (ml.status == "not reported: separation").all()
    assert "firth_flic" in set(m.analysis)


def test_performance_rows(outputs):
    p = read(outputs, "performance.csv").set_index(["model", "metric"])
    for model in ("signs_vertebra", "age_sex_patient"):
        a = p.loc[(model, "auc_apparent")]
        assert 0.5 <= a.estimate <= 1 and a.ci_low <= a.estimate <= a.ci_high
        assert p.loc[(model, "auc_optimism_corrected"), "estimate"] <= a.estimate + 1e-12
        assert abs(p.loc[(model, "calibration_intercept_apparent"), "estimate"]) < 1e-8  # FLIC
    assert "patient-level bootstrap" in p.loc[("signs_vertebra", "auc_apparent"), "method"]


def test_accuracy_table(outputs):
    a = read(outputs, "accuracy.csv").set_index("sign")
    assert a.positive_class.str.startswith("MET").all()
    r = a.loc["posterior_element_involvement"]
    assert [r.tp, r.fp, r.fn, r.tn] == [40, 6, 3, 92]
    assert r.sensitivity == pytest.approx(40 / 43) and r.specificity == pytest.approx(92 / 98)
    assert r.ppv == pytest.approx(40 / 46) and r.npv == pytest.approx(92 / 95)
    assert r.lr_pos == pytest.approx((40 / 43) / (6 / 98)) and r.lr_neg == pytest.approx((3 / 43) / (92 / 98))
    pv = a.loc["paravertebral_mass"]
    assert math.isinf(pv.lr_pos) and "zero cell" in pv.note and pv.specificity == 1.0


def test_wilson_against_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    for k, n in [(0, 98), (26, 43), (43, 43), (13, 98), (1, 7)]:
        p, lo, hi = wilson(k, n)
        rlo, rhi = proportion_confint(k, n, method="wilson")
        assert (lo, hi) == pytest.approx((rlo, rhi), abs=1e-12)


def test_likelihood_ratio_log_interval():
    r, lo, hi, note = likelihood_ratio(40, 43, 6, 98)
    se = math.sqrt(1 / 40 - 1 / 43 + 1 / 6 - 1 / 98)
    assert lo == pytest.approx(r * math.exp(-1.959963984540054 * se)) and note == ""


def test_auc_against_sklearn():
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(5)
    y = (rng.random(80) < 0.4).astype(float)
    s = np.round(rng.normal(size=80) + y, 1)  # ties included
    assert auc(y, s) == pytest.approx(roc_auc_score(y, s), abs=1e-12)


def test_calibration_of_ml_fit_is_ideal():
    """For a model's own ML linear predictor, intercept 0 and slope 1 exactly."""
    import statsmodels.api as sm

    rng = np.random.default_rng(2)
    x = rng.normal(size=200)
    y = (rng.random(200) < 1 / (1 + np.exp(-(0.3 + x)))).astype(float)
    lp = sm.Logit(y, sm.add_constant(x)).fit(disp=0).fittedvalues
    citl, slope = calibration(y, lp)
    assert citl == pytest.approx(0, abs=1e-8) and slope == pytest.approx(1, abs=1e-6)
    _, slope_sep = calibration(np.array([0, 0, 1, 1.0]), np.array([-1, 0, 0, 2.0]))
    assert math.isnan(slope_sep)  # separating predictions: slope undefined, not a number


def test_cluster_robust_equals_gee_independence():
    import statsmodels.api as sm

    rng = np.random.default_rng(4)
    clusters = np.repeat(np.arange(40), 3)
    x = rng.integers(0, 2, (120, 2)).astype(float)
    y = (rng.random(120) < 0.3 + 0.3 * x[:, 0]).astype(float)
    coef, se, p, ci, note = cluster_robust_logit(x, y, clusters)
    ref = sm.GEE(y, sm.add_constant(x), groups=clusters, family=sm.families.Binomial(),
                 cov_struct=sm.cov_struct.Independence()).fit()
    assert note == ""
    np.testing.assert_allclose(coef, ref.params, atol=1e-6)
    np.testing.assert_allclose(se, ref.bse, atol=1e-6)


def test_cluster_bootstrap_keeps_patients_whole_and_strata_sizes():
    clusters = np.array(["a", "a", "b", "c", "c", "c", "d"])
    strata = np.array([0, 0, 0, 1, 1, 1, 1])
    for idx in cluster_bootstrap(clusters, strata, 20, np.random.default_rng(0)):
        picked = clusters[idx]
        for c in set(picked):  # a cluster enters with all its rows (possibly repeated)
            assert (picked == c).sum() % (clusters == c).sum() == 0
        # each stratum keeps its number of patients: 2 draws from {a (2 rows), b (1 row)},
        # 2 draws from {c (3 rows), d (1 row)}
        assert 2 <= (strata[idx] == 0).sum() <= 4 and 2 <= (strata[idx] == 1).sum() <= 6


def test_one_per_patient_picker():
    f = pd.DataFrame({"patient_id": ["a", "a", "b", "c", "c"], "vertebra_id": ["a1", "a2", "b1", "c1", "c2"],
                      "height_loss_pct": [10.0, 50.0, 30.0, 45.0, 45.0]})
    assert VertebraPicker(f, "most_severe").draw().tolist() == [1, 2, 3]  # tie: first vertebra id
    picker = VertebraPicker(f, "random")
    draw = picker.draw(np.random.default_rng(1))
    assert len(draw) == 3 and 2 in draw
    assert draw.tolist() == VertebraPicker(f, "random").draw(np.random.default_rng(1)).tolist()


def test_rerun_is_byte_identical(outputs, tmp_path):
    run_models(CASES, FAST, tmp_path, log=open("/dev/null", "w"))
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (outputs / name).read_bytes(), name
    svg = (tmp_path / "forest.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg
    # the odds-ratio axis is labelled in plain numbers, as text (not 10 to a power)
    ticks = re.findall(r'text-anchor: middle" x="[^"]+" y="[^"]+" transform="[^"]+">([^<]+)</text>', svg)
    assert {"0.001", "0.1", "10", "1000", "100000"} <= set(ticks)


def test_different_seed_changes_bootstrap_only(outputs, tmp_path):
    other = ModelSettings(seed=FAST.seed + 1, bootstrap_replicates=25, one_per_patient_draws=2)
    run_models(CASES, other, tmp_path, log=open("/dev/null", "w"))
    a, b = read(outputs, "univariable.csv"), read(tmp_path, "univariable.csv")
    firth = a.analysis == "firth"
    pd.testing.assert_frame_equal(a[firth], b[firth])
    boot = a.analysis == "firth_cluster_bootstrap"
    assert not a[boot].ci_low.equals(b[boot].ci_low)


def test_sensitivity_per_seed_and_aggregate(tmp_path, capsys):
    files = []
    batch = tmp_path / "seeds_1001-1002"
    assert main(["models", "--reconstruct-seed", "1001", "1002", "--published", str(PUBLISHED),
                 "--out", str(batch)]) == 0
    for seed in (1001, 1002):
        out = batch / f"seed_{seed}"
        assert (out / "cases" / "vertebrae.csv").exists()
        files.append(str(out / "estimates.csv"))
    # one seed in its own job writes exactly what it writes within a batch
    single = tmp_path / "seeds_1002-1002"
    assert main(["models", "--reconstruct-seed", "1002", "--published", str(PUBLISHED), "--out", str(single)]) == 0
    assert (single / "seed_1002" / "estimates.csv").read_bytes() == (batch / "seed_1002" / "estimates.csv").read_bytes()
    target = tmp_path / "sensitivity.csv"
    assert main(["models", "--aggregate", *files, "--out", str(target)]) == 0
    s = pd.read_csv(target)
    assert (s.n_seeds == 2).all() and (s.caveat == CAVEAT).all()
    uni = s[s.model == "univariable"]
    assert len(uni) == 12
    # univariable ORs are fixed by the printed 2x2 margins: identical in every reconstruction
    np.testing.assert_allclose(uni["min"], uni["max"], rtol=1e-9)
    assert set(s[s.quantity == "auc"].model) == {"signs_vertebra", "age_sex_patient"}
    # the patient model depends on the reconstructed individual ages: it moves across seeds
    age = s[(s.model == "age_sex_patient") & (s.term == "age")].iloc[0]
    assert age["min"] < age["max"]
    # one job that reconstructs every seed and writes the summary (--summary, the workflow's
    # single batch) writes the same seed files and the same table as the two jobs above
    both = tmp_path / "both" / "seeds_1001-1002"
    summary = tmp_path / "both" / "sensitivity.csv"
    assert main(["models", "--reconstruct-seed", "1001", "1002", "--published", str(PUBLISHED),
                 "--out", str(both), "--summary", str(summary)]) == 0
    assert summary.read_bytes() == target.read_bytes()
    for seed in (1001, 1002):
        assert (both / f"seed_{seed}" / "estimates.csv").read_bytes() == Path(files[seed - 1001]).read_bytes()
    capsys.readouterr()
    assert main(["models", "--aggregate", *files, "--out", str(tmp_path / "x.csv"), "--summary", str(summary)]) == 2
    assert "--summary goes with --reconstruct-seed" in capsys.readouterr().err


def test_aggregate_rejects_missing_and_duplicate_files(tmp_path, capsys):
    assert main(["models", "--aggregate", str(tmp_path / "none.csv"), "--out", str(tmp_path / "s.csv")]) == 2
    assert "missing file" in capsys.readouterr().err
    f = tmp_path / "e.csv"
    f.write_text("seed,model,term,coef,separated,status\n1,univariable,x,0.5,False,ok\n", encoding="utf-8")
    assert main(["models", "--aggregate", str(f), str(f), "--out", str(tmp_path / "s.csv")]) == 2
