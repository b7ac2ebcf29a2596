"""Every rule's good and bad examples, run as tests: a bad example must produce the rule, a good
one must not. Also checks the metadata every rule must have."""

from __future__ import annotations

import re

import pytest

from dockguard.config import Config
from dockguard.engine import Engine
from dockguard.rules.base import KINDS, PEERS
from dockguard.rules.loader import load_rules

from tests.rules.example_parsers import parse_example

RULESET = load_rules()
RULES = [r for r in RULESET if r.check is not None]
CASES = [
    pytest.param(rule, ex, id=f"{rule.id}-{'bad' if ex.bad else 'good'}{i}")
    for rule in RULES
    for i, ex in enumerate(rule.examples)
]


def findings_for(rule, example):
    engine = Engine(RULESET, Config(), only=[rule.id])
    out = []
    for model, kind in parse_example(example.lang, example.code):
        if kind != rule.kind:
            continue
        if kind == "dockerfile":
            from dockguard.lint import lint_model

            out += lint_model(engine, model)
        else:
            out += engine.check(model, kind, getattr(model, "path", "example"))
    return out


@pytest.mark.parametrize("rule,example", CASES)
def test_example(rule, example):
    found = [f for f in findings_for(rule, example) if f.rule_id == rule.id]
    if example.bad:
        assert found, f"{rule.id} did not fire on its bad example:\n{example.code}"
        for f in found:
            assert f.message.strip(), f"{rule.id} yields an empty message"
    else:
        assert not found, f"{rule.id} fired on its good example: {[f.message for f in found]}\n{example.code}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_metadata(rule):
    assert re.fullmatch(r"DG\d{3}", rule.id)
    assert rule.kind in KINDS
    assert rule.title and rule.rationale and rule.remediation
    assert rule.practices and all(re.fullmatch(r"P\d{2}", p) for p in rule.practices)
    assert any(e.bad for e in rule.examples), f"{rule.id} has no bad example"
    assert any(not e.bad for e in rule.examples), f"{rule.id} has no good example"
    assert set(rule.peers) <= set(PEERS), f"{rule.id} names an unknown peer tool"


def test_rule_ids_are_unique():
    ids = [r.id for r in RULESET]
    assert len(ids) == len(set(ids))
