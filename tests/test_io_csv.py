"""The CSV writer: its column-at-a-time path must write exactly what pandas writes.

Reference: ``DataFrame.to_csv(index=False, lineterminator="\\n", float_format="%.10g")``, the
writer every output of the project used before; checked on generated frames (hypothesis) that
mix every column type the stages write, and the cells that need quoting.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from osteostats.io import csv_text


def pandas_csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.10g")


texts = st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from(list('ab ,"\n\r;é骨-0.1')), max_size=8),
    st.sampled_from(["", "OP", "MET", "severe_osteoporosis", "lowest T -2.9, L1", 'say "no"']),
)
floats = st.one_of(st.floats(allow_nan=True, allow_infinity=True, width=64),
                   st.sampled_from([0.0, -0.0, 1e-12, 123456789012.5, 2.5, float("nan")]))


@st.composite
def frames(draw) -> pd.DataFrame:
    n = draw(st.integers(0, 12))
    kinds = draw(st.lists(st.sampled_from(["float", "int", "bool", "nullable_bool", "text", "category", "string"]),
                          min_size=1, max_size=6))
    data = {}
    for j, kind in enumerate(kinds):
        name = draw(st.sampled_from([f"c{j}", f"col {j}", f"a,{j}", f'q"{j}']))
        if kind == "float":
            col = pd.Series(draw(st.lists(floats, min_size=n, max_size=n)), dtype="float64")
        elif kind == "int":
            col = pd.Series(draw(st.lists(st.integers(-2**62, 2**62), min_size=n, max_size=n)), dtype="int64")
        elif kind == "bool":
            col = pd.Series(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype="bool")
        elif kind == "nullable_bool":
            col = pd.Series(draw(st.lists(st.one_of(st.none(), st.booleans()), min_size=n, max_size=n)),
                            dtype="boolean")
        elif kind == "text":
            col = pd.Series(draw(st.lists(texts, min_size=n, max_size=n)), dtype=object)
        elif kind == "category":
            col = pd.Series(draw(st.lists(texts, min_size=n, max_size=n)), dtype="category")
        else:
            col = pd.Series(draw(st.lists(texts, min_size=n, max_size=n)), dtype="string")
        data[name] = col
    frame = pd.DataFrame(data)
    return frame


@settings(max_examples=400, deadline=None)
@given(frames())
def test_column_at_a_time_text_equals_pandas(frame):
    assert csv_text(frame, fast_from_rows=0) == pandas_csv(frame)


def test_frames_it_cannot_format_go_to_pandas():
    # numbers inside a text column, a single column (an empty row must be written as ""),
    # duplicate names: pandas writes them
    mixed = pd.DataFrame({"a": ["x", 1.5, None], "b": [1.0, 2.0, 3.0]})
    single = pd.DataFrame({"a": ["", "x"]})
    for frame in (mixed, single):
        assert csv_text(frame, fast_from_rows=0) == pandas_csv(frame)


def test_large_frame_takes_the_fast_path_and_matches():
    rng = np.random.default_rng(1)
    n = 50_000
    frame = pd.DataFrame({
        "id": [f"P{i:07d}" for i in range(n)],
        "t": np.where(rng.random(n) < 0.1, math.nan, np.round(rng.normal(-2, 1, n), 1)),
        "n": rng.integers(0, 100, n),
        "flag": rng.random(n) < 0.5,
        "reason": np.where(rng.random(n) < 0.5, "lowest T -2.9, at L1", 'a "quoted" word'),
    })
    assert csv_text(frame) == pandas_csv(frame)
