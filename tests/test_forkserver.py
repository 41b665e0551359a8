"""The workflow's preloaded interpreter (osteostats/forkserver.py): a command run through it
behaves as the same command in a fresh process (outputs, standard streams, exit code), it is
used only where it should be, and it does not outlive what started it or what it runs.

The reference is always the same ``osteostats`` command run in its own process, without the
server (``OSTEOSTATS_FORKSERVER`` unset). The whole workflow with and without the server is
compared in ``test_workflow.py``.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from osteostats import forkserver

ROOT = Path(__file__).resolve().parents[1]
OSTEOSTATS = str(Path(sys.executable).parent / "osteostats")


@pytest.fixture(scope="module")
def server():
    """A server started as the workflow starts it; its ENV value, for the commands' environment."""
    saved = os.environ.get(forkserver.ENV)
    os.environ.pop(forkserver.ENV, None)
    started = forkserver.start()
    value = os.environ[forkserver.ENV]
    if saved is None:
        del os.environ[forkserver.ENV]
    else:
        os.environ[forkserver.ENV] = saved
    yield started, value
    started.stop()


def command_env(env_value: str | None = None, drop: tuple[str, ...] = (), **extra: str) -> dict[str, str]:
    """This environment without the server's variable (and ``drop``), with ``env_value`` as the
    server's variable if given, and ``extra``."""
    env = {k: v for k, v in os.environ.items() if k != forkserver.ENV and k not in drop}
    if env_value is not None:
        env[forkserver.ENV] = env_value
    return {**env, **extra}


def run(args, cwd, env_value=None, **kw):
    return subprocess.run([OSTEOSTATS, *args], cwd=cwd, env=command_env(env_value), capture_output=True, **kw)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", [
    ["check", str(ROOT / "data" / "published"), "--out", "{out}"],
    ["diagnose", "--cases", str(ROOT / "data" / "cases" / "patients.csv"), "--out", "{out}/patients.csv"],
    ["check", str(ROOT / "no-such-folder"), "--out", "{out}"],  # an input error: exit 2, one message
    ["tables", "--no-such-option"],  # a usage error: argparse's exit 2
    ["--version"],
])
def test_command_in_server_matches_fresh_process(server, tmp_path, command):
    results = {}
    for name, value in (("fresh", None), ("server", server[1])):
        out = tmp_path / name
        out.mkdir()
        args = [a.replace("{out}", str(out)) for a in command]
        r = run(args, tmp_path, value)
        results[name] = (r.returncode, r.stdout.replace(str(out).encode(), b"OUT"),
                         r.stderr.replace(str(out).encode(), b"OUT"), files(out))
    assert results["server"] == results["fresh"]
    assert results["fresh"][0] != 0 or results["fresh"][3] or results["fresh"][1]  # the command did something


def _waiting_command(tmp_path: Path, env_value: str) -> tuple[Path, subprocess.Popen]:
    """``osteostats diagnose`` through the server, waiting on a named pipe for its input
    (opening one blocks until a writer comes): a command that runs until the test lets it go."""
    fifo = tmp_path / "table.csv"
    os.mkfifo(fifo)
    env = command_env(env_value)
    client = subprocess.Popen([OSTEOSTATS, "diagnose", "--cases", str(fifo), "--out", str(tmp_path / "o.csv")],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return fifo, client


def test_server_runs_the_command_in_its_child(server, tmp_path):
    """The command really runs in the server's child (a fork of the server), not in the process
    that was started for it (``osteostats`` has no command that prints its parent: /proc says)."""
    fifo, client = _waiting_command(tmp_path, server[1])
    try:
        child = _wait_for_child(server[0].process.pid)
        assert child is not None, "no command was forked by the server"
        assert _cmdline_argv(child) == _cmdline_argv(server[0].process.pid)  # a fork of the server
    finally:
        with open(fifo, "w") as f:  # let the command go on: it reads an empty table and says so
            f.write("")
        _, err = client.communicate(timeout=60)
    assert client.returncode == 2 and b"empty file" in err and b"Traceback" not in err, err


def test_a_killed_client_ends_its_command(server, tmp_path):
    _, client = _waiting_command(tmp_path, server[1])
    child = _wait_for_child(server[0].process.pid)
    assert child is not None
    client.kill()
    client.wait()
    assert _gone(child, timeout=10), "the command outlived the process that asked for it"
    assert server[0].process.poll() is None  # the server itself goes on


def test_the_server_ends_with_the_process_that_started_it(tmp_path):
    code = ("import os, sys\nfrom osteostats import forkserver\ns = forkserver.start()\n"
            "print(s.process.pid, s.folder, flush=True)\n")  # exits without stop()
    env = command_env()
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    pid, folder = out.stdout.split()
    assert _gone(int(pid), timeout=30), "the server outlived the process that started it"
    assert not Path(folder).exists()


def test_a_server_that_would_run_another_package_does_not_serve(tmp_path):
    """The server checks that it imported the interpreter and package the jobs were told of
    (a folder named osteostats in the working folder could shadow the installed one)."""
    path = tmp_path / "socket"
    r = subprocess.run([sys.executable, "-m", "osteostats.forkserver", str(path), str(os.getpid()),
                        "/another/prefix|/another/osteostats"], capture_output=True, timeout=60)
    assert r.returncode == 1 and not path.exists()


def test_stop_ends_the_server_and_points_jobs_away(tmp_path):
    saved = os.environ.pop(forkserver.ENV, None)
    try:
        s = forkserver.start()
        assert os.environ[forkserver.ENV].startswith(s.folder)
        s.stop()
        assert forkserver.ENV not in os.environ
        assert s.process.poll() is not None and not Path(s.folder).exists()
    finally:
        if saved is not None:
            os.environ[forkserver.ENV] = saved


def test_stop_twice_is_stop_once():
    """The workflow may stop the server at its start (jobs run elsewhere) and again at its end."""
    saved = os.environ.pop(forkserver.ENV, None)
    try:
        s = forkserver.start()
        s.stop()
        s.stop()
        assert s.process.poll() is not None and forkserver.ENV not in os.environ
    finally:
        if saved is not None:
            os.environ[forkserver.ENV] = saved


def test_off_starts_nothing(monkeypatch):
    monkeypatch.setenv(forkserver.ENV, "off")
    assert forkserver.start() is None
    assert os.environ[forkserver.ENV] == "off"
    assert forkserver.run_remote(["--version"]) is None


@pytest.mark.parametrize("value", [
    "{tmp}/no-socket|{serves}",  # no server there (it ended, or never started): run here
    "{socket}|/another/prefix|/another/osteostats",  # a server for another environment
    "{socket}",  # no environment named
])
def test_run_remote_runs_here_unless_the_server_is_its_own(monkeypatch, tmp_path, value):
    """``run_remote`` returns None (the command runs in its own process) without sending a
    request whenever the server is missing or serves another interpreter or package."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(tmp_path / "s"))
    listener.listen(1)
    listener.settimeout(0.2)
    monkeypatch.setenv(forkserver.ENV, value.format(tmp=tmp_path, socket=tmp_path / "s",
                                                    serves=forkserver._serves()))
    assert forkserver.run_remote(["--version"]) is None
    with pytest.raises(socket.timeout):
        listener.accept()
    listener.close()


def test_run_remote_runs_here_inside_a_slurm_job(monkeypatch, server):
    monkeypatch.setenv(forkserver.ENV, server[1])
    monkeypatch.setenv("SLURM_JOB_ID", "42")
    assert forkserver.run_remote(["--version"]) is None


def test_a_server_that_closes_without_starting_the_command_means_run_here(monkeypatch, tmp_path):
    """A server that takes the request but does not start it (it would not fork safely, or it
    is ending) closes the connection before its acknowledgement: the client runs the command
    itself."""
    path = tmp_path / "s"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)
    monkeypatch.setenv(forkserver.ENV, f"{path}|{forkserver._serves()}")
    import threading

    def refuse():
        conn, _ = listener.accept()
        _, fds, _, _ = socket.recv_fds(conn, 4, 3)
        for fd in fds:
            os.close(fd)
        conn.close()

    t = threading.Thread(target=refuse)
    t.start()
    assert forkserver.run_remote(["--version"]) is None
    t.join()
    listener.close()


# ------------------------------------------------------------------------------------- helpers


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _wait_for_child(pid: int, timeout: float = 30) -> int | None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        kids = _children(pid)
        if kids:
            return kids[0]
        time.sleep(0.05)
    return None


def _cmdline_argv(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")


def _gone(pid: int, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":  # ended, not yet reaped
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_log_of_both_streams_reads_the_same(server, tmp_path, unbuffered):
    """Standard output and error into one file, as a workflow's job log: the same bytes through
    the server as from a fresh process, buffered or with PYTHONUNBUFFERED set (``validate``
    reports on standard output; ``check`` on a table it cannot read, on standard error)."""
    table = tmp_path / "t.csv"
    table.write_text("Variable,A,B\nAge,1,2\n")
    commands = [["validate", "--cases", str(ROOT / "data" / "cases"), "--study", str(ROOT / "config" / "study.yaml"),
                 "--out", "{out}/cases", "--config-json", "{{}}", "--write-config", "{out}/config.yaml"],
                ["check", str(table), "--groups", "A,B", "--out", "{out}/check"]]
    logs = {}
    for name, value in (("fresh", None), ("server", server[1])):
        env = command_env(value, drop=("PYTHONUNBUFFERED",), **({"PYTHONUNBUFFERED": unbuffered} if unbuffered else {}))
        out = tmp_path / name
        with open(tmp_path / f"{name}.log", "wb") as log:
            codes = [subprocess.run([OSTEOSTATS, *(a.format(out=out) for a in command)], cwd=tmp_path, env=env,
                                    stdout=log, stderr=subprocess.STDOUT).returncode for command in commands]
        logs[name] = (codes, (tmp_path / f"{name}.log").read_bytes().replace(str(out).encode(), b"OUT"))
    assert logs["server"] == logs["fresh"]
    assert logs["fresh"][0] == [0, 2] and b"OK" in logs["fresh"][1] and b"error" in logs["fresh"][1]
