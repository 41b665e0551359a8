"""Property-based tests of the published-values loader (:func:`osteostats.published.load_published`).

Random text, encodings, delimiters and table shapes in ``paper.yaml``, ``comparisons.csv``
and ``values.csv`` either load or raise :class:`~osteostats.errors.InputError` whose every
problem names its file; never any other exception (a traceback for the user). A tiny valid
folder is the starting point so that each example takes tens of milliseconds; each test
runs 2,000 examples (about a minute of CPU), hence ``slow``.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osteostats.errors import InputError
from osteostats.published import COMPARISON_COLUMNS, VALUE_COLUMNS, Published, load_published

PAPER = """format_version: 1
id: tiny
title: Tiny two-arm paper
alpha: 0.05
percent_decimals: 1
groups:
  A: {label: Arm A, patients: 10}
  B: {label: Arm B, patients: 12}
links:
  - a: {table: "1", comparison: c1, arm: A}
    b: {table: "1", comparison: c1, arm: B}
notes: [a note]
"""
COMPARISONS = ("table,comparison,item,unit,variable_type,design,stratum,arms,union_arm,statistic_name,"
               "category_set,measure,note\n"
               "1,c1,Sex: male,patient,binary,independent,,A;B,,chi2,,sex_male,\n"
               "1,c2,\"Age, years\",patient,continuous,independent,,A;B,,t,,age,\n")
VALUES = ("table,comparison,arm,quantity,printed,n,source,note\n"
          "1,c1,A,count,3,10,table,\n1,c1,A,percent,30.0,10,table,\n"
          "1,c1,B,count,4,12,table,\n1,c1,B,percent,33.3,12,table,\n"
          "1,c1,,statistic,0.02,,table,\n1,c1,,p,0.88,,table,\n"
          "1,c2,A,mean,61.2,10,table,\n1,c2,A,sd,8.40,10,table,\n"
          "1,c2,B,mean,64.0,12,table,\n1,c2,B,sd,7.1,12,table,\n"
          "1,c2,,statistic,−0.851,,table,\n1,c2,,p,<0.001,,table,\n")
FILES = {"paper.yaml": PAPER, "comparisons.csv": COMPARISONS, "values.csv": VALUES}
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252", "gbk", "shift_jis"]
DELIMITERS = [",", ";", "\t", "|", " "]

_DIR = Path(tempfile.mkdtemp(prefix="osteostats-property-"))


@pytest.fixture(scope="module", autouse=True)
def _cleanup():
    yield
    shutil.rmtree(_DIR, ignore_errors=True)


def _folder(files: dict[str, bytes | None]) -> Path:
    """Write the tiny folder with some files replaced (None: file absent)."""
    d = _DIR / "pub"
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    for name, default in FILES.items():
        data = files.get(name, default.encode("utf-8"))
        if data is not None:
            (d / name).write_bytes(data)
    return d


def _load(folder: Path) -> None:
    try:
        pub = load_published(folder)
    except InputError as exc:
        assert str(exc)
        for p in exc.problems:
            assert Path(p.file).name in FILES or Path(p.file) == folder, p
            assert str(p)
        return
    assert isinstance(pub, Published)
    assert 0 < pub.alpha < 1
    for r in pub.values.itertuples():
        pub.cell(r.comparison, r.arm, r.quantity)


#: The loader is one entry point: four strategies x 500 = 2,000 examples in all.
PER_STRATEGY = 500


def test_the_starting_folder_is_valid():
    pub = load_published(_folder({}))
    assert pub.cell("c2", "", "p").kind == "lt" and pub.alpha == 0.05


# ---- paper.yaml ---------------------------------------------------------------------------

yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=12),
                         st.sampled_from(["five percent", "0.05", "[", "{a: 1", "- x", "2024-01-01", "~", "''"]))
yaml_values = st.recursive(yaml_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8) | st.sampled_from(list("ab")), inner, max_size=4),
                           max_leaves=12)
known_keys = st.sampled_from(["format_version", "id", "title", "alpha", "percent_decimals", "groups", "links",
                              "notes", "stated_methods", "integer_measures", "software", "source"])


def _dump(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


paper_texts = st.one_of(
    st.text(max_size=200),
    # the valid paper with one key replaced by anything
    st.tuples(known_keys, yaml_values).map(lambda kv: _dump({**yaml.safe_load(PAPER), kv[0]: kv[1]})),
    # groups/links with random inner shapes
    st.tuples(st.sampled_from(["groups", "links"]), yaml_values).map(
        lambda kv: _dump({**yaml.safe_load(PAPER), kv[0]: {"A": kv[1]} if kv[0] == "groups" else [{"a": kv[1], "b": kv[1]}]})),
    # the valid text with a random cut or insertion (syntax errors at random places)
    st.tuples(st.integers(0, len(PAPER)), st.text(max_size=5)).map(lambda t: PAPER[:t[0]] + t[1] + PAPER[t[0] + 3:]),
)


@pytest.mark.slow
@settings(max_examples=PER_STRATEGY, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paper_texts, st.sampled_from(ENCODINGS))
def test_random_paper_yaml(text, encoding):
    _load(_folder({"paper.yaml": text.encode(encoding, errors="replace")}))


# ---- CSV text, encodings, delimiters, shapes ----------------------------------------------

cells = st.one_of(st.text(max_size=8),
                  st.sampled_from(["", "c1", "c2", "A", "B", "A;B", "count", "percent", "p", "statistic", "mean",
                                   "sd", "n", "chi2", "t", "binary", "continuous", "independent", "paired",
                                   "<0.001", "<a0.001", "−1.5", "1,5", "30.0", "10", "-3", "0", "²", "–", "\"",
                                   "9" * 30, "1e5", "NaN", "inf", " 10 ", "\ufeff"]))


@st.composite
def tables(draw, columns: tuple[str, ...]):
    """A header (a random subset/permutation of the real columns plus extras) and rows."""
    header = draw(st.lists(st.sampled_from(list(columns)) | st.text(max_size=6), min_size=0, max_size=len(columns) + 2))
    if draw(st.booleans()):
        header = list(columns)
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=len(header) + 2), max_size=6))
    return header, rows


def _join(header, rows, delimiter: str, quote: bool) -> str:
    def fmt(c: str) -> str:
        return '"' + c.replace('"', '""') + '"' if quote or delimiter in c or "\n" in c else c
    lines = [delimiter.join(fmt(c) for c in header)] + [delimiter.join(fmt(c) for c in r) for r in rows]
    return "\n".join(lines) + "\n"


@pytest.mark.slow
@settings(max_examples=PER_STRATEGY, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["comparisons.csv", "values.csv"]), st.data(), st.sampled_from(DELIMITERS),
       st.booleans(), st.sampled_from(ENCODINGS))
def test_random_csv_shapes_delimiters_and_encodings(name, data, delimiter, quote, encoding):
    columns = COMPARISON_COLUMNS if name == "comparisons.csv" else VALUE_COLUMNS
    header, rows = data.draw(tables(columns))
    text = _join(header, rows, delimiter, quote)
    _load(_folder({name: text.encode(encoding, errors="replace")}))


@pytest.mark.slow
@settings(max_examples=PER_STRATEGY, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["comparisons.csv", "values.csv", "paper.yaml"]),
       st.integers(0, 2000), st.integers(0, 40), st.binary(max_size=12), st.sampled_from(ENCODINGS + [None]))
def test_valid_files_with_random_byte_edits(name, at, cut, insert, encoding):
    """The valid files re-encoded, cut, spliced with random bytes, or missing."""
    if encoding is None:
        _load(_folder({name: None}))
        return
    raw = FILES[name].encode(encoding, errors="replace")
    at = min(at, len(raw))
    _load(_folder({name: raw[:at] + insert + raw[at + cut:]}))


@pytest.mark.slow
@settings(max_examples=PER_STRATEGY, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, VALUES.count("\n") - 2), st.sampled_from(VALUE_COLUMNS), cells)
def test_one_cell_of_values_replaced(row, column, value):
    """The valid values.csv with one cell replaced by a random or tricky value."""
    lines = VALUES.splitlines()
    header = lines[0].split(",")
    fields = lines[row + 1].split(",")
    fields[header.index(column)] = '"' + value.replace('"', '""') + '"'
    lines[row + 1] = ",".join(fields)
    _load(_folder({"values.csv": ("\n".join(lines) + "\n").encode("utf-8")}))
