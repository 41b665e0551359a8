"""Integer codes of case-table columns, and the vertebra x finding x modality detection cube.

Loaded case tables hold ids, groups, modalities and findings as pandas categoricals, so these
are free views of their codes; plain text columns (frames built by hand) are factorised once.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd


def level_codes(s: pd.Series, levels: Sequence[str]) -> np.ndarray:
    """Index of each value among ``levels`` (-1 for a missing or other value).

    Examples
    --------
    >>> level_codes(pd.Series(["ct", "mri", None, "pet"]), ["xray", "ct", "mri"]).tolist()
    [1, 2, -1, -1]
    """
    index = pd.Index(list(levels))
    if isinstance(s.dtype, pd.CategoricalDtype):
        mapping = np.append(index.get_indexer(s.cat.categories), -1).astype(np.int32)
        return mapping[s.cat.codes.to_numpy()]
    return index.get_indexer(s.astype(object).where(s.notna(), None)).astype(np.int32)


def row_keys(s: pd.Series) -> tuple[np.ndarray, int]:
    """An integer per row (equal values, equal integers; -1 for missing) and how many there are.

    Examples
    --------
    >>> k, n = row_keys(pd.Series(["b", "a", "b"]))
    >>> k.tolist(), n
    ([0, 1, 0], 2)
    """
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy().astype(np.int32, copy=False), len(s.cat.categories)
    codes, uniques = pd.factorize(s)
    return codes.astype(np.int32, copy=False), len(uniques)


def detection_cube(vertebra: np.ndarray, n_vertebrae: int, finding: np.ndarray, n_findings: int,
                   modality: np.ndarray, n_modalities: int, detected: np.ndarray) -> np.ndarray:
    """``cube[v, f, m]``: 1 detected, 0 not detected, -1 not read (int8).

    One scatter over the readings; rows with a code of -1 are left out.

    Examples
    --------
    >>> cube = detection_cube(np.array([0, 0, 1]), 2, np.array([0, 0, 0]), 1, np.array([0, 1, 1]), 2,
    ...                       np.array([1, 0, 1]))
    >>> cube[:, 0, :].tolist()
    [[1, 0], [-1, 1]]
    """
    ok = (vertebra >= 0) & (finding >= 0) & (modality >= 0)
    if not ok.all():
        vertebra, finding, modality, detected = vertebra[ok], finding[ok], modality[ok], detected[ok]
    size = n_vertebrae * n_findings * n_modalities
    itype = np.int32 if size < 2**31 else np.int64
    flat = vertebra.astype(itype) * itype(n_findings * n_modalities)
    flat += finding.astype(itype) * itype(n_modalities)
    flat += modality
    cube = np.full(size, -1, np.int8)
    cube[flat] = detected
    return cube.reshape(n_vertebrae, n_findings, n_modalities)


def smallest_int(n: int) -> type:
    """The smallest signed NumPy integer type holding -1 ... ``n``."""
    for t in (np.int8, np.int16, np.int32):
        if n < np.iinfo(t).max:
            return t
    return np.int64


def duplicated_first(key: np.ndarray, n_keys: int) -> np.ndarray:
    """Rows whose key occurred on an earlier row (``pandas.Series.duplicated(keep="first")``).

    ``key`` holds integers in ``0 ... n_keys - 1``. When that range is not much larger than
    the number of rows (or below 2**25), every row's number is scattered into a slot per key: a row that does
    not find itself in its slot shares its key with another row. So the usual answer (no
    duplicate) costs one scatter and one gather, in blocks, with no hash table or sort over
    the rows; only rows with a repeated key are looked at further.

    Examples
    --------
    >>> duplicated_first(np.array([3, 1, 3, 2, 1]), 4).tolist()
    [2, 4]
    """
    n = len(key)
    if n == 0:
        return np.empty(0, np.int64)
    if n_keys > max(16 * n, 1 << 25):
        cand = np.flatnonzero(pd.Series(key).duplicated(keep=False).to_numpy())
    else:
        rtype = np.int32 if n < 2**31 else np.int64
        slot = np.empty(n_keys, rtype)
        slot[key] = np.arange(n, dtype=rtype)
        block = 1 << 22
        shared = [np.flatnonzero(slot[key[i:i + block]] != np.arange(i, min(i + block, n), dtype=rtype)) + i
                  for i in range(0, n, block)]
        del slot
        shared = np.concatenate(shared)
        if len(shared) == 0:
            return shared.astype(np.int64)
        cand = np.flatnonzero(np.isin(key, np.unique(key[shared])))
    if len(cand) == 0:
        return cand
    return cand[pd.Series(key[cand]).duplicated(keep="first").to_numpy()]
