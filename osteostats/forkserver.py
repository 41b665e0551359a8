"""A preloaded interpreter that runs the workflow's ``osteostats`` commands by forking.

Every job of the workflow is a fresh ``osteostats`` process, and about a second of each (more
than the work itself on the bundled study) goes to importing pandas, pyarrow, SciPy and
Matplotlib. On a local run the workflow starts one server process that imports them once, in
the background while Snakemake builds its plan and validation runs; each job's ``osteostats``
command then hands its command line, working directory, environment and standard streams to the
server, which forks a child to run it, and exits with the child's exit code. The child runs the
same :func:`osteostats.cli.main` as a fresh process would, on the job's own streams, so logs,
outputs and exit codes do not change (tested byte for byte against fresh processes).

The server is used only where the workflow started it (``OSTEOSTATS_FORKSERVER`` names its
socket); without it, or if it cannot be reached, or inside a SLURM job, the command runs in its
own process as usual. The server exits when the workflow ends, or when the process that
started it is gone.

Importing this module is cheap (standard library only): the client side runs before anything
else in ``osteostats``.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import struct
import sys
import time

#: Environment variable naming the server's socket, and the interpreter and package it
#: serves (``socket|prefix|package``); set by the workflow for its jobs. ``off`` turns the
#: server off.
ENV = "OSTEOSTATS_FORKSERVER"

#: What the server imports, in this order, while a core is idle: the libraries every stage
#: uses, the modelling stage's (the longest job, and the first to start after validation),
#: then every module of this package (:func:`_package_modules`; optional libraries are
#: imported only where they are used, so not there), then the report's template and WeasyPrint
#: (:func:`_report_renderer`).
PRELOAD = (
    "numpy",
    "pandas",
    "pyarrow.parquet",
    "pyarrow.csv",
    "scipy.special",
    "scipy.optimize",
    "scipy.linalg",
    "osteostats.commands.models",
    "osteostats.models.run",
    "osteostats.reconstruct",
    "matplotlib",
    "matplotlib.colors",
    "matplotlib.text",
    "matplotlib.axes",
    "matplotlib.figure",
    "matplotlib.ticker",
    "matplotlib.backends.backend_svg",
)

#: The server's environment for its own start: one BLAS thread (the workflow's jobs run with
#: one), and no jemalloc background thread in pyarrow, so that the server is single-threaded
#: when it forks (forking a process with several threads can leave a lock held in the child).
SERVER_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "JE_ARROW_MALLOC_CONF": "background_thread:false",
}

#: Seconds without a request or an ended command before the server imports the next module.
QUIET = 0.1

_HEADER = struct.Struct("!I")


def _recv_exactly(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("connection closed")
        data += chunk
    return data


# --------------------------------------------------------------------------------------- client


def _serves() -> str:
    """What a server started from this interpreter runs: its prefix and this package's folder."""
    return f"{sys.prefix}|{os.path.dirname(os.path.abspath(__file__))}"


def run_remote(argv: list[str]) -> int | None:
    """Run ``osteostats argv`` in the workflow's server; ``None`` if there is none to use.

    Returns the command's exit code (``128 + N`` if it was ended by signal N, as a shell
    reports it).
    """
    path, _, serves = os.environ.get(ENV, "").partition("|")
    # a job run elsewhere (a SLURM allocation, another environment) runs in its own process
    if not path or serves != _serves() or os.environ.get("SLURM_JOB_ID") or not hasattr(socket, "send_fds"):
        return None
    try:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(path)
    except OSError:
        return None
    umask = os.umask(0o022)
    os.umask(umask)
    with conn:
        request = json.dumps({"argv": list(argv), "cwd": os.getcwd(), "env": dict(os.environ),
                              "umask": umask}).encode()
        try:
            socket.send_fds(conn, [_HEADER.pack(len(request))], [0, 1, 2])
            conn.sendall(request)
        except OSError:
            return None  # nothing has run yet: run here instead
        try:
            if not conn.recv(1):
                return None  # the server did not start the command: run it here
        except OSError:
            return None
        except KeyboardInterrupt:
            return 130
        try:
            (size,) = _HEADER.unpack(_recv_exactly(conn, _HEADER.size))
            reply = json.loads(_recv_exactly(conn, size))
        except (OSError, ValueError):
            sys.stderr.write("osteostats: error: the workflow's preloaded interpreter ended before the command did\n")
            return 1
        except KeyboardInterrupt:  # the server ends the command when this connection closes
            return 130
    return int(reply.get("exit", 1))


# --------------------------------------------------------------------------------------- server


def _child(request: dict, fds: list[int], close: list) -> int:
    """In the forked child: take the job's streams, directory and environment; run the command
    and return its exit code. The caller exits with it through the interpreter's usual shutdown
    (exit handlers, stream flushes), as a fresh process would."""
    for thing in close:
        thing.close()
    signal.set_wakeup_fd(-1)
    for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.umask(request["umask"])
    os.environ.clear()
    os.environ.update(request["env"])
    _fresh_streams()
    _fresh_randomness()
    sys.argv = ["osteostats", *request["argv"]]
    from .cli import main

    return main(request["argv"])


def _fresh_streams() -> None:
    """Text streams on fds 0-2 as a new interpreter would make them from this environment:
    line-buffered on a terminal (standard error always), unbuffered with PYTHONUNBUFFERED,
    in PYTHONIOENCODING's encoding if it names one."""
    import io

    unbuffered = bool(os.environ.get("PYTHONUNBUFFERED"))
    encoding, _, errors = os.environ.get("PYTHONIOENCODING", "").partition(":")

    def wrap(fd: int, mode: str, old) -> io.TextIOWrapper:
        raw = io.FileIO(fd, mode, closefd=False)
        writes_through = unbuffered and mode == "w"
        buffered = raw if writes_through else (io.BufferedReader(raw) if mode == "r" else io.BufferedWriter(raw))
        return io.TextIOWrapper(buffered, encoding=encoding or getattr(old, "encoding", None),
                                errors=errors or ("backslashreplace" if fd == 2 else getattr(old, "errors", "strict")),
                                line_buffering=os.isatty(fd) or fd == 2, write_through=writes_through)

    sys.stdin = sys.__stdin__ = wrap(0, "r", sys.__stdin__)
    sys.stdout = sys.__stdout__ = wrap(1, "w", sys.__stdout__)
    sys.stderr = sys.__stderr__ = wrap(2, "w", sys.__stderr__)


def _fresh_randomness() -> None:
    """Unseeded random state as a new process would have it (the seeded analyses are unaffected)."""
    import random

    random.seed()
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()


def _package_modules() -> list[str]:
    """Every module of this package, by name."""
    import pkgutil

    package = sys.modules[__package__]
    return [m.name for m in pkgutil.walk_packages(package.__path__, f"{__package__}.")]


def _report_renderer() -> list[str]:
    """Compile the report's template, and load WeasyPrint as the report's PDF workers do (a
    report forked after this starts with both ready)."""
    from .report.pdf import _trimmed_ua_html
    from .report.render import report_template

    report_template()
    _trimmed_ua_html()
    return []


def serve(path: str, parent: int, preload: tuple[str, ...] = PRELOAD) -> None:
    """Listen on ``path`` and fork a child per command, until ``parent`` (the process that
    started this one) is gone.

    ``preload``, this package's modules and the report's renderer are imported one at a time,
    and only while fewer commands run than there are cores and none has started or ended for
    :data:`QUIET` seconds. The socket takes commands at once: a command that arrives early forks
    from a server that has imported less, and its child imports the rest itself, as a fresh
    process would.
    """
    import gc
    import importlib
    import selectors
    from collections import deque

    server, last_event = os.getpid(), 0.0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    tmp = f"{path}.{os.getpid()}"
    listener.bind(tmp)
    listener.listen(64)
    os.rename(tmp, path)  # clients find the socket only once it is listening
    pending = deque(preload)
    pending.extend([_package_modules, _report_renderer])

    wake_r, wake_w = socket.socketpair()
    wake_r.setblocking(False)
    wake_w.setblocking(False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w.fileno(), warn_on_full_buffer=False)
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, _end_server)

    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, "accept")
    sel.register(wake_r, selectors.EVENT_READ, "wake")
    running: dict[int, socket.socket] = {}
    by_conn: dict[socket.socket, int] = {}
    try:
        while os.getppid() == parent:
            # import only on a core no command is using, and not in the moment between one job
            # and the next (an import cannot be interrupted: the next job would wait for it)
            wait = QUIET - (time.monotonic() - last_event)
            idle = bool(pending) and len(running) < cores
            events = sel.select(timeout=max(wait, 0) if idle else 0.5)
            if not events and idle and wait <= 0:
                _import_next(pending, importlib)
                gc.freeze()  # keep what is loaded out of the children's collections (fewer page copies)
                continue
            if events:
                last_event = time.monotonic()
            for key, _ in events:
                if key.data == "accept":
                    try:
                        conn, _ = listener.accept()
                    except OSError:
                        continue
                    pid = _start(conn, [listener, wake_r, wake_w, sel, *by_conn])
                    if pid is None:
                        conn.close()
                        continue
                    running[pid] = conn
                    by_conn[conn] = pid
                    sel.register(conn, selectors.EVENT_READ, "client")
                elif key.data == "wake":
                    try:
                        while wake_r.recv(512):
                            pass
                    except OSError:
                        pass
                else:  # a client went away before its command ended: end the command too
                    conn = key.fileobj
                    pid = by_conn.get(conn)
                    if pid is not None:
                        try:
                            os.kill(pid, signal.SIGTERM)
                        except ProcessLookupError:
                            pass
                    sel.unregister(conn)
            _reap(running, by_conn, sel)
    finally:
        if os.getpid() == server:  # not in a child on its way out (see _start)
            _shut_down(running, path)


def _shut_down(running: dict, path: str) -> None:
    """End the commands still running, and remove the socket (and start()'s folder)."""
    for pid in running:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        os.unlink(path)
        if os.path.basename(os.path.dirname(path)).startswith("osteostats-"):
            os.rmdir(os.path.dirname(path))
    except OSError:
        pass


def _import_next(pending, importlib) -> None:
    """Import the next module of ``pending`` (a callable there is called, and the names it
    returns are imported next)."""
    item = pending.popleft()
    try:
        if callable(item):
            pending.extendleft(reversed(item()))
        else:
            importlib.import_module(item)
    except Exception:  # what cannot be loaded here is loaded by the child that needs it, which says why
        pass


def _end_server(signum, frame) -> None:
    """Signal handler: end the server (its ``finally`` ends what is still running)."""
    raise SystemExit(0)


def single_threaded(fallback: bool | None = None) -> bool:
    """Whether this process runs a single thread, as forking safely needs: read from
    /proc/self/task on Linux. Elsewhere ``fallback``, or if it is None, whether Python runs a
    single thread (threads started by native libraries are not seen then)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        if fallback is not None:
            return fallback
        import threading

        return threading.active_count() == 1


def _start(conn: socket.socket, close: list) -> int | None:
    """Read one request from ``conn`` and fork its child; the child's pid, or None."""
    conn.settimeout(10)
    try:
        head, fds, _, _ = socket.recv_fds(conn, _HEADER.size, 3)
        if len(head) != _HEADER.size or len(fds) != 3:
            for fd in fds:
                os.close(fd)
            return None
        request = json.loads(_recv_exactly(conn, _HEADER.unpack(head)[0]))
    except (OSError, ValueError):
        return None
    conn.settimeout(None)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    if not single_threaded():  # forking now could leave a lock held in the child: run there instead
        for fd in fds:
            os.close(fd)
        return None
    pid = os.fork()
    if pid == 0:
        raise SystemExit(_child(request, fds, [conn, *close]))
    for fd in fds:
        os.close(fd)
    try:
        conn.sendall(b"+")  # started: from now on the client waits for the exit code
    except OSError:
        pass
    return pid


def _reap(running: dict, by_conn: dict, sel) -> None:
    """Send each ended child's exit code to its client."""
    while running:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        conn = running.pop(pid, None)
        if conn is None:
            continue
        by_conn.pop(conn, None)
        code = os.waitstatus_to_exitcode(status)
        reply = json.dumps({"exit": code if code >= 0 else 128 - code}).encode()
        try:
            conn.sendall(_HEADER.pack(len(reply)) + reply)
        except OSError:
            pass
        try:
            sel.unregister(conn)
        except (KeyError, ValueError):
            pass
        conn.close()


class Server:
    """A running server, as :func:`start` returns it."""

    def __init__(self, process, folder: str):
        self.process = process
        self.folder = folder

    def stop(self) -> None:
        """End the server and remove its socket; jobs started afterwards run in their own process."""
        import shutil
        import subprocess

        if os.environ.get(ENV, "").startswith(os.path.join(self.folder, "")):
            del os.environ[ENV]
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Server | None:
    """Start a server for the jobs this process starts, and point them at it (``ENV``).

    ``None`` where there is nothing to gain or it cannot work: not a POSIX system, no writable
    temporary folder, or ``OSTEOSTATS_FORKSERVER=off``.
    """
    import subprocess
    import tempfile

    if os.name != "posix" or not hasattr(socket, "send_fds") or os.environ.get(ENV) == "off":
        return None
    try:
        folder = tempfile.mkdtemp(prefix="osteostats-")
    except OSError:  # no writable temporary folder: the jobs run in their own processes
        return None
    path = os.path.join(folder, "socket")
    env = {k: v for k, v in os.environ.items() if k != ENV}
    env.update(SERVER_ENV)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "osteostats.forkserver", path, str(os.getpid()), _serves()], env=env,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
    except OSError:
        os.rmdir(folder)
        return None
    os.environ[ENV] = f"{path}|{_serves()}"
    return Server(process, folder)


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - run as a process by the workflow
    """``python -m osteostats.forkserver SOCKET PARENT_PID SERVES``: serve, unless this process
    would run another interpreter or package than ``SERVES`` (then the jobs run in their own
    processes: there is no socket for them)."""
    argv = sys.argv[1:] if argv is None else argv
    if _serves() != argv[2]:
        return 1
    server = os.getpid()
    try:
        serve(argv[0], int(argv[1]))
    finally:
        if os.getpid() == server:  # done (serve has cleaned up): skip the interpreter's teardown
            os._exit(0)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
