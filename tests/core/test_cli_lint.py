"""`dockguard lint`, `rules` and `explain` end to end through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dockguard.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dockguard", *args], capture_output=True, text=True, input=stdin, cwd=cwd
    )


BAD = "FROM alpine:3.20\nRUN curl -fsSL https://get.example.com | sh\n"
GOOD = "FROM alpine:3.20@sha256:" + "a" * 64 + "\nCOPY app /app\nUSER 10001\nHEALTHCHECK CMD [\"/app\", \"health\"]\nCMD [\"/app\"]\n"


def test_findings_exit_1_with_rule_line_and_message(tmp_path):
    (tmp_path / "Dockerfile").write_text(BAD)
    proc = run("lint", "-f", "json", str(tmp_path / "Dockerfile"))
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    pipe = [f for f in doc["findings"] if f["rule"] == "DG116"]
    assert pipe and pipe[0]["location"]["line"] == 2
    assert "sh" in pipe[0]["message"]


def test_clean_file_exits_0(tmp_path):
    (tmp_path / "Dockerfile").write_text(GOOD)
    proc = run("lint", "--fail-on", "medium", str(tmp_path / "Dockerfile"))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_stdin(tmp_path):
    proc = run("lint", "-f", "json", "-", stdin=BAD)
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert {f["location"]["path"] for f in doc["findings"]} == {"-"}


def test_directory_discovery_finds_every_dockerfile_name(tmp_path):
    for name in ("Dockerfile", "Dockerfile.dev", "api.Dockerfile", "Containerfile", "notes.txt", "Dockerfile.dockerignore"):
        (tmp_path / name).write_text(BAD)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "Dockerfile").write_text(BAD)
    doc = json.loads(run("lint", "-f", "json", str(tmp_path)).stdout)
    assert sorted(Path(p).name for p in doc["scanned"]) == ["Containerfile", "Dockerfile", "Dockerfile.dev", "api.Dockerfile"]


def test_one_unreadable_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "Dockerfile").write_text(BAD)
    missing = tmp_path / "nope" / "Dockerfile"
    binary = tmp_path / "bin.Dockerfile"
    binary.write_bytes(b"\x00\x01\x02ELF")
    proc = run("lint", "-f", "json", str(missing), str(binary), str(tmp_path / "Dockerfile"))
    assert proc.returncode == 2
    doc = json.loads(proc.stdout)
    assert {e["input"] for e in doc["errors"]} == {str(missing), str(binary)}
    assert any(f["rule"] == "DG116" for f in doc["findings"])
    assert "Traceback" not in proc.stderr


def test_parse_error_is_a_finding_with_a_line(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nFROBNICATE x\nUSER 1000\n")
    doc = json.loads(run("lint", "-f", "json", str(tmp_path / "Dockerfile")).stdout)
    errs = [f for f in doc["findings"] if f["rule"] == "DG001"]
    assert errs and errs[0]["location"]["line"] == 2 and "FROBNICATE" in errs[0]["message"].upper()


def test_bad_config_is_exit_2_with_one_line(tmp_path):
    (tmp_path / "Dockerfile").write_text(BAD)
    (tmp_path / ".dockguard.yaml").write_text("fail_on: sometimes\n")
    proc = run("lint", str(tmp_path / "Dockerfile"))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert ".dockguard.yaml" in proc.stderr and "sometimes" in proc.stderr


def test_config_ignore_and_fail_on(tmp_path):
    (tmp_path / "Dockerfile").write_text(BAD)
    (tmp_path / ".dockguard.yaml").write_text("ignore: [DG116]\n")
    doc = json.loads(run("lint", "-f", "json", str(tmp_path / "Dockerfile")).stdout)
    assert not [f for f in doc["findings"] if f["rule"] == "DG116"]
    proc = run("lint", "--fail-on", "critical", "--ignore", "DG116", str(tmp_path / "Dockerfile"))
    assert proc.returncode == 0


def test_inline_pragmas_dockguard_and_hadolint(tmp_path):
    text = "FROM alpine:3.20\n# dockguard ignore=DG116\nRUN curl -fsSL https://x.example | sh\n# hadolint ignore=DL3002\nUSER root\n"
    (tmp_path / "Dockerfile").write_text(text)
    doc = json.loads(run("lint", "-f", "json", str(tmp_path / "Dockerfile")).stdout)
    rules = {f["rule"] for f in doc["findings"]}
    assert "DG116" not in rules
    assert "DG101" not in rules  # DL3002 maps to DG101 (final USER is root)


def test_output_file_and_every_format(tmp_path):
    (tmp_path / "Dockerfile").write_text(BAD)
    for fmt in ("text", "json", "sarif", "junit", "gitlab", "checkstyle"):
        out = tmp_path / f"report.{fmt}"
        proc = run("lint", "-f", fmt, "-o", str(out), str(tmp_path / "Dockerfile"))
        assert proc.returncode == 1 and proc.stdout == ""
        assert "DG116" in out.read_text()


def test_parallel_and_serial_agree():
    corpus = ROOT.parent / "shared" / "corpora" / "dockerfiles-jessfraz"
    if not corpus.exists():
        pytest.skip("corpus not present")
    serial = json.loads(run("lint", "-f", "json", "-j", "1", str(corpus)).stdout)
    parallel = json.loads(run("lint", "-f", "json", "-j", "2", str(corpus)).stdout)
    assert serial["findings"] == parallel["findings"]
    assert len(serial["scanned"]) > 100


def test_whole_corpus_without_crash():
    corpus = ROOT.parent / "shared" / "corpora"
    if not corpus.exists():
        pytest.skip("corpus not present")
    proc = run("lint", "-f", "json", str(corpus))
    assert proc.returncode in (0, 1), proc.stderr
    doc = json.loads(proc.stdout)
    assert not doc["errors"]
    assert not [f for f in doc["findings"] if f["rule"] in ("DG001", "DG002")]


def test_rules_and_explain():
    assert main(["rules", "--json"]) == 0
    proc = run("rules", "--json")
    rules = json.loads(proc.stdout)
    assert len(rules) > 50 and any(r["id"] == "DG101" for r in rules)
    proc = run("explain", "DG101")
    assert proc.returncode == 0 and "DG101" in proc.stdout and "Examples" in proc.stdout
    proc = run("explain", "DL3002")  # a peer ID finds the dockguard rule
    assert proc.returncode == 0 and "DG101" in proc.stdout
    proc = run("explain", "DG999")
    assert proc.returncode == 2 and "unknown rule" in proc.stderr


def test_version_and_usage_errors():
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("dockguard, version")
    proc = run("lint")
    assert proc.returncode == 2
    proc = run("lint", "--format", "yaml", "x")
    assert proc.returncode == 2


def test_docs_are_up_to_date():
    from dockguard.docs import main as docs_main

    assert docs_main(["--check"]) == 0, "docs/rules is stale: run python -m dockguard.docs"
