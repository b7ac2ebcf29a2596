"""The awesome-compose corpus: no crash, and findings checked by hand for false positives."""

from __future__ import annotations

import os

import pytest

from dockguard.audit import audit
from dockguard.config import Config
from dockguard.engine import Engine
from dockguard.rules.loader import load_rules

CORPUS = "/work/shared/corpora/awesome-compose"


@pytest.fixture(scope="module")
def result():
    if not os.path.isdir(CORPUS):
        pytest.skip("corpus not present")
    return audit(Engine(load_rules(("container",)), Config()), [CORPUS])


def by(result, rule, project):
    return [f for f in result.findings if f.rule_id == rule and f"/{project}/" in f.location.path]


def test_no_errors(result):
    assert result.errors == [] and result.specs > 70


def test_true_positives_with_lines(result):
    (sock,) = by(result, "DG304", "portainer")
    assert sock.location.line == 9 and sock.location.object == "portainer"
    (host,) = by(result, "DG310", "plex")
    assert host.location.line == 5
    caps = by(result, "DG302", "wireguard")
    assert caps and "SYS_MODULE" in caps[0].message and "NET_ADMIN" in caps[0].message
    secrets = by(result, "DG335", "wordpress-mysql")
    assert secrets and all("somewordpress" not in f.message and "wordpress" not in f.message.split("=")[1] for f in secrets)


def test_no_false_positives(result):
    # nothing in the corpus is privileged, shares the host PID/IPC namespace or disables seccomp
    assert not [f for f in result.findings if f.rule_id in ("DG300", "DG311", "DG312", "DG329", "DG331", "DG332")]
    # a published port with a host address is not reported as bound to all interfaces
    for f in result.findings:
        if f.rule_id == "DG326":
            assert "127.0.0.1" not in f.message
    # Kubernetes-only rules never fire on compose services
    assert not [f for f in result.findings if f.rule_id in ("DG307", "DG328", "DG330", "DG340", "DG344", "DG347")]
    # a variable reference is not a secret
    assert not [f for f in result.findings if f.rule_id == "DG335" and "${" in f.message]
