"""The secrets engine: keyword prefilter (Aho-Corasick), then RE2 regexes, entropy and allow-lists.

    scanner = SecretScanner.from_config(config)          # or SecretScanner()
    for m in scanner.scan_bytes(data): m.detector.id, m.line, m.redacted
    scanner.wants(path, size, image=True)                # path filters (binary/vendored/package trees)

Only detectors whose keyword occurs in the (lower-cased) text run their regex. Regexes are compiled
with `google-re2` (linear time); when it is not installed Python's `re` is used instead, and
`ENGINE` says so. Every match carries its secret only in redacted form.
"""

from __future__ import annotations

import fnmatch
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from dockguard.redact import redact
from dockguard.secrets.detectors import DETECTORS, GLOBAL_ALLOW, Detector

try:  # pragma: no cover - depends on the environment
    import re2 as _re2

    ENGINE = "re2"
except ImportError:  # pragma: no cover
    _re2 = None
    ENGINE = "re (google-re2 not installed)"

SEVERITIES = ("info", "low", "medium", "high", "critical")

# Skipped everywhere (directories of vendored or generated content, lockfiles, binaries by name).
COMMON_SKIP = [
    "**/node_modules/**", "**/bower_components/**", "**/vendor/**", "**/site-packages/**", "**/dist-packages/**",
    "**/.git/**", "**/.hg/**", "**/.svn/**", "**/__pycache__/**", "**/*.dist-info/**", "**/*.egg-info/**",
    "**/.venv/**", "**/.tox/**", "**/.mypy_cache/**", "**/.pytest_cache/**",
    "**/package-lock.json", "**/yarn.lock", "**/pnpm-lock.yaml", "**/go.sum", "**/Cargo.lock", "**/poetry.lock",
    "**/Gemfile.lock", "**/composer.lock", "**/Pipfile.lock", "**/uv.lock",
    "**/*.min.js", "**/*.map", "**/*.min.css",
]
# Skipped in images: trees owned by the OS package manager and language runtimes.
IMAGE_SKIP = [
    "usr/share/**", "usr/include/**", "usr/lib/**", "usr/lib32/**", "usr/lib64/**", "usr/libexec/**", "lib/**",
    "lib32/**", "lib64/**", "usr/src/**", "var/lib/dpkg/**", "var/lib/apt/**", "var/lib/rpm/**", "var/lib/yum/**",
    "var/lib/dnf/**", "lib/apk/**", "var/cache/**", "var/log/**", "usr/local/go/**", "usr/local/lib/python*/**",
    "usr/local/lib/node_modules/**", "usr/lib/jvm/**", "opt/java/**", "proc/**", "sys/**", "dev/**", "boot/**",
    "bin/**", "sbin/**", "usr/bin/**", "usr/sbin/**", "etc/ssl/certs/**", "usr/local/share/**",
    "etc/alternatives/**", "usr/local/include/**",
]
BINARY_EXT = {
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".webp", ".svg", ".tif", ".tiff", ".woff", ".woff2", ".ttf",
    ".otf", ".eot", ".mp3", ".mp4", ".avi", ".mov", ".ogg", ".wav", ".flac", ".zip", ".gz", ".tgz", ".bz2", ".xz",
    ".zst", ".7z", ".rar", ".tar", ".jar", ".war", ".ear", ".whl", ".egg", ".so", ".a", ".o", ".dll", ".exe",
    ".dylib", ".pyc", ".pyo", ".class", ".deb", ".rpm", ".apk", ".iso", ".img", ".pdf", ".db", ".sqlite",
    ".mo", ".gmo", ".bin", ".dat", ".pack", ".idx",
}
MAX_FILE_SIZE = 10 << 20


@dataclass(slots=True)
class Match:
    detector: Detector
    line: int
    redacted: str
    start: int
    end: int

    @property
    def severity(self) -> str:
        return self.detector.severity


def entropy(text: str) -> float:
    if not text:
        return 0.0
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in Counter(text).values())


def _compile(pattern: str):
    if _re2 is not None:
        return _re2.compile(pattern)
    return re.compile(pattern)


def _glob_rx(patterns: Iterable[str]):
    parts = []
    for p in patterns:
        p = p.lstrip("/")
        rx = fnmatch.translate(p)
        if p.startswith("**/"):  # also match at the root
            rx = "(?:" + rx + "|" + fnmatch.translate(p[3:]) + ")"
        parts.append(rx)
    return re.compile("|".join(parts)) if parts else None


class SecretScanner:
    def __init__(
        self,
        detectors: Iterable[Detector] = DETECTORS,
        *,
        disable: Iterable[str] = (),
        allow: Iterable[str] = (),
        exclude: Iterable[str] = (),
        include: Iterable[str] = (),
        skip_defaults: bool = True,
        max_file_size: int = MAX_FILE_SIZE,
    ):
        import ahocorasick

        disabled = set(disable)
        self.detectors = [d for d in detectors if d.id not in disabled]
        self._regex = [_compile(d.regex) for d in self.detectors]
        self._allow = [[re.compile(a) for a in d.allow] for d in self.detectors]
        self._global_allow = re.compile("|".join(f"(?:{a})" for a in (*GLOBAL_ALLOW, *allow)))
        self._automaton = ahocorasick.Automaton()
        by_kw: dict[str, set[int]] = {}
        for i, d in enumerate(self.detectors):
            for kw in d.keywords:
                by_kw.setdefault(kw, set()).add(i)
        for kw, idx in by_kw.items():
            self._automaton.add_word(kw, tuple(sorted(idx)))
        self._automaton.make_automaton()
        # A DFA gate in front of the automaton: one RE2 pass (hundreds of MB/s) tells whether any
        # keyword occurs at all; most files have none and never reach the (slower) automaton walk.
        self._gate_bytes = self._gate_text = None
        if _re2 is not None and by_kw:
            opts = _re2.Options()
            opts.case_sensitive = False
            opts.max_mem = 64 << 20
            alternation = "|".join(re.escape(k) for k in sorted(by_kw))
            self._gate_bytes = _re2.compile(alternation.encode(), opts)
            self._gate_text = _re2.compile(alternation, opts)
        self.max_file_size = max_file_size
        common = list(exclude) + (COMMON_SKIP if skip_defaults else [])
        self._skip_common = _glob_rx(common)
        self._skip_image = _glob_rx(IMAGE_SKIP) if skip_defaults else None
        self._include = _glob_rx(include)
        self.skip_binary_ext = skip_defaults

    @classmethod
    def from_config(cls, config=None, **overrides) -> "SecretScanner":
        """Settings from the config's `secrets:` section (see docs/secrets.md)."""
        section = {}
        if config is not None:
            section = config.section("secrets", {
                "disable": list, "allow": list, "exclude": list, "include": list, "skip_defaults": bool,
                "max_file_size": int,
            })
        kwargs = {k: section[k] for k in ("disable", "allow", "exclude", "include", "skip_defaults", "max_file_size")
                  if k in section}
        if config is not None and getattr(config, "exclude", None):
            kwargs["exclude"] = list(kwargs.get("exclude", [])) + list(config.exclude)
        kwargs.update(overrides)
        return cls(**kwargs)

    # -- path filters ---------------------------------------------------------------------------
    def wants(self, path: str, size: int, image: bool = False) -> bool:
        if size <= 0 or size > self.max_file_size:
            return False
        path = path.lstrip("/")
        if self._include is not None and self._include.match(path):
            return True
        if self.skip_binary_ext:
            dot = path.rfind(".")
            if dot > path.rfind("/") and path[dot:].lower() in BINARY_EXT:
                return False
        if self._skip_common is not None and self._skip_common.match(path):
            return False
        if image and self._skip_image is not None and self._skip_image.match(path):
            return False
        return True

    # -- content --------------------------------------------------------------------------------
    @staticmethod
    def is_binary(data: bytes) -> bool:
        return b"\x00" in data[:8192]

    def scan_bytes(self, data: bytes) -> list[Match]:
        if not data or self.is_binary(data):
            return []
        if self._gate_bytes is not None and self._gate_bytes.search(data) is None:
            return []
        return self.scan_text(data.decode("latin-1"), gated=True)

    def scan_text(self, text: str, gated: bool = False) -> list[Match]:
        if not gated and self._gate_text is not None and self._gate_text.search(text) is None:
            return []
        candidates: set[int] = set()
        for _, idx in self._automaton.iter(text.lower()):
            candidates.update(idx)
        if not candidates:
            return []
        found: list[Match] = []
        specific_spans: list[tuple[int, int]] = []
        seen: set[tuple[str, int, int]] = set()
        for i in sorted(candidates, key=lambda i: self.detectors[i].generic):
            d = self.detectors[i]
            rx = self._regex[i]
            grouped = rx.groups > 0
            for m in rx.finditer(text):
                if grouped:
                    start, end = m.span(1)
                else:
                    start, end = m.span(0)
                if start < 0:
                    continue
                secret = text[start:end]
                if d.entropy and entropy(secret) < d.entropy:
                    continue
                if self._global_allow.search(secret) or any(a.search(secret) for a in self._allow[i]):
                    continue
                if d.generic and any(s < end and start < e for s, e in specific_spans):
                    continue
                key = (d.id, start, end)
                if key in seen:
                    continue
                seen.add(key)
                if not d.generic:
                    specific_spans.append((start, end))
                line = text.count("\n", 0, start) + 1
                found.append(Match(d, line, redact(secret.replace("\\n", "").strip()), start, end))
        found.sort(key=lambda m: (m.start, m.detector.id))
        return found


_DEFAULT: SecretScanner | None = None


def default_scanner() -> SecretScanner:
    """A shared scanner with the default settings (rules use it on config strings)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = SecretScanner()
    return _DEFAULT
