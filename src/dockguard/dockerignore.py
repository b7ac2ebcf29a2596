""".dockerignore matching, as BuildKit does it (moby/patternmatcher semantics).

- Each line is a pattern; `#` lines and blank lines are ignored; surrounding spaces are trimmed.
- `!pattern` re-includes what an earlier pattern excluded. The LAST pattern that matches a path
  decides, so order matters.
- Patterns are cleaned like paths (`./a//b/` -> `a/b`) and a leading `/` is dropped: every
  pattern is relative to the context root.
- `*` matches any run of characters except `/`, `?` one character except `/`, `[a-z]` a class,
  `\\` escapes, and `**` any number of directories (`**/x` also matches `x` at the root).
- A pattern that matches a directory excludes everything below it (`.git` excludes `.git/HEAD`).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Pattern:
    text: str  # the cleaned pattern
    exclusion: bool  # a `!` pattern
    regex: re.Pattern[str]


def _clean(pattern: str) -> str:
    cleaned = posixpath.normpath(pattern) if pattern else pattern
    if cleaned == ".":
        return cleaned
    if len(cleaned) > 1 and cleaned.startswith("/"):
        cleaned = cleaned.lstrip("/") or "/"
    return cleaned


def _to_regex(pattern: str) -> re.Pattern[str]:
    out = ["^"]
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "*":
            if i + 1 < n and pattern[i + 1] == "*":
                i += 1  # "**"
                if i + 1 >= n:
                    out.append(".*")
                elif pattern[i + 1] == "/":
                    out.append("(.*/)?")
                    i += 1
                else:
                    out.append(".*")
            else:
                out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "\\":
            if i + 1 < n:
                i += 1
                out.append(re.escape(pattern[i]))
            else:
                out.append(re.escape("\\"))
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1 : end]
                if body.startswith("^") or body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end
        else:
            out.append(re.escape(ch))
        i += 1
    out.append("$")
    try:
        return re.compile("".join(out))
    except re.error:
        return re.compile("^" + re.escape(pattern) + "$")


def compile_patterns(lines: list[str]) -> list[Pattern]:
    patterns: list[Pattern] = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        exclusion = line.startswith("!")
        if exclusion:
            line = line[1:].strip()
            if not line:
                continue
        cleaned = _clean(line)
        patterns.append(Pattern(cleaned, exclusion, _to_regex(cleaned)))
    return patterns


def _parents(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


class DockerIgnore:
    """`DockerIgnore(lines).excluded("path/in/context")` -> True when the build does not send it."""

    def __init__(self, lines: list[str] | None):
        self.patterns = compile_patterns(lines or [])

    def excluded(self, path: str) -> bool:
        path = _clean(path.replace("\\", "/")).lstrip("/")
        candidates = _parents(path)
        matched = False
        for pattern in self.patterns:
            if matched == (not pattern.exclusion):
                # this pattern cannot change the outcome, except that an exclusion must be tested
                continue
            if any(pattern.regex.match(c) for c in candidates):
                matched = not pattern.exclusion
        return matched


def excluded(lines: list[str] | None, path: str) -> bool:
    return DockerIgnore(lines).excluded(path)
