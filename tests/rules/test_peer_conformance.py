"""Peer conformance: the labelled cases from Trivy's and Checkov's own test suites.

For each peer rule that a dockguard rule names in its `peers` metadata, a `hit` case must produce
that dockguard rule and a `no_hit` case must not. Where dockguard deliberately disagrees (the peer is
wrong), the case is listed with the reason in `peer_disagreements.yaml`, shown in
docs/peer-conformance.md.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from dockguard.config import Config
from dockguard.engine import Engine
from dockguard.lint import lint_text
from dockguard.rules.loader import load_rules

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "peer-cases"
DISAGREEMENTS = Path(__file__).with_name("peer_disagreements.yaml")
TOOL_KEY = {"trivy": "trivy", "checkov": "checkov"}


def load_cases() -> list[dict]:
    cases = []
    for name in ("trivy-checks.jsonl", "checkov.jsonl"):
        path = CORPUS / name
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            if line.strip():
                cases.append(json.loads(line))
    return cases


def disagreements() -> dict[tuple[str, str, str, str], str]:
    if not DISAGREEMENTS.exists():
        return {}
    data = yaml.safe_load(DISAGREEMENTS.read_text()) or []
    return {(d["tool"], d["rule"], d["source"], d["case"]): d["reason"] for d in data}


RULESET = load_rules(("dockerfile",))
ENGINE = Engine(RULESET, Config())


def mapped_rules(tool: str, peer_rule: str) -> set[str]:
    out = set()
    for rule in RULESET:
        ids = {i.upper() for i in rule.peers.get(TOOL_KEY[tool], ())}
        if peer_rule.upper() in ids:
            out.add(rule.id)
    return out


def evaluate() -> tuple[list[dict], list[dict], int]:
    """(passed, failed, unmapped count)."""
    passed, failed, unmapped = [], [], 0
    for case in load_cases():
        targets = mapped_rules(case["tool"], case["rule"])
        if not targets:
            unmapped += 1
            continue
        found = {f.rule_id for f in lint_text(ENGINE, case["dockerfile"], "Dockerfile")}
        ok = bool(found & targets) if case["expect"] == "hit" else not (found & targets)
        (passed if ok else failed).append({**case, "dockguard": sorted(targets), "found": sorted(found & targets)})
    return passed, failed, unmapped


@pytest.mark.skipif(not CORPUS.exists() and os.environ.get("CI") != "true", reason="shared corpora not beside the repo")
def test_peer_conformance():
    assert CORPUS.exists(), f"{CORPUS} is missing"
    passed, failed, unmapped = evaluate()
    allowed = disagreements()
    unexplained = [c for c in failed if (c["tool"], c["rule"], c["source"], c["case"]) not in allowed]
    total = len(passed) + len(failed)
    print(f"\npeer conformance: {len(passed)}/{total} mapped cases agree, {len(failed)} differ "
          f"({len(failed) - len(unexplained)} explained), {unmapped} cases of unmapped peer rules")
    assert total > 0
    msg = "\n".join(f"{c['tool']} {c['rule']} {c['case']} expect={c['expect']} -> {c['dockguard']}\n{c['dockerfile']}" for c in unexplained[:20])
    assert not unexplained, f"{len(unexplained)} peer cases disagree without a recorded reason:\n{msg}"
    # A recorded disagreement that no longer differs should be removed from the list.
    stale = set(allowed) - {(c["tool"], c["rule"], c["source"], c["case"]) for c in failed}
    assert not stale, f"recorded disagreements that now agree: {sorted(stale)[:10]}"


if __name__ == "__main__":  # print the report: python -m tests.rules.test_peer_conformance
    p, f, u = evaluate()
    print(f"{len(p)}/{len(p) + len(f)} agree; {u} unmapped")
    for c in f:
        print(f"- {c['tool']} {c['rule']} {c['source']} {c['case']} expect={c['expect']}")
