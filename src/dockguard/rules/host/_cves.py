"""Known container-escape and daemon-bypass CVEs of Docker Engine, containerd and runc, by version.

A version is affected when it is at or after `introduced` (None: all earlier releases) and before
`fixed` on its own release branch (the same major.minor); a branch with no fix listed is affected
when it is older than the newest fix. Distribution builds ("1.1.5+ds1-1+deb12u1", "~ubuntu") often
carry backported fixes, so the rules say "check the vendor advisory" for them instead of warning.
"""

from __future__ import annotations

import re

CVES = (
    {
        "id": "CVE-2019-5736",
        "component": "runc",
        "introduced": None,
        "fixed": ("1.0.0-rc7",),
        "summary": "a container process overwrites the host runc binary (/proc/self/exe) and runs as root on the host",
        "source": "https://github.com/opencontainers/runc/security/advisories (GHSA-gxmr-w5mj-v8hh); NVD CVE-2019-5736",
    },
    {
        "id": "CVE-2021-30465",
        "component": "runc",
        "introduced": None,
        "fixed": ("1.0.0-rc95",),
        "summary": "symlink-exchange race in mount setup mounts host paths into the container",
        "source": "https://github.com/opencontainers/runc/security/advisories/GHSA-c3xm-pvg7-gh7r",
    },
    {
        "id": "CVE-2024-21626",
        "component": "runc",
        "introduced": "1.0.0-rc93",
        "fixed": ("1.1.12",),
        "summary": "leaked host file descriptor (/proc/self/fd) lets a container or an image's WORKDIR reach the host filesystem",
        "source": "https://github.com/opencontainers/runc/security/advisories/GHSA-xr7r-f8xq-vfvv",
    },
    {
        "id": "CVE-2025-31133",
        "component": "runc",
        "introduced": None,
        "fixed": ("1.2.8", "1.3.3", "1.4.0-rc.3"),
        "summary": "maskedPaths /dev/null replaced by a symlink gives write access to host procfs files",
        "source": "https://github.com/opencontainers/runc/security/advisories/GHSA-9493-h29p-rfm2",
    },
    {
        "id": "CVE-2025-52565",
        "component": "runc",
        "introduced": None,
        "fixed": ("1.2.8", "1.3.3", "1.4.0-rc.3"),
        "summary": "/dev/console bind-mount race gives write access to host procfs files",
        "source": "https://github.com/opencontainers/runc/security/advisories/GHSA-qw9x-cqr3-wc7r",
    },
    {
        "id": "CVE-2025-52881",
        "component": "runc",
        "introduced": None,
        "fixed": ("1.2.8", "1.3.3", "1.4.0-rc.3"),
        "summary": "redirected /proc writes (shared mounts race) bypass LSM labels and write host procfs files",
        "source": "https://github.com/opencontainers/runc/security/advisories/GHSA-cgrx-mc8f-2prm",
    },
    {
        "id": "CVE-2020-15257",
        "component": "containerd",
        "introduced": None,
        "fixed": ("1.3.9", "1.4.3"),
        "summary": "containerd-shim API on an abstract unix socket reachable from host-network containers",
        "source": "https://github.com/containerd/containerd/security/advisories/GHSA-36xw-fx78-c5r4",
    },
    {
        "id": "CVE-2024-41110",
        "component": "docker",
        "introduced": None,
        "fixed": ("23.0.15", "25.0.6", "26.1.5", "27.1.1"),
        "summary": "authorization plugins bypassed by a request with Content-Length 0 (AuthZ bypass)",
        "source": "https://github.com/moby/moby/security/advisories/GHSA-v23v-6jw2-98fq",
    },
    {
        "id": "CVE-2019-14271",
        "component": "docker",
        "introduced": "19.03.0",
        "fixed": ("19.03.1",),
        "summary": "docker cp loads libnss from the container into a host process (code execution on the host)",
        "source": "https://nvd.nist.gov/vuln/detail/CVE-2019-14271",
    },
)

_VENDOR = re.compile(r"(\+ds|~ds|deb\d|ubuntu|\.el\d|\.fc\d|\+dfsg|-\d+\.\w*amzn|suse)", re.I)
_PRE = re.compile(r"^(?:-|\.)?(rc|beta|alpha)\.?(\d+)", re.I)


def parse_version(text: str) -> tuple | None:
    """"1.0.0-rc93" -> ((1, 0, 0), (0, 93)); "1.1.12" -> ((1, 1, 12), (1, 0)); None if unreadable."""
    m = re.match(r"v?(\d+)\.(\d+)(?:\.(\d+))?(.*)", text.strip())
    if not m:
        return None
    nums = (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
    rest = m.group(4) or ""
    pre = _PRE.match(rest)
    return (nums, (0, int(pre.group(2))) if pre else (1, 0))


def is_vendor_build(text: str) -> bool:
    return bool(_VENDOR.search(text or ""))


def affected(component: str, version: str) -> list[dict]:
    """The CVEs of the table that affect `component` at `version` (upstream numbering)."""
    v = parse_version(version or "")
    if v is None:
        return []
    out = []
    for cve in CVES:
        if cve["component"] != component:
            continue
        if cve["introduced"] and v < parse_version(cve["introduced"]):
            continue
        fixes = [parse_version(f) for f in cve["fixed"]]
        same_branch = [f for f in fixes if f[0][:2] == v[0][:2]]
        if same_branch:
            if v < min(same_branch):
                out.append(cve)
        elif v < max(fixes):
            out.append(cve)
    return out
