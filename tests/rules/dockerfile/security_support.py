"""Helpers for the tests of the Dockerfile security rules (DG100–DG149)."""

from __future__ import annotations

from dockguard.config import Config
from dockguard.engine import Engine
from dockguard.lint import lint_text
from dockguard.rules.loader import load_rules

RULESET = load_rules(("dockerfile",))


def run(text: str, rule: str, *, context: str | None = None, config: Config | None = None, **options):
    """[(line, message)] of `rule` on `text`."""
    config = config or Config()
    if options:
        config.rules[rule] = options
    engine = Engine(RULESET, config, only=[rule])
    return [(f.location.line, f.message) for f in lint_text(engine, text, "Dockerfile", context) if f.rule_id == rule]


def findings(text: str, rule: str, *, context: str | None = None, config: Config | None = None, path: str = "Dockerfile"):
    engine = Engine(RULESET, config or Config(), only=[rule])
    return [f for f in lint_text(engine, text, path, context) if f.rule_id == rule]


def all_findings(text: str, config: Config | None = None):
    engine = Engine(RULESET, config or Config())
    return lint_text(engine, text, "Dockerfile")
