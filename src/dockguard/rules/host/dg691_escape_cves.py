from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._cves import affected, is_vendor_build
from dockguard.rules.host._status import info, na, warn

RULE = Rule(
    id="DG691",
    title="Docker, containerd or runc has a known container-escape vulnerability",
    severity=Severity.CRITICAL,
    kind="host",
    practices=("P45",),
    peers={},
    rationale=(
        "runc and containerd sit between a container and the host: runc CVE-2019-5736, CVE-2021-30465, "
        "CVE-2024-21626 and CVE-2025-31133/52565/52881, containerd CVE-2020-15257 and Docker "
        "CVE-2024-41110 (AuthZ bypass) let a container or an API client reach the host as root."
    ),
    remediation="Upgrade runc (1.2.8 / 1.3.3 or later), containerd (1.4.3 or later) and Docker Engine (27.1.1 or later on its branch), or take the distribution's security update.",
    examples=(
        bad('{}\n$ host {"components": {"runc": "1.1.11", "containerd": "1.7.20", "docker": "27.3.1"}}', lang="daemon-json"),
        good('{}\n$ host {"components": {"runc": "1.3.3", "containerd": "1.7.29", "docker": "28.5.2"}}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    if not host.components:
        yield na("component versions are read from docker version (offline)")
        return
    authz = bool(host.setting("authorization-plugins")) or bool(((host.info or {}).get("Plugins") or {}).get("Authorization"))
    for component in ("runc", "containerd", "docker"):
        version = host.components.get(component)
        if not version:
            continue
        cves = affected(component, version)
        if component == "docker" and not authz:
            cves = [c for c in cves if c["id"] != "CVE-2024-41110"]  # only an AuthZ plugin is bypassed
        if not cves:
            continue
        ids = ", ".join(c["id"] for c in cves)
        if is_vendor_build(version):
            yield info(f"{component} {version} is a distribution build; upstream {ids}: check the vendor advisory", obj=component, evidence=version)
        else:
            yield warn(f"{component} {version}: {ids} ({cves[0]['summary']})", obj=component, evidence=version)
