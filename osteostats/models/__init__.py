"""Logistic models of the discriminating signs, honest about separation and clustering.

Modules:

- :mod:`~osteostats.models.firth` -- Firth regression (firthmodels engine), row collapsing,
  FLIC, ML for comparison;
- :mod:`~osteostats.models.separation` -- linear-programming separation check;
- :mod:`~osteostats.models.design` -- signs from the case tables, input validation;
- :mod:`~osteostats.models.univariable`, :mod:`~osteostats.models.multivariable`;
- :mod:`~osteostats.models.clustering` -- cluster bootstrap, one vertebra per patient, GEE;
- :mod:`~osteostats.models.performance` -- AUC, optimism, calibration;
- :mod:`~osteostats.models.accuracy` -- sensitivity, specificity, PPV, NPV, LRs;
- :mod:`~osteostats.models.sensitivity` -- refits across reconstructions;
- :mod:`~osteostats.models.figures` -- deterministic SVG figures;
- :mod:`~osteostats.models.run` -- the workflow stage writing ``reports/models``.

MET is the positive class (outcome 1) throughout. Heavy dependencies (firthmodels,
statsmodels, matplotlib) are imported lazily.
"""
#: Public name -> submodule, imported on first use (PEP 562): the settings and the
#: sensitivity aggregation load without the model fitting code.
_WHERE = {name: "firth" for name in ("FirthFit", "FitError", "collapse", "fit_firth", "fit_ml", "fit_point",
                                     "firth_2x2", "flic_intercept")}
_WHERE.update(Separation="separation", check_separation="separation")


def __getattr__(name: str):
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FirthFit", "FitError", "Separation", "check_separation", "collapse", "fit_firth", "fit_ml",
           "fit_point", "firth_2x2", "flic_intercept"]
