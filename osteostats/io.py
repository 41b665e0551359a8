"""Small I/O helpers: atomic writes so no output is ever left half-written."""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd


def _umask_mode() -> int:
    """0666 minus the process umask: the mode a plain ``open()`` would give (``mkstemp`` gives 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_MODE = _umask_mode()


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` (UTF-8, line ends as given) via a temporary file in the same folder and a rename."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename, so no reader
    ever sees a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _MODE)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_csv(frame: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write a CSV deterministically (LF line ends, no index, ``%.10g`` floats) and atomically."""
    atomic_write_text(path, csv_text(frame))


#: Frames from this many rows on are formatted column by column (:func:`csv_text`).
FAST_CSV_ROWS = 20_000
_NEEDS_QUOTES = re.compile(r'[,"\n]')


def csv_text(frame: pd.DataFrame, fast_from_rows: int = FAST_CSV_ROWS) -> str:
    """The text :func:`write_csv` writes: ``frame.to_csv(index=False, lineterminator="\\n",
    float_format="%.10g")``, byte for byte.

    From ``fast_from_rows`` rows on, and when every column is float, integer, boolean or text, the
    cells are formatted a column at a time in plain Python and joined: several times faster than
    pandas' writer for registry-sized tables (1,000,000 diagnosed patients: about 28 s). Other
    frames go through pandas. Tested equal to pandas on generated frames.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"a": [1.5, float("nan")], "b": ["x, y", None], "c": [True, False]})
    >>> csv_text(f, fast_from_rows=0) == f.to_csv(index=False, lineterminator="\\n", float_format="%.10g")
    True
    """
    columns = [_cells(frame.iloc[:, j]) for j in range(frame.shape[1])] \
        if len(frame) >= fast_from_rows and frame.shape[1] > 1 and frame.columns.is_unique else None
    if columns is None or any(c is None for c in columns):
        return frame.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    header = frame.iloc[:0].to_csv(index=False, lineterminator="\n")
    if not len(frame):
        return header
    return header + "\n".join(map(",".join, zip(*columns))) + "\n"


def _cells(col: pd.Series) -> list[str] | None:
    """The CSV cells of one column as pandas writes them, or None for a column left to pandas."""
    dtype = col.dtype
    if dtype == "float64":
        # once per distinct value (by bit pattern: -0.0 stays "-0"); registry columns have few
        v = np.ascontiguousarray(col.to_numpy())
        codes, distinct = pd.factorize(v.view(np.int64))
        texts = np.array(["%.10g" % x if x == x else "" for x in np.asarray(distinct).view(np.float64).tolist()],
                         dtype=object)
        return texts[codes].tolist()
    if dtype == "int64":
        return [str(v) for v in col.to_numpy().tolist()]
    if dtype == "bool":
        return ["True" if v else "False" for v in col.to_numpy().tolist()]
    if dtype == "boolean":  # nullable: <NA> is an empty cell
        return ["" if v is pd.NA else "True" if v else "False" for v in col.tolist()]
    if isinstance(dtype, pd.CategoricalDtype):
        if not (dtype.categories.dtype == object or pd.api.types.is_string_dtype(dtype.categories.dtype)):
            return None
    elif not (dtype == object or pd.api.types.is_string_dtype(dtype)):
        return None
    arr = col.astype(object).to_numpy()
    missing = pd.isna(arr)
    if missing.any():
        arr = arr.copy()
        arr[missing] = ""
    values = arr.tolist()
    try:
        joined = "\x00".join(values)  # every cell text? (one pass in C)
    except TypeError:
        return None
    if "\r" in joined:  # whether csv quotes a lone CR depends on the Python version: pandas decides
        return None
    if not _NEEDS_QUOTES.search(joined):  # the usual case: codes and labels without , " or line ends
        return values
    # quoted once per distinct text (reasons repeat across rows)
    codes, distinct = pd.factorize(arr)
    quoted = np.array(['"' + v.replace('"', '""') + '"' if _NEEDS_QUOTES.search(v) else v for v in distinct],
                      dtype=object)
    return quoted[codes].tolist()


@contextlib.contextmanager
def atomic_dir(path: str | os.PathLike):
    """Yield a scratch folder beside ``path``; on success it replaces ``path`` (all or nothing).

    On any error the scratch folder is removed and ``path`` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o755)
        if path.is_dir():
            shutil.rmtree(path)
        os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
