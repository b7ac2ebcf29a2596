"""policy.py: validation with clear errors, loading, image references."""

from __future__ import annotations

import pytest

from dockguard.config import parse_config
from dockguard.enforce.policy import (
    image_candidates,
    load_policy,
    normalise_repository,
    parse_policy,
    split_reference,
)
from dockguard.errors import ConfigError
from dockguard.model.finding import Severity
from dockguard.rules.loader import RuleSet
from dockguard.rules.meta import META_RULES
from tests.enforce.helpers import FAKE_RULES

RULES = RuleSet(tuple(META_RULES) + FAKE_RULES)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"denny": []}, "unknown key 'denny' (known: audit_only, deny, deny_severity"),
        ({"deny": "DG391"}, "deny must be a list"),
        ({"deny": ["DG999"]}, "deny: unknown rule ID 'DG999'"),
        ({"deny": ["DG391"], "log": ["DG391"]}, "DG391 both in deny and in log"),
        ({"deny_severity": "extreme"}, "deny_severity: unknown severity 'extreme'"),
        ({"audit_only": "yes"}, "audit_only must be a bool"),
        ({"exec": {"privileged": "block"}}, "exec.privileged must be one of deny, log, allow, not 'block'"),
        ({"exec": {"sudo": "deny"}}, "unknown key exec.sudo (known: privileged, root)"),
        ({"pull": {"allow": ["docker.io"]}}, "unknown key pull.allow (known: allow_registries)"),
        ({"pull": {"allow_registries": "docker.io"}}, "pull.allow_registries must be a list of strings"),
        ({"exempt": [{"rules": ["DG391"]}]}, "exempt[0]: give at least one of images, labels, users"),
        ({"exempt": [{"image": ["x"]}]}, "exempt[0]: unknown key 'image'"),
        ({"exempt": ["x"]}, "exempt[0] must be a mapping"),
        ({"exempt": [{"users": ["a"], "rules": ["nope"]}]}, "exempt[0].rules: unknown rule ID 'nope'"),
    ],
)
def test_invalid_policies_name_the_key(data, message):
    with pytest.raises(ConfigError) as exc:
        parse_policy(data, "policy.yaml", RULES)
    assert str(exc.value).startswith("policy.yaml: ")
    assert message in str(exc.value)


def test_defaults():
    p = parse_policy({}, "p", RULES)
    assert p.deny_severity == Severity.HIGH and not p.audit_only
    assert (p.exec_privileged, p.exec_root, p.volumes_bind, p.plugins_install) == ("deny", "log", "log", "deny")
    assert p.pull_allow == () and p.pull_allowed("evil.io/x")


def test_peer_ids_and_checks_accepted():
    p = parse_policy({"deny": ["exec.root", "dg395"], "log": ["PULL.REGISTRY"]}, "p", RULES)
    assert p.deny == {"exec.root", "DG395"} and p.log == {"pull.registry"}
    assert p.action_for_check("exec.root", "log") == "deny"
    assert p.action_for_check("pull.registry", "deny") == "log"


def test_load_policy_file_with_or_without_enforce_key(tmp_path):
    f = tmp_path / "policy.yaml"
    f.write_text("enforce:\n  audit_only: true\n  pull: {allow_registries: [index.docker.io, ghcr.io/acme/]}\n")
    p = load_policy(str(f), None, RULES)
    assert p.audit_only and p.pull_allow == ("docker.io", "ghcr.io/acme") and p.path == str(f)
    f.write_text("deny_severity: critical\n")
    assert load_policy(str(f), None, RULES).deny_severity == Severity.CRITICAL
    f.write_text("- a\n")
    with pytest.raises(ConfigError, match="must be a mapping"):
        load_policy(str(f), None, RULES)
    f.write_text("deny: [\n")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_policy(str(f), None, RULES)
    with pytest.raises(ConfigError, match="cannot read the policy"):
        load_policy(str(tmp_path / "missing.yaml"), None, RULES)


def test_policy_from_config_section_and_trusted_registries():
    cfg = parse_config({"trusted_registries": ["docker.io", "ghcr.io/acme"], "enforce": {"audit_only": True}},
                       ".dockguard.yaml")
    p = load_policy(None, cfg, RULES)
    assert p.audit_only and p.pull_allow == ("docker.io", "ghcr.io/acme")
    assert not p.pull_allowed("quay.io/x") and p.pull_allowed("busybox")
    cfg = parse_config({"enforce": {"bogus": 1}}, ".dockguard.yaml")
    with pytest.raises(ConfigError, match=r"\.dockguard\.yaml: enforce: unknown key 'bogus'"):
        load_policy(None, cfg, RULES)


@pytest.mark.parametrize(
    "ref, parts",
    [
        ("busybox", ("docker.io", "library/busybox", "")),
        ("busybox:1.36", ("docker.io", "library/busybox", ":1.36")),
        ("acme/app", ("docker.io", "acme/app", "")),
        ("ghcr.io/acme/app:v1@sha256:abc", ("ghcr.io", "acme/app", ":v1@sha256:abc")),
        ("localhost:5000/app", ("localhost:5000", "app", "")),
        ("localhost/app", ("localhost", "app", "")),
        ("registry-1.docker.io/nginx", ("docker.io", "library/nginx", "")),
    ],
)
def test_split_reference(ref, parts):
    assert split_reference(ref) == parts


def test_image_candidates():
    assert image_candidates("busybox") == ("busybox", "docker.io/library/busybox", "docker.io/library/busybox:latest")
    assert normalise_repository("ghcr.io/a/b:1") == "ghcr.io/a/b"
