"""PDF rendering (WeasyPrint), and worker processes that load it while the report is assembled.

Importing this module is cheap (standard library only): ``osteostats report`` starts the PDF
workers before it loads pandas and the workflow's outputs, so that WeasyPrint's import (about a
second, once for all workers) overlaps that work instead of following it. The PDFs do not
depend on where they are rendered (tested byte for byte, ``tests/test_report_pdf_workers.py``).
"""
from __future__ import annotations

import functools
import os
from concurrent.futures import Future
from pathlib import Path

from ..errors import InputError
from ..forkserver import single_threaded

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


def _serve(conns: list) -> None:
    """A worker's loop over its pipes: (html, base_url, epoch) in, ("ok", PDF bytes) or
    ("error", exception) out; it ends when the report process has closed every pipe.

    A reader thread takes every request as it arrives, so the report process never waits to
    send one while this worker waits to send a PDF back on another pipe (one worker serving
    several pipes would otherwise dead-lock on large documents).
    """
    import queue
    import threading
    from multiprocessing.connection import wait

    requests: queue.Queue = queue.Queue()

    def read() -> None:
        open_ = list(conns)
        while open_:
            for conn in wait(open_):
                try:
                    requests.put((conn, conn.recv()))
                except (EOFError, OSError):  # the report process closed this pipe
                    open_.remove(conn)
        requests.put(None)

    threading.Thread(target=read, daemon=True, name="pdf-requests").start()
    while (item := requests.get()) is not None:
        conn, (html, base_url, epoch) = item
        try:
            reply = ("ok", _render_in_worker(html, base_url, epoch))
        except BaseException as exc:  # handed to the report process, which raises it
            reply = ("error", exc)
        try:
            conn.send(reply)
        except OSError:  # the report process has gone or closed this pipe: nobody to tell
            continue
        except Exception:  # an exception that does not pickle: send what it said
            conn.send(("error", RuntimeError(f"PDF rendering failed: {reply[1]!r}"[:2000])))


def _single_threaded() -> bool:
    """True where this process is known to run one thread (Linux; elsewhere never assumed)."""
    return single_threaded(fallback=False)


def _first_worker(ours: list, theirs: list) -> None:
    """Load WeasyPrint, fork one more worker per extra pipe (each starts with WeasyPrint
    loaded), then serve the first pipe. Forking is safe only while the process runs a single
    thread; should loading WeasyPrint have started one, or failed, this worker serves every
    pipe itself (a failed load is then reported for each edition, as rendering raises it)."""
    for conn in theirs:  # the report process's ends, inherited by the fork
        conn.close()
    try:
        _trimmed_ua_html()
    except BaseException:
        _serve(ours)
        return
    if not _single_threaded():
        _serve(ours)
        return
    children = []
    for conn in ours[1:]:
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                for other in ours:  # keep only its own pipe, so that a lost worker reads as EOF
                    if other is not conn:
                        other.close()
                _serve([conn])
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        children.append(pid)
    for conn in ours[1:]:
        conn.close()
    _serve(ours[:1])
    for pid in children:
        os.waitpid(pid, 0)


def workers_for(editions: int) -> int:
    """How many PDF workers to start for ``editions`` editions: one each, up to the cores."""
    return min(editions, os.cpu_count() or 1)


class _Reply:
    """The PDF a worker sends back for one edition; :meth:`result` waits for it."""

    def __init__(self, conn) -> None:
        self._conn, self._outcome = conn, None

    def fetch(self) -> None:
        """Receive the reply, once."""
        if self._outcome is None:
            try:
                self._outcome = self._conn.recv()
            except (EOFError, OSError):
                self._outcome = ("error", RuntimeError("a PDF worker stopped before it sent the PDF"))

    def result(self) -> bytes:
        """The PDF bytes, or the worker's exception raised here."""
        self.fetch()
        kind, value = self._outcome
        if kind == "error":
            raise value
        return value


class PdfWorkers:
    """Up to ``n`` processes that render PDFs; WeasyPrint is loaded once for all of them.

    The first worker is forked now and loads WeasyPrint (about a second) while this process
    assembles the report; it then forks the others, which start with WeasyPrint loaded. Use as
    a context manager; :meth:`render` hands an edition to the next worker and returns an object
    whose ``result()`` is the PDF's bytes. With ``n = 0`` (or no ``fork`` start method, or one
    core) nothing is started and :meth:`render` renders in this process.

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
        self._conns: list = []
        self._last: list[_Reply | None] = []
        self._sent = 0
        self._process = None
        if n:
            context = mp.get_context("fork")
            pairs = [context.Pipe() for _ in range(n)]
            self._conns = [ours for ours, _ in pairs]
            self._last = [None] * n
            self._process = context.Process(target=_first_worker, daemon=True,
                                            args=([theirs for _, theirs in pairs], self._conns))
            self._process.start()
            for _, theirs in pairs:
                theirs.close()

    def render(self, html: str, base_url: str, epoch: int) -> _Reply | Future:
        """The PDF of ``html`` (document date ``epoch``): an object whose ``result()`` is its bytes."""
        if self._process is not None:
            k = self._sent % len(self._conns)
            self._sent += 1
            if self._last[k] is not None:  # one edition at a time per pipe
                self._last[k].fetch()
            self._last[k] = _Reply(self._conns[k])
            try:
                self._conns[k].send((html, base_url, epoch))
            except OSError:  # the worker is gone: result() says so
                self._last[k].fetch()
            return self._last[k]
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
        if self._process is not None:
            for conn in self._conns:  # the workers see the end of input and stop
                conn.close()
            self._process.join()
            self._process = None
