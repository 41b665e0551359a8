"""Check every output path of a command before any work starts.

A run that fails while writing leaves a partial output; a run that fails after an hour
because ``--out`` names an existing file wastes the hour. :func:`check_output_paths` looks at
all output paths of a command at once and raises one
:class:`~osteostats.errors.InputError` listing every problem:

- a file is wanted but the path is an existing folder (or a folder is wanted and the path is
  an existing file);
- the nearest existing parent is a file, so the folder cannot be created;
- the file, the folder or the parent it would be created in is not writable.

Nothing is created or written by the check itself.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Problem

FILE = "file"
FOLDER = "folder"


@dataclass(frozen=True)
class OutputPath:
    """One output of a command.

    Attributes
    ----------
    flag : str
        The option that names it (``--out``), used in the message.
    path : str or PathLike
        The path as given.
    kind : {"file", "folder"}
        What the command writes there.
    """

    flag: str
    path: str | os.PathLike
    kind: str = FILE


def _writable(p: Path) -> bool:
    return os.access(p, os.W_OK | (os.X_OK if p.is_dir() else 0))


def _nearest_existing(p: Path) -> Path:
    q = p.parent
    while not q.exists() and q != q.parent:
        q = q.parent
    return q


def path_problems(out: OutputPath) -> list[Problem]:
    """Problems of one output path (empty when it can be written).

    Examples
    --------
    >>> path_problems(OutputPath("--out", "reports/tables", FOLDER))
    []
    >>> [p.expected for p in path_problems(OutputPath("--out", "README.md", FOLDER))]
    ['a folder (this path is an existing file)']
    """
    if out.kind not in (FILE, FOLDER):
        raise ValueError(f"kind must be {FILE!r} or {FOLDER!r}, not {out.kind!r}")
    raw = str(out.path)
    p = Path(raw).expanduser()

    def problem(value: object, expected: str, fix: str) -> Problem:
        return Problem(raw, None, out.flag, value, expected, fix=fix)

    if not raw.strip():
        return [problem(raw, f"a {out.kind} path", f"give {out.flag} a path")]
    if out.kind == FILE and raw.endswith(("/", os.sep)):
        return [problem(raw, "a file path (this one ends with a path separator)",
                        f"give {out.flag} a file name, e.g. {raw.rstrip('/' + os.sep)}/out.csv")]
    if p.exists():
        if out.kind == FILE and p.is_dir():
            return [problem(raw, "a file (this path is an existing folder)",
                            f"give {out.flag} a file name, e.g. {p / 'out.csv'}")]
        if out.kind == FOLDER and not p.is_dir():
            return [problem(raw, "a folder (this path is an existing file)",
                            f"give {out.flag} a new or existing folder, or remove the file")]
        if not _writable(p):
            return [problem(raw, f"a writable {out.kind} (permission denied)",
                            f"make it writable (chmod u+w) or choose another {out.flag}")]
        if out.kind == FILE and not _writable(p.parent):
            return [problem(raw, f"a file in a writable folder ({p.parent} is not writable)",
                            f"choose another {out.flag}")]
        return []
    base = _nearest_existing(p)
    if not base.is_dir():
        return [problem(raw, f"a path whose parent can be a folder ({base} is an existing file)",
                        f"choose another {out.flag} or remove the file {base}")]
    if not _writable(base):
        return [problem(raw, f"a path that can be created ({base} is not writable)",
                        f"make {base} writable or choose another {out.flag}")]
    return []


def check_output_paths(outputs: list[OutputPath] | tuple[OutputPath, ...], *, also: list[Problem] | None = None) -> None:
    """Raise one :class:`InputError` listing every unwritable output path (and ``also``'s problems).

    Two outputs naming the same path are a problem too.

    Examples
    --------
    >>> check_output_paths([OutputPath("--out", "reports/tables", FOLDER)])
    >>> check_output_paths([OutputPath("--html", "README.md/report.html")])
    Traceback (most recent call last):
    ...
    osteostats.errors.InputError: 1 problem(s) with output paths:
      - README.md/report.html, column '--html': got 'README.md/report.html'; expected a path whose parent can be a folder (README.md is an existing file). Fix: choose another --html or remove the file README.md
    """
    problems: list[Problem] = list(also or [])
    seen: dict[str, str] = {}
    for out in outputs:
        problems.extend(path_problems(out))
        key = os.path.normpath(os.path.abspath(os.path.expanduser(str(out.path))))
        if key in seen and seen[key] != out.flag:
            problems.append(Problem(str(out.path), None, out.flag, str(out.path),
                                    f"a path different from {seen[key]}", fix=f"give {out.flag} its own path"))
        seen.setdefault(key, out.flag)
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) with output paths")
