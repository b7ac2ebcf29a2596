"""`dockguard secrets PATH…` over a directory."""

from __future__ import annotations

import json

from dockguard.cli import main
from dockguard.secrets.examples import expand


def test_secrets_command(tmp_path, capsys):
    token = "gh" + "p_" + expand("{r36}")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "settings.py").write_text(f"DEBUG = True\nGITHUB_TOKEN = '{token}'\n")
    (tmp_path / "node_modules" / "x").mkdir(parents=True)
    (tmp_path / "node_modules" / "x" / "a.js").write_text(f"t='{token}'\n")
    (tmp_path / "clean.txt").write_text("nothing here\n")
    rc = main(["secrets", str(tmp_path), "-f", "json"])
    out = capsys.readouterr().out
    assert rc == 1
    data = json.loads(out)
    [f] = data["findings"]
    assert f["rule"] == "DG518"
    assert f["location"]["path"].endswith("app/settings.py") and f["location"]["line"] == 2
    assert "github-pat" in f["message"]
    assert token not in out


def test_secrets_command_clean_and_missing(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("hello\n")
    assert main(["secrets", str(tmp_path)]) == 0
    assert main(["secrets", str(tmp_path / "missing")]) == 2


def test_list_detectors(capsys):
    assert main(["secrets", "--list-detectors"]) == 0
    out = capsys.readouterr().out
    assert "github-pat" in out and "detectors" in out
