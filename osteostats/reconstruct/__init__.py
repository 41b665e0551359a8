"""Reconstruction of case tables consistent with every printed number of a paper.

The study's raw data were never published. :func:`reconstruct_cohort` builds one seeded,
deterministic dataset whose summaries equal the printed Tables 1–3; it is *a* dataset
consistent with the publication, not the original patients.
"""
from .cohort import reconstruct_cohort
from .sprite import SpriteError, moments_for, sprite

__all__ = ["SpriteError", "moments_for", "reconstruct_cohort", "sprite"]
