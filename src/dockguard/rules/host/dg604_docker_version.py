from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._cves import affected, is_vendor_build
from dockguard.rules.host._status import info, na, warn

RULE = Rule(
    id="DG604",
    title="The Docker Engine version is not up to date",
    severity=Severity.MEDIUM,
    kind="host",
    practices=("P45",),
    peers={"docker-bench": ("1.2.2",)},
    cis=("1.2.2",),
    rationale=(
        "Old Docker Engine releases carry known vulnerabilities (e.g. CVE-2024-41110, an authorization "
        "plugin bypass fixed in 23.0.15/25.0.6/26.1.5/27.1.1)."
    ),
    remediation="Upgrade Docker Engine to a supported release from docker.com or your distribution's security updates.",
    examples=(
        bad('{}\n$ version {"Version": "24.0.9"}', lang="daemon-json"),
        good('{}\n$ version {"Version": "27.1.1"}', lang="daemon-json", note="no known CVE; reported as info"),
    ),
)


def check(host: Host, ctx):
    version = host.server_version
    if not version:
        yield na("Docker's version is not known (offline)")
        return
    cves = affected("docker", version)
    if cves and not is_vendor_build(version):
        ids = ", ".join(c["id"] for c in cves)
        yield warn(f"Docker {version} is affected by {ids}", evidence=version)
    elif cves:
        ids = ", ".join(c["id"] for c in cves)
        yield info(f"Docker {version} is a vendor build; upstream {ids}: check the vendor's advisory", evidence=version)
    elif version.startswith(("17.", "18.", "19.", "20.", "23.", "24.", "25.", "26.")):
        yield info(f"Docker {version}: an old release line; check that it still gets security updates", evidence=version)
