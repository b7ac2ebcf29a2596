"""Apply the fixes that findings carry to a file's text.

A fix is a list of whole-line edits (`TextEdit`). Fixes are applied bottom-up, never two that touch
the same lines in one round; the file is linted again and the loop repeats until nothing is left to
fix (at most `MAX_ROUNDS`). Every other byte is kept: line endings (LF or CRLF, per line), comments,
continuations, indentation, a missing final newline.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass, field

from dockguard.model.finding import Finding, Fix

MAX_ROUNDS = 5


@dataclass
class FixResult:
    path: str
    original: str
    text: str
    applied: list[Finding] = field(default_factory=list)  # the findings whose fix was applied
    remaining: list[Finding] = field(default_factory=list)  # findings after the last round

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                self.text.splitlines(keepends=True),
                fromfile=f"a/{self.path.lstrip('/')}",
                tofile=f"b/{self.path.lstrip('/')}",
            )
        )


def _ending(line: str, default: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    if line.endswith("\n") or line.endswith("\r"):
        return line[-1]
    return default


def _dominant_ending(lines: list[str]) -> str:
    crlf = sum(1 for ln in lines if ln.endswith("\r\n"))
    return "\r\n" if crlf > len(lines) // 2 else "\n"


def select(fixes: list[Fix]) -> list[Fix]:
    """Fixes whose edits touch disjoint line ranges (first come, first kept)."""
    taken: list[tuple[int, int]] = []
    out: list[Fix] = []
    for fix in fixes:
        ranges = [(e.start_line, max(e.end_line, e.start_line)) for e in fix.edits]
        if any(a <= d and c <= b for a, b in ranges for c, d in taken):
            continue
        taken += ranges
        out.append(fix)
    return out


def apply_fixes(text: str, fixes: list[Fix]) -> str:
    """Apply non-overlapping fixes to text (edits in `\\n`; each line keeps its own ending)."""
    lines = text.splitlines(keepends=True)
    default = _dominant_ending(lines)
    edits = sorted((e for f in fixes for e in f.edits), key=lambda e: (e.start_line, e.end_line), reverse=True)
    for e in edits:
        start = e.start_line - 1
        end = e.end_line  # exclusive index
        if start < 0 or start > len(lines) or end > len(lines):
            continue
        old = lines[start:end]
        ending = _ending(old[-1], default) if old else default
        last_had_newline = not old or old[-1] != old[-1].rstrip("\r\n")
        new = [ln.rstrip("\n") + ending for ln in e.text.splitlines(keepends=False)] if e.text else []
        if new and not last_had_newline and end == len(lines):
            new[-1] = new[-1][: -len(ending)]
        lines[start:end] = new
    return "".join(lines)


def fix_text(text: str, path: str, lint, unsafe: bool = False) -> FixResult:
    """`lint(text, path) -> findings`; apply their fixes round by round until stable."""
    result = FixResult(path=path, original=text, text=text)
    seen: set[str] = {text}
    findings = lint(text, path)
    for _ in range(MAX_ROUNDS):
        candidates = [f for f in findings if f.fix is not None and f.fix.edits and (f.fix.safe or unsafe)]
        candidates.sort(key=lambda f: (f.location.line or 0, f.rule_id))
        chosen = select([f.fix for f in candidates])
        if not chosen:
            break
        chosen_ids = {id(c) for c in chosen}
        new_text = apply_fixes(result.text, chosen)
        if new_text in seen:  # a fix that undoes another: stop rather than loop
            break
        seen.add(new_text)
        result.applied += [f for f in candidates if id(f.fix) in chosen_ids]
        result.text = new_text
        findings = lint(new_text, path)
    result.remaining = findings
    return result


def write_atomic(path: str, text: str) -> None:
    """Write through a temporary file in the same directory, keeping the file's mode bits."""
    directory = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777 if os.path.exists(path) else None
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".dockguard-fix", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
