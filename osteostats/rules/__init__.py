"""Diagnosis rules for osteoporosis and vertebral fractures (``osteostats.rules``).

One module per rule family; every threshold and its citation is in ``thresholds.csv``:

===================  ==========================================================
module               rule
===================  ==========================================================
``dxa``              T-score formula; DXA classes (normal / low bone mass /
                     osteoporosis) - :func:`dxa_category`, :func:`t_score`
``population``       who is judged by T and who by Z - :func:`bmd_reference`
``zscore``           Z <= -2.0 "below the expected range for age" - :func:`z_category`
``sites``            lowest T of L1-L4 / neck / total hip, 33 % radius fallback,
                     adjacent-vertebra exclusion candidates
``qct``              lumbar QCT vBMD classes (120 / 80 mg/cm3) - :func:`qct_category`
``genant``           Genant grade from height loss - :func:`genant_grade`
``fragility``        fragility-fracture criteria - :func:`fragility_fracture`
``peripheral``       peripheral BMD is screening only - :func:`peripheral_category`
``diagnose``         all of the above on a case table - :func:`diagnose`
``thresholds``       loader of the declared threshold table
``exact``            exact decimal arithmetic on float arrays
===================  ==========================================================

Examples
--------
>>> from osteostats.rules import dxa_category, genant_grade
>>> dxa_category(-2.5), genant_grade(41.0)
('osteoporosis', 3)
"""
from .diagnose import CATEGORIES, OUTPUT_COLUMNS, diagnose
from .dxa import DXA_LABELS, ROUNDING_MODES, dxa_category, t_score
from .fragility import TRAUMA_CODES, fragility_fracture
from .genant import GENANT_LABELS, genant_grade, genant_label
from .peripheral import PERIPHERAL_COLUMNS, peripheral_category
from .population import MENOPAUSE_CODES, SEX_CODES, bmd_reference
from .qct import qct_category
from .thresholds import get as threshold, load_thresholds, thresholds as threshold_table
from .zscore import Z_LABELS, z_category

__all__ = [
    "CATEGORIES", "DXA_LABELS", "GENANT_LABELS", "MENOPAUSE_CODES", "OUTPUT_COLUMNS", "PERIPHERAL_COLUMNS",
    "ROUNDING_MODES", "SEX_CODES", "TRAUMA_CODES", "Z_LABELS",
    "bmd_reference", "diagnose", "dxa_category", "fragility_fracture", "genant_grade", "genant_label",
    "load_thresholds", "peripheral_category", "qct_category", "t_score", "threshold", "threshold_table",
    "z_category",
]
