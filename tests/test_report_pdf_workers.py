"""PDF workers: the same bytes as rendering in the report process, errors raised where asked.

:class:`osteostats.report.pdf.PdfWorkers` forks one worker that loads WeasyPrint, which forks
the others. The reference is :func:`osteostats.report.pdf.render_pdf` in this process; the
documents are small so that the tests stay quick.
"""
from __future__ import annotations

import multiprocessing

import pytest

from osteostats.report import pdf
from osteostats.report.pdf import PdfWorkers, render_pdf

EPOCH = 1740700800
DOCS = [f"<html><head><title>t{i}</title></head><body><h1>Edition {i}</h1><p>{'x ' * (50 * i)}</p>"
        f"<table><tr><td>1</td><td>2.5</td></tr></table></body></html>" for i in range(1, 4)]


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    import os

    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(EPOCH)
    try:
        return [render_pdf(d, str(tmp_path_factory.getbasetemp())) for d in DOCS]
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def _render_all(n: int, base: str) -> list[bytes]:
    with PdfWorkers(n) as workers:
        assert workers.started == n
        replies = [workers.render(d, base, EPOCH) for d in DOCS]
        out = [r.result() for r in replies]
    assert multiprocessing.active_children() == []  # every worker has ended
    return out


@pytest.mark.parametrize("n", [2, 3], ids=["more-editions-than-workers", "one-each"])
def test_workers_give_the_bytes_of_the_report_process(expected, tmp_path_factory, n):
    assert _render_all(n, str(tmp_path_factory.getbasetemp())) == expected


def test_worker_that_cannot_fork_safely_serves_every_pipe(expected, tmp_path_factory, monkeypatch):
    """Should WeasyPrint have started a thread, the first worker does not fork: same bytes."""
    monkeypatch.setattr(pdf, "_single_threaded", lambda: False)
    assert _render_all(2, str(tmp_path_factory.getbasetemp())) == expected


def test_error_in_a_worker_is_raised_by_result_and_the_worker_goes_on(expected, tmp_path_factory):
    base = str(tmp_path_factory.getbasetemp())
    with PdfWorkers(2) as workers:
        bad = workers.render(None, base, EPOCH)  # not a document: WeasyPrint raises
        good = workers.render(DOCS[0], base, EPOCH)
        again = workers.render(DOCS[1], base, EPOCH)  # the worker that failed, next in turn
        with pytest.raises(Exception):
            bad.result()
        assert good.result() == expected[0] and again.result() == expected[1]


def test_lost_worker_is_an_error_not_a_hang(tmp_path_factory):
    import os
    import signal

    with PdfWorkers(1) as workers:
        os.kill(workers._process.pid, signal.SIGKILL)
        workers._process.join()
        reply = workers.render(DOCS[0], str(tmp_path_factory.getbasetemp()), EPOCH)
        with pytest.raises(RuntimeError, match="PDF worker stopped"):
            reply.result()


def test_one_worker_serving_every_pipe_does_not_dead_lock_on_large_messages(monkeypatch):
    """Requests and replies larger than a pipe's buffer, one worker for two pipes: the worker
    takes every request as it arrives, so neither side waits on the other for ever."""
    import threading

    monkeypatch.setattr(pdf, "_single_threaded", lambda: False)
    monkeypatch.setattr(pdf, "_render_in_worker", lambda html, base_url, epoch: html.encode() * 2)
    docs = [c * 3_000_000 for c in "ab"]
    out: list = []

    def go():
        with PdfWorkers(2) as workers:
            replies = [workers.render(d, ".", EPOCH) for d in docs]
            out.extend(r.result() for r in replies)

    t = threading.Thread(target=go, daemon=True)
    t.start()
    t.join(120)
    assert not t.is_alive(), "dead-locked"
    assert out == [d.encode() * 2 for d in docs]


def test_weasyprint_that_cannot_load_is_reported_for_each_edition(monkeypatch):
    """The first worker cannot load WeasyPrint (simulated): each edition's result() raises the
    real error, not a broken pipe."""
    def fail():
        raise OSError("simulated: cannot load libpango")

    monkeypatch.setattr(pdf, "_trimmed_ua_html", fail)
    with PdfWorkers(2) as workers:
        replies = [workers.render(d, ".", EPOCH) for d in DOCS[:2]]
        for r in replies:
            with pytest.raises(OSError, match="cannot load libpango"):
                r.result()
