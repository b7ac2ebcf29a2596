"""Edge cases of the host rules: CVE version ranges, audit rule parsing, data-root partition."""

from __future__ import annotations

from dockguard.config import Config
from dockguard.engine import Engine
from dockguard.rules.host._cves import affected, is_vendor_build
from dockguard.rules.loader import load_rules
from dockguard.sources.host import from_example, parse_audit_rules

RULES = load_rules(("host",))


def run(rule_id, code):
    return Engine(RULES, Config(), only=[rule_id]).check(from_example(code), "host", "example")


def ids(component, version):
    return [c["id"] for c in affected(component, version)]


def test_cve_ranges():
    assert ids("runc", "1.1.11") == ["CVE-2024-21626", "CVE-2025-31133", "CVE-2025-52565", "CVE-2025-52881"]
    assert ids("runc", "1.2.8") == [] and ids("runc", "1.3.3") == [] and ids("runc", "1.4.0") == []
    assert "CVE-2019-5736" in ids("runc", "1.0.0-rc6") and "CVE-2019-5736" not in ids("runc", "1.0.0-rc7")
    assert "CVE-2024-21626" not in ids("runc", "1.0.0-rc92")  # introduced in rc93
    assert ids("docker", "26.0.2") == ["CVE-2024-41110"] and ids("docker", "26.1.5") == []
    assert ids("containerd", "1.4.2") == ["CVE-2020-15257"] and ids("containerd", "1.4.3") == []
    assert is_vendor_build("1.1.5+ds1") and is_vendor_build("20.10.24+dfsg1") and not is_vendor_build("1.1.5")


def test_vendor_runc_is_info_not_warn():
    found = run("DG691", '{}\n$ host {"components": {"runc": "1.1.5+ds1"}}')
    assert found and all(f.extra["status"] == "info" for f in found)


def test_authz_bypass_only_with_a_plugin():
    assert not run("DG691", '{}\n$ host {"components": {"docker": "24.0.9"}}')
    found = run("DG691", '{"authorization-plugins": ["authz"]}\n$ host {"components": {"docker": "24.0.9"}}')
    assert found and "CVE-2024-41110" in found[0].message


def test_audit_rules_parsing_is_exact():
    watched = parse_audit_rules(["# comment", "-w /usr/bin/containerd-shim -p wa -k docker", "-a always,exit -F path=/usr/bin/runc -k docker", "-w /etc/docker/ -k docker"])
    assert watched == ["/usr/bin/containerd-shim", "/usr/bin/runc", "/etc/docker"]
    found = run("DG602", '{}\n$ host {"audit_rules": ["/usr/bin/containerd-shim"], "files": {"containerd": {"path": "/usr/bin/containerd"}}}')
    assert [f.extra["cis"] for f in found] == ["1.1.14"]  # a shim rule does not cover containerd


def test_userns_data_root_parent_is_checked():
    code = '{}\n$ info {"DockerRootDir": "/var/lib/docker/100000.100000", "SecurityOptions": ["name=userns"]}\n$ host {"mounts": ["/", "/var/lib/docker"]}'
    assert not run("DG600", code)
