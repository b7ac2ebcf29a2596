"""Every output format: well-formed, complete, and SARIF valid against the official schema."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dockguard.model.finding import Finding, Fix, Location, Severity, TextEdit
from dockguard.report import FORMATS, Report, render
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.loader import RuleSet

RULE = Rule(
    id="DG900", title="Something risky", severity=Severity.HIGH, kind="dockerfile", practices=("P04",),
    rationale="why", remediation="how", examples=(bad("a"), good("b")), peers={"hadolint": ("DL3002",)},
)
SCHEMA = Path(__file__).resolve().parents[2] / ".cache" / "schemas" / "sarif-2.1.0.json"


def sample() -> Report:
    findings = [
        Finding("DG900", RULE.title, Severity.HIGH, "root <user> & \"quotes\"", Location("app/Dockerfile", 3, 1),
                practices=("P04",), remediation="how",
                fix=Fix("add USER", (TextEdit(4, 3, "USER 10001\n"),), safe=False)),
        Finding("DG900", RULE.title, Severity.LOW, "second", Location("app/Dockerfile", 7)),
        Finding("DG900", RULE.title, Severity.MEDIUM, "live", Location("docker://local", object="web-1")),
    ]
    return Report("lint", findings, rules=RuleSet((RULE,)), errors=[("bad/Dockerfile", "cannot read: Permission denied")],
                  scanned=["app/Dockerfile", "docker://local"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_every_finding(fmt):
    out = render(fmt, sample())
    assert out.endswith("\n")
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out)
    if fmt in ("junit", "checkstyle"):
        ET.fromstring(out.encode())
    assert "second" in out and "live" in out


def test_text_groups_by_file_and_summarises():
    out = render("text", sample())
    assert out.index("app/Dockerfile") < out.index("docker://local")
    assert "DG900  root <user>" in out
    assert "error: bad/Dockerfile: cannot read: Permission denied" in out
    assert out.strip().splitlines()[-1] == "3 findings (1 high, 1 medium, 1 low) in 2 inputs, 1 not checked (errors)"


def test_json_fields():
    doc = json.loads(render("json", sample()))
    first = doc["findings"][0]
    assert first["rule"] == "DG900" and first["location"] == {"path": "app/Dockerfile", "line": 3, "column": 1}
    assert first["fix"]["safe"] is False
    assert doc["errors"] == [{"input": "bad/Dockerfile", "message": "cannot read: Permission denied"}]


def test_junit_counts_failures():
    root = ET.fromstring(render("junit", sample()).encode())
    assert root.get("failures") == "3" and root.get("errors") == "1"


def test_checkstyle_lines():
    root = ET.fromstring(render("checkstyle", sample()).encode())
    lines = [e.get("line") for e in root.iter("error")]
    assert lines[:2] == ["3", "7"]


def test_sarif_is_valid_against_the_official_schema():
    if not SCHEMA.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SCHEMA} missing: .ci/fetch-schemas must run first")
        pytest.skip("SARIF schema not fetched (.ci/fetch-schemas)")
    import jsonschema

    doc = json.loads(render("sarif", sample()))
    jsonschema.validate(doc, json.loads(SCHEMA.read_text()))
    run = doc["runs"][0]
    assert run["tool"]["driver"]["rules"][0]["id"] == "DG900"
    assert [r["level"] for r in run["results"]] == ["error", "note", "warning"]
    assert run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert run["results"][2]["locations"][0]["logicalLocations"][0]["name"] == "web-1"
