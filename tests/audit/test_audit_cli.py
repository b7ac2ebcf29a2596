"""`dockguard audit` end to end: detection of the inputs, every output format, bad input, live daemon."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from dockguard.cli import _build_group

cli_main = _build_group()
from dockguard.report import FORMATS

COMPOSE = "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    ports: ['8080:80']\n"
POD = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n"
       "  containers:\n    - name: c\n      image: busybox:1.36\n")
SCRIPT = "#!/bin/sh\ndocker run -d \\\n  --cap-add SYS_ADMIN \\\n  busybox:1.36\n"


def run(*args, env=None):
    runner = CliRunner()
    return runner.invoke(cli_main, ["audit", *args], env=env, catch_exceptions=False)


def findings(result):
    return {(f["rule"], os.path.basename(f["location"]["path"]), f["location"].get("line")) for f in json.loads(result.output)["findings"]}


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / "pod.yaml").write_text(POD)
    (tmp_path / "deploy.sh").write_text(SCRIPT)
    (tmp_path / "README.md").write_text("Run:\n\n```sh\ndocker run --network host redis:7\n```\n")
    (tmp_path / "Makefile").write_text("run:\n\tdocker run --pid host $(IMG)\n")
    (tmp_path / "notes.txt").write_text("nothing here\n")
    return tmp_path


def test_directory_detects_every_kind(inputs):
    r = run(str(inputs), "-f", "json")
    assert r.exit_code == 1, r.output
    got = findings(r)
    assert ("DG300", "compose.yaml", 4) in got
    assert ("DG326", "compose.yaml", 5) in got
    assert ("DG311", "pod.yaml", 5) in got
    assert ("DG302", "deploy.sh", 3) in got
    assert ("DG310", "README.md", 4) in got
    assert ("DG311", "Makefile", 2) in got
    # the Makefile's unset variable is said, not guessed
    assert any(f[0] == "DG001" and f[1] == "Makefile" for f in got)
    data = json.loads(r.output)
    assert data["errors"] == []


def test_run_option_and_rule_filter():
    r = run("--run", "docker run --privileged -v /:/host nginx:1.27", "-r", "DG300", "-r", "DG305", "-f", "json")
    got = {f[0] for f in findings(r)}
    assert got == {"DG300", "DG305"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format(inputs, fmt):
    r = run(str(inputs / "compose.yaml"), "-f", fmt)
    assert r.exit_code == 1 and "DG300" in r.output


def test_bad_inputs_exit_2_and_others_still_audited(tmp_path):
    (tmp_path / "broken.yaml").write_text("services:\n  a: [\n")
    (tmp_path / "docker-compose.yml").write_text(POD)  # a manifest named like a compose file
    (tmp_path / "good.yaml").write_text(COMPOSE)
    r = run(str(tmp_path / "broken.yaml"), str(tmp_path / "docker-compose.yml"), str(tmp_path / "good.yaml"),
            "--run", "docker run --bogus-flag nginx:1.27", "-f", "json")
    assert r.exit_code == 2
    data = json.loads(r.output)
    errors = {os.path.basename(p): m for p, m in ([e["input"], e["message"]] if isinstance(e, dict) else e for e in data["errors"])}
    assert any("invalid YAML at line" in m for m in errors.values())
    assert any("Kubernetes manifest" in m for m in errors.values())
    assert any("unknown flag --bogus-flag" in m for m in errors.values())
    assert ("DG300", "good.yaml", 4) in findings(r)


def test_unreachable_daemon(tmp_path):
    r = run("--docker", "--docker-host", f"unix://{tmp_path}/nope.sock")
    assert r.exit_code == 2
    assert "cannot reach the Docker daemon" in r.output


def test_no_input_is_a_usage_error():
    r = CliRunner().invoke(cli_main, ["audit"])
    assert r.exit_code == 2


def test_live_daemon_cli(dockerd, busybox_image):
    name = "dg-audit-cli-priv"
    dockerd.cli("rm", "-f", name, check=False)
    dockerd.cli("create", "--name", name, "--privileged", "--pid", "host", busybox_image, "true")
    try:
        proc = subprocess.run([sys.executable, "-m", "dockguard", "audit", "--docker", "-f", "json"],
                              env=dockerd.env(), capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1, proc.stderr
        data = json.loads(proc.stdout)
        mine = [f for f in data["findings"] if f["location"].get("object") == name]
        assert {"DG300", "DG311", "DG334"} <= {f["rule"] for f in mine}
    finally:
        dockerd.cli("rm", "-f", name, check=False)
