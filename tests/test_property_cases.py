"""Property-based tests of case-table ingestion: whatever the files hold (random text, cells,
delimiters, encodings, shapes), ``load_cases`` either returns the tables or raises
:class:`~osteostats.errors.InputError`, never anything else.

2,000 examples (random cells under the real header with any delimiter, random whole files in
several encodings, random bytes); marked slow because each example reads three files.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osteostats.cases import load_cases
from osteostats.errors import InputError

PATIENTS = "patient_id,group,age,sex,bmi,t_score_min,trauma\nP1,OP,70,F,23.1,-2.7,minor\nP2,MET,61,M,22.0,-1.0,none\n"
VERTEBRAE = ("vertebra_id,patient_id,level,shape,height_loss_pct,posterior_wall_bulge,posterior_corner_fat,"
             "intravertebral_cleft,posterior_element_involvement,paravertebral_mass,disc\n"
             "P1-T12,P1,T12,wedge,30.0,0,1,0,0,0,normal\nP2-L1,P2,L1,flat,45.0,1,0,0,1,1,widened\n")
READINGS = ("vertebra_id,modality,finding,detected\nP1-T12,xray,fracture_line,1\nP1-T12,mri,fracture_line,1\n"
            "P2-L1,ct,bone_destruction,1\n")
HEADER = PATIENTS.splitlines()[0].split(",")

SETTINGS = settings(max_examples=2000, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

cell = st.one_of(st.text(max_size=12), st.sampled_from(["", "NA", "nan", "OP", "MET", "F", "M", "1e400", "-0",
                                                        "130", "2,5", "−2.5", " 70 ", "\"x,y\"", "\n"]),
                 st.integers(-10**12, 10**12).map(str), st.floats(allow_nan=True).map(repr))


def _load(patients: bytes, vertebrae: bytes = VERTEBRAE.encode(), readings: bytes = READINGS.encode()) -> None:
    d = Path(tempfile.mkdtemp(prefix="osteo-prop-"))
    try:
        (d / "patients.csv").write_bytes(patients)
        (d / "vertebrae.csv").write_bytes(vertebrae)
        (d / "readings.csv").write_bytes(readings)
        try:
            load_cases(d)
        except InputError as exc:
            assert str(exc)  # a message, never an empty error
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_the_base_tables_load():
    d = Path(tempfile.mkdtemp())
    try:
        for name, text in (("patients", PATIENTS), ("vertebrae", VERTEBRAE), ("readings", READINGS)):
            (d / f"{name}.csv").write_text(text, encoding="utf-8")
        assert len(load_cases(d).patients) == 2
    finally:
        shutil.rmtree(d)


def _cells_file(rows: list[list[str]], delimiter: str, header: bool) -> dict[str, bytes]:
    lines = ([delimiter.join(HEADER)] if header else []) + [delimiter.join(r) for r in rows]
    return {"patients": ("\n".join(lines) + "\n").encode("utf-8")}


def _text_file(text: str, encoding: str, which: str) -> dict[str, bytes]:
    return {which: text.encode(encoding, errors="replace")}


def _bytes_file(data: bytes, keep_header: bool) -> dict[str, bytes]:
    return {"patients": (PATIENTS.splitlines()[0] + "\n").encode() + data if keep_header else data}


#: One of: random cells under the real header (any delimiter), a random text file in some
#: encoding in place of one table, or random bytes.
FILES = st.one_of(
    st.builds(_cells_file, st.lists(st.lists(cell, min_size=0, max_size=9), min_size=0, max_size=6),
              st.sampled_from([",", ";", "\t", "|"]), st.booleans()),
    st.builds(_text_file, st.text(max_size=400), st.sampled_from(["utf-8", "utf-16", "latin-1", "gb18030"]),
              st.sampled_from(["patients", "vertebrae", "readings"])),
    st.builds(_bytes_file, st.binary(max_size=300), st.booleans()),
)


@pytest.mark.slow
@SETTINGS
@given(files=FILES)
def test_any_case_files_give_tables_or_an_input_error(files):
    base = {"patients": PATIENTS.encode(), "vertebrae": VERTEBRAE.encode(), "readings": READINGS.encode()}
    base.update(files)
    _load(base["patients"], base["vertebrae"], base["readings"])
