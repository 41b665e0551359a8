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
from ..lazy import lazy_exports

# Imported on first use: the settings and the sensitivity aggregation load without the model
# fitting code.
_WHERE = {name: "firth" for name in ("FirthFit", "FitError", "collapse", "fit_firth", "fit_ml", "fit_point",
                                     "firth_2x2", "flic_intercept")}
_WHERE.update(Separation="separation", check_separation="separation")
__getattr__, __dir__ = lazy_exports(__name__, _WHERE)


__all__ = ["FirthFit", "FitError", "Separation", "check_separation", "collapse", "fit_firth", "fit_ml",
           "fit_point", "firth_2x2", "flic_intercept"]
