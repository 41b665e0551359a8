"""WeasyPrint imported without the compiler probes of ``ctypes.util.find_library``.

``osteostats.report.pdf.import_weasyprint`` first imports WeasyPrint with ``find_library``
answering "not found", so each native library is opened by a name the dynamic loader takes as it
is. These tests check, each in a fresh interpreter, that it opens the very same shared objects as
a plain ``import weasyprint`` (so the PDFs cannot differ), runs no ``gcc``/``ld``, and falls back
to the full lookup where the quick one cannot open a library.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

# the native libraries WeasyPrint opens with cffi (weasyprint/text/ffi.py)
_LIBS = ("gobject", "pango", "harfbuzz", "fontconfig")

_MAPPED = """
import json, re
def mapped():
    out = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1]
            if re.search(r"lib(gobject|pango|pangoft2|harfbuzz|harfbuzz-subset|fontconfig)[-.]", path):
                out.add(path)
    return sorted(out)
"""

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/maps")


def _run(code: str) -> dict:
    r = subprocess.run([sys.executable, "-c", _MAPPED + code], capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_same_libraries_as_a_plain_import_and_no_compiler_run():
    plain = _run("import weasyprint; print(json.dumps({'libs': mapped()}))")
    quick = _run(
        "import ctypes.util, subprocess\n"
        "runs = []\n"
        "real = subprocess.Popen.__init__\n"
        "def spy(self, args, *a, **k):\n"
        "    runs.append(args if isinstance(args, str) else ' '.join(map(str, args)))\n"
        "    return real(self, args, *a, **k)\n"
        "subprocess.Popen.__init__ = spy\n"
        "from osteostats.report.pdf import import_weasyprint\n"
        "import_weasyprint()\n"
        "during = list(runs)\n"
        "print(json.dumps({'libs': mapped(), 'runs': during, 'restored': ctypes.util.find_library('c') is not None}))"
    )
    assert all(any(name in p for p in plain["libs"]) for name in _LIBS), plain
    assert quick["libs"] == plain["libs"]
    assert quick["runs"] == []  # no ldconfig, gcc or ld
    assert quick["restored"]  # find_library works again afterwards


def test_falls_back_to_the_full_lookup():
    """Where no library opens by its soname (simulated), the quick import fails and the full one,
    with find_library, is made: WeasyPrint loads, and its help text is not printed."""
    out = subprocess.run([sys.executable, "-c", _MAPPED + (
        "import cffi, ctypes.util\n"
        "calls = []\n"
        "real_find = ctypes.util.find_library\n"
        "def find(name):\n"
        "    calls.append(name)\n"
        "    return real_find(name)\n"
        "ctypes.util.find_library = find\n"
        "real_dlopen = cffi.FFI.dlopen\n"
        "def dlopen(self, name, *a, **k):\n"
        "    if '.so' in str(name):\n"
        "        raise OSError('simulated: sonames do not open directly here')\n"
        "    return real_dlopen(self, name, *a, **k)\n"
        "cffi.FFI.dlopen = dlopen\n"
        "from osteostats.report.pdf import import_weasyprint\n"
        "w = import_weasyprint()\n"
        "print(json.dumps({'html': hasattr(w, 'HTML'), 'find_calls': len(calls), 'libs': mapped()}))"
    )], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["html"] and result["find_calls"] > 0
    assert all(any(name in p for p in result["libs"]) for name in _LIBS)
    assert "could not import some external libraries" not in out.stdout
