"""The engine over a tiny hand-made rule set: options, suppressions, overrides, failing rules."""

from __future__ import annotations

import dataclasses

import pytest

from dockguard.config import Config, parse_config
from dockguard.engine import Engine
from dockguard.errors import ConfigError
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good
from dockguard.rules.loader import RuleSet


def _check_words(model, ctx):
    for line, word in model:
        if word == ctx.option("word"):
            yield Hit(f"found {word}", line=line)


def _boom(model, ctx):
    raise ValueError("kaput")
    yield  # pragma: no cover


BASE = Rule(
    id="DG900",
    title="Word found",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P53",),
    rationale="r",
    remediation="fix it",
    examples=(bad("x"), good("y")),
    peers={"hadolint": ("DL9999",)},
    options=(Option("word", "bad", "the word"),),
    check=_check_words,
)
BOOM = dataclasses.replace(BASE, id="DG901", peers={}, check=_boom)
RULES = RuleSet((BASE, BOOM))
MODEL = [(1, "bad"), (2, "good"), (3, "bad")]


def run(config=None, **kw):
    return Engine(RULES, config or Config()).check(MODEL, "dockerfile", "F", **kw)


def test_hits_become_findings_with_metadata():
    findings = [f for f in run() if f.rule_id == "DG900"]
    assert [(f.location.line, f.message, f.severity) for f in findings] == [
        (1, "found bad", Severity.MEDIUM),
        (3, "found bad", Severity.MEDIUM),
    ]
    assert findings[0].remediation == "fix it"


def test_a_failing_rule_is_reported_and_others_still_run():
    findings = run()
    errors = [f for f in findings if f.rule_id == "DG002"]
    assert len(errors) == 1 and "DG901 failed: ValueError: kaput" in errors[0].message
    assert any(f.rule_id == "DG900" for f in findings)


def test_options_from_config():
    cfg = parse_config({"rules": {"DG900": {"word": "good"}}}, "cfg")
    assert [f.location.line for f in run(cfg) if f.rule_id == "DG900"] == [2]


def test_unknown_option_and_rule_are_errors():
    with pytest.raises(ConfigError, match="unknown option"):
        Engine(RULES, parse_config({"rules": {"DG900": {"wrod": "x"}}}, "cfg"))
    with pytest.raises(ConfigError, match="expected str"):
        Engine(RULES, parse_config({"rules": {"DG900": {"word": 3}}}, "cfg"))
    with pytest.raises(ConfigError, match="unknown rule ID 'DG123'"):
        Engine(RULES, parse_config({"ignore": ["DG123"]}, "cfg"))


def test_ignore_by_own_or_peer_id():
    assert not [f for f in run(parse_config({"ignore": ["DG900"]}, "c")) if f.rule_id == "DG900"]
    assert not [f for f in run(parse_config({"ignore": ["DL9999"]}, "c")) if f.rule_id == "DG900"]


def test_severity_override():
    cfg = parse_config({"severity": {"DG900": "critical"}}, "c")
    assert {f.severity for f in run(cfg) if f.rule_id == "DG900"} == {Severity.CRITICAL}


def test_inline_suppression_by_line_span_and_peer_id():
    # line 3 is inside an instruction starting at line 2; a pragma on line 2 with the peer ID covers it
    findings = run(ignores={2: {"DL9999"}}, spans={3: 2})
    assert [f.location.line for f in findings if f.rule_id == "DG900"] == [1]


def test_file_wide_suppression():
    assert not [f for f in run(file_ignores={"*"}) if f.rule_id.startswith("DG90")]


def test_only_selects_rules():
    engine = Engine(RULES, Config(), only=["DG900"])
    assert [r.id for r in engine.rules_for("dockerfile")] == ["DG900"]
