"""PDF rendering (WeasyPrint), and worker processes that load it while the report is assembled.

Importing this module is cheap (standard library only): ``osteostats report`` starts the PDF
workers before it loads pandas and the workflow's outputs, so that WeasyPrint's import (about a
second) in the workers overlaps that work instead of following it. The PDFs do not depend on
where they are rendered (tested byte for byte).
"""
from __future__ import annotations

import functools
import os
from concurrent.futures import Future
from pathlib import Path

from ..errors import InputError

#: Default document date when SOURCE_DATE_EPOCH is not set: the last day of the study's
#: inclusion period (2025-02-28), so the PDF never carries the time it was built.
DEFAULT_EPOCH = 1740700800


def document_epoch() -> int:
    """The report's document date: ``SOURCE_DATE_EPOCH`` if set, else :data:`DEFAULT_EPOCH`."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None:
        return DEFAULT_EPOCH
    try:
        return int(raw)
    except ValueError as exc:
        raise InputError(f"SOURCE_DATE_EPOCH must be an integer number of seconds (got {raw!r})") from exc

#: WeasyPrint's HTML5 user-agent stylesheet cut to the elements the report uses: matching the
#: full one against every element is about an eighth of the PDF's rendering time, and the PDF
#: it gives is byte-identical (tested).
PRINT_UA_CSS = Path(__file__).resolve().parent / "templates" / "print-ua.css"


def import_weasyprint():
    """WeasyPrint, imported without a compiler run per library name it tries.

    WeasyPrint opens each native library (GObject, Pango, HarfBuzz...) by trying several names
    in turn (``libgobject-2.0-0``, ``gobject-2.0-0``, ..., ``libgobject-2.0.so.0``). cffi passes
    every name it cannot open directly to :func:`ctypes.util.find_library`, which on Linux runs
    ``ldconfig -p``, ``gcc`` and ``ld`` for each one: over a hundred processes, about a second.
    So the import is first tried with ``find_library`` answering "not found" at once: every
    library is then opened by a name the dynamic loader takes as it is (the ``.so.0`` soname on
    Linux, the ``.dylib`` name on macOS). Only if that fails is the import repeated with the full
    lookup. The libraries opened, and so the PDFs, are the same either way (tested).
    """
    import sys

    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    import ctypes.util
    import io
    from contextlib import redirect_stdout

    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with redirect_stdout(io.StringIO()):  # WeasyPrint prints a help text before it re-raises
            import weasyprint
    except OSError:
        ctypes.util.find_library = real
        import weasyprint
    finally:
        ctypes.util.find_library = real
    return weasyprint


def render_pdf(html: str, base_url: str, trimmed_ua: bool = True) -> bytes:
    """PDF bytes from the HTML via WeasyPrint (dates come from the dcterms meta tags).

    With ``trimmed_ua`` the user-agent stylesheet is :data:`PRINT_UA_CSS` instead of WeasyPrint's
    full HTML5 one. It is set through WeasyPrint's ``HTML._ua_stylesheets`` hook; should a later
    WeasyPrint drop that hook, the full stylesheet is used and only the speed changes.
    """
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(document_epoch()))
    weasyprint = import_weasyprint()
    cls = _trimmed_ua_html() if trimmed_ua else weasyprint.HTML
    return cls(string=html, base_url=base_url).write_pdf()


@functools.lru_cache(maxsize=None)
def _trimmed_ua_html() -> type:
    weasyprint = import_weasyprint()
    sheet = weasyprint.CSS(string=PRINT_UA_CSS.read_text(encoding="utf-8"))

    class TrimmedUAHTML(weasyprint.HTML):
        def _ua_stylesheets(self, *args, **kwargs):  # noqa: D102 - WeasyPrint hook
            return [sheet]

    return TrimmedUAHTML


def _render_in_worker(html: str, base_url: str, epoch: int) -> bytes:
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    return render_pdf(html, base_url)


def _ready() -> None:
    """A no-op task: submitting it makes the pool start a worker now (which loads WeasyPrint)."""


class PdfWorkers:
    """Up to ``n`` processes, forked now, that load WeasyPrint at once and then render PDFs.

    Use as a context manager; :meth:`render` returns a future of the PDF's bytes. With ``n = 0``
    (or no ``fork`` start method, or one core) nothing is started and :meth:`render` renders in
    this process.

    Examples
    --------
    >>> with PdfWorkers(0) as workers:
    ...     workers.started
    0
    """

    def __init__(self, n: int) -> None:
        import multiprocessing as mp

        if n > 0 and ((os.cpu_count() or 1) < 2 or "fork" not in mp.get_all_start_methods()):
            n = 0
        self.started = n
        self._pool = None
        if n:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=n, mp_context=mp.get_context("fork"),
                                             initializer=_trimmed_ua_html)
            for _ in range(n):  # the pool starts a worker per pending task, up to n
                self._pool.submit(_ready)

    def render(self, html: str, base_url: str, epoch: int) -> Future:
        """The PDF of ``html`` (document date ``epoch``), as a future."""
        if self._pool is not None:
            return self._pool.submit(_render_in_worker, html, base_url, epoch)
        done: Future = Future()
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch))
        try:
            done.set_result(render_pdf(html, base_url))
        except BaseException as exc:  # raised by result(), as from a worker
            done.set_exception(exc)
        return done

    def __enter__(self) -> "PdfWorkers":
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
