"""Rule metadata and the small types a rule's check function uses.

A rule is a module `rules/<model>/dgNNN_short_name.py` holding:

    RULE = Rule(id="DGNNN", title=..., severity=..., ...)   # metadata, as data

    def check(model, ctx) -> Iterator[Hit]:                  # a pure function
        yield Hit("message", line=...)

Rule modules import only the model, this module and the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from dockguard.model.finding import Fix, Severity

# The models a rule can read. The engine picks rules by this kind.
KINDS = ("dockerfile", "container", "image", "host")

# Peer tools whose rule IDs a rule can name, for users migrating from them.
PEERS = (
    "hadolint",
    "trivy",
    "checkov",
    "dockle",
    "kics",
    "docker-bench",
    "pss",
    "kubesec",
    "kube-score",
    "falco",
)

CIS_VERSION = "CIS Docker Benchmark v1.6.0"


@dataclass(frozen=True, slots=True)
class Example:
    """A good or bad example; `lang` says how to read `code` (a source kind the tests can parse)."""

    code: str
    bad: bool
    lang: str = "dockerfile"  # dockerfile | docker-run | compose | kubernetes | engine-api | daemon-json
    note: str = ""


def bad(code: str, lang: str = "dockerfile", note: str = "") -> Example:
    return Example(code=code, bad=True, lang=lang, note=note)


def good(code: str, lang: str = "dockerfile", note: str = "") -> Example:
    return Example(code=code, bad=False, lang=lang, note=note)


@dataclass(frozen=True, slots=True)
class Option:
    """A setting of a rule that users change in the config file (`rules: {DG123: {name: value}}`)."""

    name: str
    default: Any
    help: str


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    severity: Severity
    kind: str  # one of KINDS
    practices: tuple[str, ...]  # MISSION.md practice IDs ("P04", …)
    rationale: str
    remediation: str
    examples: tuple[Example, ...]
    peers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # {"hadolint": ("DL3002",)}
    cis: tuple[str, ...] = ()  # CIS Docker Benchmark IDs ("4.1",), of CIS_VERSION
    options: tuple[Option, ...] = ()
    enabled_by_default: bool = True
    fixable: bool = False
    tags: tuple[str, ...] = ()
    check: Callable[..., Iterable["Hit"]] | None = None  # set by the loader from the module's check()

    def option_defaults(self) -> dict[str, Any]:
        return {o.name: o.default for o in self.options}

    def peer_ids(self) -> list[str]:
        return [pid for ids in self.peers.values() for pid in ids]


@dataclass(slots=True)
class Hit:
    """What a check yields: the engine turns it into a Finding with the rule's metadata."""

    message: str
    line: int | None = None
    end_line: int | None = None
    column: int | None = None
    object: str | None = None  # container / image / setting the hit is about
    path: str | None = None  # when it points into another file than the model's (compose `extends`)
    severity: Severity | None = None  # overrides the rule's default for this hit
    fix: Fix | None = None
    evidence: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Context:
    """What a check may read besides its model: its options and the global settings."""

    options: dict[str, Any]
    settings: Any = None  # dockguard.config.Config

    def option(self, name: str) -> Any:
        return self.options[name]
