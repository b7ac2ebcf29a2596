"""Lint Dockerfiles: find them, parse them, run the Dockerfile rules, in parallel on all cores."""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass

from dockguard.engine import Engine
from dockguard.errors import InputError
from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Finding, Location
from dockguard.rules.meta import PARSE_ERROR

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox"}
# Below this many files one process is faster than starting workers.
_PARALLEL_MIN_FILES = 48


def is_dockerfile_name(name: str) -> bool:
    lower = name.lower()
    return (
        lower in ("dockerfile", "containerfile")
        or lower.startswith(("dockerfile.", "containerfile."))
        or lower.endswith((".dockerfile", ".containerfile"))
    ) and not lower.endswith(".dockerignore")


def find_dockerfiles(paths: list[str], exclude: list[str] | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """Expand directories into the Dockerfiles they hold; report paths that do not exist."""
    files: list[str] = []
    errors: list[tuple[str, str]] = []
    exclude = exclude or []

    def excluded(path: str) -> bool:
        rel = os.path.normpath(path)
        return any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(os.path.basename(rel), pat) for pat in exclude)

    for path in paths:
        if path == "-":
            files.append(path)
        elif os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not excluded(os.path.join(root, d)))
                for name in sorted(names):
                    full = os.path.join(root, name)
                    if is_dockerfile_name(name) and not excluded(full):
                        files.append(full)
        elif os.path.exists(path):
            files.append(path)
        else:
            errors.append((path, "no such file or directory"))
    return files, errors


def read_dockerignore(dockerfile_path: str, context_dir: str | None) -> list[str] | None:
    """Patterns of `<Dockerfile>.dockerignore` (BuildKit) or the context's `.dockerignore`."""
    if context_dir is None:
        return None
    for candidate in (dockerfile_path + ".dockerignore", os.path.join(context_dir, ".dockerignore")):
        try:
            with open(candidate, encoding="utf-8", errors="replace") as fh:
                lines = fh.read().splitlines()
        except OSError:
            continue
        return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    return None


def instruction_spans(df: Dockerfile) -> dict[int, int]:
    spans: dict[int, int] = {}
    for ins in df.instructions:
        for line in range(ins.line + 1, ins.end_line + 1):
            spans[line] = ins.line
    return spans


@dataclass
class FileResult:
    path: str
    findings: list[Finding]
    error: str | None = None


def lint_text(engine: Engine, text: str, path: str, context_dir: str | None = None) -> list[Finding]:
    from dockguard.sources.dockerfile import parse

    df = parse(text, path)
    if context_dir is not None:
        df.context_dir = context_dir
        df.dockerignore = read_dockerignore(path, context_dir)
    return lint_model(engine, df)


def lint_model(engine: Engine, df: Dockerfile) -> list[Finding]:
    findings = [
        engine.finding(PARSE_ERROR, _hit(err.line, err.message), df.path)
        for err in df.errors
        if PARSE_ERROR.id not in engine.ignored
    ]
    findings += engine.check(
        df,
        "dockerfile",
        df.path,
        ignores=df.ignores,
        file_ignores=df.file_ignores,
        spans=instruction_spans(df),
    )
    return findings


def _hit(line: int, message: str):
    from dockguard.rules.base import Hit

    return Hit(message, line=line)


def lint_file(engine: Engine, path: str) -> FileResult:
    try:
        if path == "-":
            text = sys.stdin.buffer.read()
            context = None
            shown = "-"
        else:
            with open(path, "rb") as fh:
                text = fh.read()
            context = os.path.dirname(os.path.abspath(path))
            shown = path
        if b"\0" in text[:8192]:
            raise InputError(shown, "not a text file")
        decoded = text.decode("utf-8-sig", errors="replace")
        return FileResult(shown, lint_text(engine, decoded, shown, context))
    except InputError as exc:
        return FileResult(path, [], exc.message)
    except IsADirectoryError:
        return FileResult(path, [], "is a directory")
    except OSError as exc:
        return FileResult(path, [], f"cannot read: {exc.strerror or exc}")


_WORKER_ENGINE: Engine | None = None


def _work(path: str) -> FileResult:
    assert _WORKER_ENGINE is not None
    return lint_file(_WORKER_ENGINE, path)


def lint_files(engine: Engine, files: list[str], jobs: int | None = None) -> list[FileResult]:
    """Lint every file; on several cores the files are spread over worker processes (fork)."""
    global _WORKER_ENGINE
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(files) < _PARALLEL_MIN_FILES or "-" in files or not hasattr(os, "fork"):
        return [lint_file(engine, path) for path in files]
    import multiprocessing

    _WORKER_ENGINE = engine
    ctx = multiprocessing.get_context("fork")
    # Pre-import the parser so the workers inherit it.
    import dockguard.sources.dockerfile  # noqa: F401

    chunk = max(1, len(files) // (jobs * 4))
    with ctx.Pool(jobs) as pool:
        return pool.map(_work, files, chunksize=chunk)


def to_location(path: str, line: int | None = None) -> Location:
    return Location(path=path, line=line)
