"""Every detector's positive and negative examples, and the engine's filters and redaction."""

from __future__ import annotations

import pytest

from dockguard.secrets.detectors import DETECTORS
from dockguard.secrets.engine import ENGINE, SecretScanner, entropy
from dockguard.secrets.examples import expand

SCANNER = SecretScanner()
POS = [pytest.param(d, t, id=f"{d.id}-pos{i}") for d in DETECTORS for i, t in enumerate(d.positives)]
NEG = [pytest.param(d, t, id=f"{d.id}-neg{i}") for d in DETECTORS for i, t in enumerate(d.negatives)]


def test_detector_table():
    ids = [d.id for d in DETECTORS]
    assert len(ids) == len(set(ids))
    assert len(DETECTORS) >= 100
    assert ENGINE == "re2"
    for d in DETECTORS:
        assert d.keywords and all(k == k.lower() for k in d.keywords), d.id
        assert d.positives and d.negatives, d.id
        assert d.severity in ("info", "low", "medium", "high", "critical"), d.id


@pytest.mark.parametrize("detector,template", POS)
def test_positive(detector, template):
    text = expand(template)
    found = [m for m in SCANNER.scan_text(text) if m.detector.id == detector.id]
    assert found, f"{detector.id} missed {text!r}"
    for m in found:
        secret = text[m.start:m.end]
        assert secret not in m.redacted or len(secret) <= 8


@pytest.mark.parametrize("detector,template", NEG)
def test_negative(detector, template):
    text = expand(template)
    assert detector.id not in [m.detector.id for m in SCANNER.scan_text(text)]


def test_line_numbers_and_redaction():
    token = "gh" + "p_" + expand("{r36}")
    text = "a = 1\nb = 2\ntoken = " + token + "\n"
    [m] = SCANNER.scan_text(text)
    assert (m.detector.id, m.line) == ("github-pat", 3)
    assert token not in m.redacted and m.redacted.startswith("ghp_")


def test_generic_yields_to_specific():
    text = "api_key = " + "sk_" + "live_" + expand("{r32}")
    ids = [m.detector.id for m in SCANNER.scan_text(text)]
    assert ids == ["stripe-secret-key"]


def test_entropy_gate():
    assert entropy("aaaaaaaa") == 0
    assert not SCANNER.scan_text("password = aaaaaaaaaaaa")
    assert SCANNER.scan_text("password = " + expand("{r16}"))


def test_binary_content_skipped():
    data = b"\x00\x01" + ("token = gh" + "p_" + expand("{r36}")).encode()
    assert SCANNER.scan_bytes(data) == []


@pytest.mark.parametrize("path,image,wanted", [
    ("app/config.py", True, True),
    ("usr/share/doc/x/README", True, False),
    ("usr/share/doc/x/README", False, True),
    ("app/node_modules/x/index.js", False, False),
    ("node_modules/x/index.js", False, False),
    ("app/logo.png", False, False),
    ("app/package-lock.json", False, False),
    ("etc/app.conf", True, True),
])
def test_path_filters(path, image, wanted):
    assert SCANNER.wants(path, 100, image=image) is wanted


def test_config_section(tmp_path):
    from dockguard.config import load_config

    cfg = tmp_path / ".dockguard.yaml"
    cfg.write_text("secrets:\n  disable: [github-pat]\n  exclude: ['app/**']\n  max_file_size: 100\n")
    scanner = SecretScanner.from_config(load_config(str(cfg)))
    assert not scanner.wants("app/x.py", 10)
    assert not scanner.wants("etc/x", 1000)
    assert not scanner.scan_text("gh" + "p_" + expand("{r36}"))


def test_user_allow_list():
    scanner = SecretScanner(allow=[r"^Zq8w"])
    assert not scanner.scan_text("password = Zq8wL2pX9vR4tY7u")


def test_docs_table_is_current():
    from pathlib import Path

    from dockguard.secrets.table import BEGIN, END, markdown

    text = (Path(__file__).resolve().parents[2] / "docs" / "secrets.md").read_text()
    assert text.split(BEGIN, 1)[1].split(END, 1)[0].strip() == markdown().strip(), (
        "docs/secrets.md is stale: run python -m dockguard.secrets.table docs/secrets.md")
