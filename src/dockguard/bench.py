"""The CIS Docker Benchmark layer: every check of CIS v1.6.0 with a status, from the rules.

Host rules (kind "host") read the Host model; the image rules run over the daemon's images and the
container rules over its running containers. Each rule names the CIS IDs it implements (`Rule.cis`);
a hit may narrow itself to one of them (`extra["cis"]`) and carry a status other than warn
(`extra["status"]`: not_applicable, info, error). A rule that ran and yielded nothing is a pass.
Checks no rule evaluates are the benchmark's manual ones: info (or not applicable), with the reason.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Any, Iterable

from dockguard.model.finding import Finding
from dockguard.rules.base import CIS_VERSION

STATUSES = ("pass", "warn", "info", "not_applicable", "error")

# The L2 ("defense in depth") profile of the benchmark; every other check is Level 1.
LEVEL2 = {f"1.1.{n}" for n in range(7, 19)} | {"2.9", "2.10", "2.11", "2.12", "2.13", "2.17", "4.5", "4.8", "5.3", "5.25", "5.30"}
# Checks that count towards the score (the benchmark's automated checks, as docker-bench scores them).
NOT_SCORED = {
    "1.2.1", "1.2.2", "2.1", "2.8", "2.17", "4.2", "4.3", "4.4", "4.7", "4.8", "4.9", "4.10", "4.11", "4.12",
    "5.18", "5.19", "5.23", "5.24", "5.28", "5.30", "6.1", "6.2", "7.4", "7.6", "7.7", "7.8", "7.9",
}
# Checks no tool can evaluate from the host: the reason shown with their info status.
MANUAL = {
    "1.2.1": "manual: harden the host with its OS benchmark (CIS Debian/RHEL/Ubuntu)",
    "4.2": "manual: review where base images come from (`dockguard lint` flags untrusted registries)",
    "4.3": "manual: review the packages of each image (`dockguard sbom`)",
    "4.4": "manual: scan images for vulnerabilities (`dockguard vulns`) and rebuild them",
    "4.8": "manual: needs each image's file tree (`dockguard scan` lists setuid/setgid files)",
    "4.11": "manual: review how packages are verified in the Dockerfiles (`dockguard lint`)",
    "4.12": "manual: verify image signatures at pull or admission",
    "5.23": "manual: needs the daemon's audit log of exec calls (`dockguard enforce` can deny --privileged exec)",
    "5.24": "manual: needs the daemon's audit log of exec calls (`dockguard enforce` can deny exec as root)",
    "5.28": "manual: compare each image's tag with the registry's latest",
    "7.6": "manual: rotate the swarm unlock key (`docker swarm unlock-key --rotate`) on a schedule",
    "7.8": "manual: rotate the swarm CA (`docker swarm ca --rotate`) on a schedule",
    "7.9": "manual: put management and data traffic on separate interfaces (--advertise-addr/--data-path-addr)",
}

_TITLES = """
1.1.1|Ensure a separate partition for containers has been created
1.1.2|Ensure only trusted users are allowed to control Docker daemon
1.1.3|Ensure auditing is configured for the Docker daemon
1.1.4|Ensure auditing is configured for Docker files and directories - /run/containerd
1.1.5|Ensure auditing is configured for Docker files and directories - /var/lib/docker
1.1.6|Ensure auditing is configured for Docker files and directories - /etc/docker
1.1.7|Ensure auditing is configured for Docker files and directories - docker.service
1.1.8|Ensure auditing is configured for Docker files and directories - containerd.sock
1.1.9|Ensure auditing is configured for Docker files and directories - docker.socket
1.1.10|Ensure auditing is configured for Docker files and directories - /etc/default/docker
1.1.11|Ensure auditing is configured for Docker files and directories - /etc/docker/daemon.json
1.1.12|Ensure auditing is configured for Docker files and directories - /etc/containerd/config.toml
1.1.13|Ensure auditing is configured for Docker files and directories - /etc/sysconfig/docker
1.1.14|Ensure auditing is configured for Docker files and directories - /usr/bin/containerd
1.1.15|Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim
1.1.16|Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v1
1.1.17|Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v2
1.1.18|Ensure auditing is configured for Docker files and directories - /usr/bin/runc
1.2.1|Ensure the container host has been Hardened
1.2.2|Ensure that the version of Docker is up to date
2.1|Run the Docker daemon as a non-root user, if possible
2.2|Ensure network traffic is restricted between containers on the default bridge
2.3|Ensure the logging level is set to 'info'
2.4|Ensure Docker is allowed to make changes to iptables
2.5|Ensure insecure registries are not used
2.6|Ensure aufs storage driver is not used
2.7|Ensure TLS authentication for Docker daemon is configured
2.8|Ensure the default ulimit is configured appropriately
2.9|Enable user namespace support
2.10|Ensure the default cgroup usage has been confirmed
2.11|Ensure base device size is not changed until needed
2.12|Ensure that authorization for Docker client commands is enabled
2.13|Ensure centralized and remote logging is configured
2.14|Ensure containers are restricted from acquiring new privileges
2.15|Ensure live restore is enabled
2.16|Ensure Userland Proxy is Disabled
2.17|Ensure that a daemon-wide custom seccomp profile is applied if appropriate
2.18|Ensure that experimental features are not implemented in production
3.1|Ensure that the docker.service file ownership is set to root:root
3.2|Ensure that docker.service file permissions are appropriately set
3.3|Ensure that docker.socket file ownership is set to root:root
3.4|Ensure that docker.socket file permissions are set to 644 or more restrictive
3.5|Ensure that the /etc/docker directory ownership is set to root:root
3.6|Ensure that /etc/docker directory permissions are set to 755 or more restrictively
3.7|Ensure that registry certificate file ownership is set to root:root
3.8|Ensure that registry certificate file permissions are set to 444 or more restrictively
3.9|Ensure that TLS CA certificate file ownership is set to root:root
3.10|Ensure that TLS CA certificate file permissions are set to 444 or more restrictively
3.11|Ensure that Docker server certificate file ownership is set to root:root
3.12|Ensure that the Docker server certificate file permissions are set to 444 or more restrictively
3.13|Ensure that the Docker server certificate key file ownership is set to root:root
3.14|Ensure that the Docker server certificate key file permissions are set to 400
3.15|Ensure that the Docker socket file ownership is set to root:docker
3.16|Ensure that the Docker socket file permissions are set to 660 or more restrictively
3.17|Ensure that the daemon.json file ownership is set to root:root
3.18|Ensure that daemon.json file permissions are set to 644 or more restrictive
3.19|Ensure that the /etc/default/docker file ownership is set to root:root
3.20|Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively
3.21|Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively
3.22|Ensure that the /etc/sysconfig/docker file ownership is set to root:root
3.23|Ensure that the Containerd socket file ownership is set to root:root
3.24|Ensure that the Containerd socket file permissions are set to 660 or more restrictively
4.1|Ensure that a user for the container has been created
4.2|Ensure that containers use only trusted base images
4.3|Ensure that unnecessary packages are not installed in the container
4.4|Ensure images are scanned and rebuilt to include security patches
4.5|Ensure Content trust for Docker is Enabled
4.6|Ensure that HEALTHCHECK instructions have been added to container images
4.7|Ensure update instructions are not used alone in Dockerfiles
4.8|Ensure setuid and setgid permissions are removed
4.9|Ensure that COPY is used instead of ADD in Dockerfiles
4.10|Ensure secrets are not stored in Dockerfiles
4.11|Ensure only verified packages are installed
4.12|Ensure all signed artifacts are validated
5.1|Ensure swarm mode is not Enabled, if not needed
5.2|Ensure that, if applicable, an AppArmor Profile is enabled
5.3|Ensure that, if applicable, SELinux security options are set
5.4|Ensure that Linux kernel capabilities are restricted within containers
5.5|Ensure that privileged containers are not used
5.6|Ensure sensitive host system directories are not mounted on containers
5.7|Ensure sshd is not run within containers
5.8|Ensure privileged ports are not mapped within containers
5.9|Ensure that only needed ports are open on the container
5.10|Ensure that the host's network namespace is not shared
5.11|Ensure that the memory usage for containers is limited
5.12|Ensure that CPU priority is set appropriately on containers
5.13|Ensure that the container's root filesystem is mounted as read only
5.14|Ensure that incoming container traffic is bound to a specific host interface
5.15|Ensure that the 'on-failure' container restart policy is set to '5'
5.16|Ensure that the host's process namespace is not shared
5.17|Ensure that the host's IPC namespace is not shared
5.18|Ensure that host devices are not directly exposed to containers
5.19|Ensure that the default ulimit is overwritten at runtime if needed
5.20|Ensure mount propagation mode is not set to shared
5.21|Ensure that the host's UTS namespace is not shared
5.22|Ensure the default seccomp profile is not Disabled
5.23|Ensure that docker exec commands are not used with the privileged option
5.24|Ensure that docker exec commands are not used with the user=root option
5.25|Ensure that cgroup usage is confirmed
5.26|Ensure that the container is restricted from acquiring additional privileges
5.27|Ensure that container health is checked at runtime
5.28|Ensure that Docker commands always make use of the latest version of their image
5.29|Ensure that the PIDs cgroup limit is used
5.30|Ensure that Docker's default bridge 'docker0' is not used
5.31|Ensure that the host's user namespaces are not shared
5.32|Ensure that the Docker socket is not mounted inside any containers
6.1|Ensure that image sprawl is avoided
6.2|Ensure that container sprawl is avoided
7.1|Ensure that the minimum number of manager nodes have been created in a swarm
7.2|Ensure that swarm services are bound to a specific host interface
7.3|Ensure that all Docker swarm overlay network traffic is encrypted
7.4|Ensure that Docker's secret management commands are used for managing secrets in a swarm cluster
7.5|Ensure that swarm manager is run in auto-lock mode
7.6|Ensure that the swarm manager auto-lock key is rotated periodically
7.7|Ensure that node certificates are rotated as appropriate
7.8|Ensure that CA certificates are rotated as appropriate
7.9|Ensure that management plane traffic is separated from data plane traffic
"""

SECTIONS = {
    "1": "Host configuration",
    "2": "Docker daemon configuration",
    "3": "Docker daemon configuration files",
    "4": "Container images and build file",
    "5": "Container runtime",
    "6": "Docker security operations",
    "7": "Docker swarm configuration",
    "DG": "Beyond the benchmark",
}


@dataclass
class CheckDef:
    id: str
    title: str
    level: int
    scored: bool
    section: str


def catalogue() -> list[CheckDef]:
    out = []
    for line in _TITLES.strip().splitlines():
        cid, title = line.split("|", 1)
        out.append(CheckDef(cid, title, 2 if cid in LEVEL2 else 1, cid not in NOT_SCORED, cid.split(".")[0]))
    return out


def _key(cid: str) -> tuple:
    if cid.startswith("DG"):
        return (99, int(cid[2:]))
    return tuple(int(p) for p in cid.split("."))


@dataclass
class CheckResult:
    id: str
    title: str
    section: str
    level: int | None
    scored: bool
    status: str = "pass"
    rules: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)
    remediation: str = ""
    ran: bool = False  # a rule evaluated it

    def to_dict(self) -> dict[str, Any]:
        d = {
            "id": self.id,
            "title": self.title,
            "section": self.section,
            "level": self.level,
            "scored": self.scored,
            "status": self.status,
            "rules": self.rules,
            "messages": self.messages,
            "evidence": self.evidence,
        }
        if self.objects:
            d["objects"] = self.objects
        if self.remediation and self.status in ("warn", "info"):
            d["remediation"] = self.remediation
        return d


_RANK = {"warn": 4, "error": 3, "info": 2, "not_applicable": 1, "pass": 0}


def status_of(finding: Finding) -> str:
    status = (finding.extra or {}).get("status", "warn")
    return status if status in _RANK else "warn"


def matches(cid: str, patterns: Iterable[str]) -> bool:
    """`2.2`, `5.*`, `1.1.*`, `3` (a whole section), `DG69*`."""
    pats = [p.strip().upper() for p in patterns if p.strip()]
    if not pats:
        return True
    cid = cid.upper()
    return any(fnmatch.fnmatchcase(cid, p) or cid.startswith(p + ".") for p in pats)


@dataclass
class BenchResult:
    checks: list[CheckResult]
    findings: list[Finding]  # the warn findings (what fails the run)
    all_findings: list[Finding]

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for c in self.checks:
            out[c.status] += 1
        return out

    @property
    def score(self) -> dict[str, Any]:
        scored = [c for c in self.checks if c.scored and c.status in ("pass", "warn")]
        passed = sum(1 for c in scored if c.status == "pass")
        pct = round(100.0 * passed / len(scored), 1) if scored else None
        return {"passed": passed, "scored": len(scored), "percent": pct}

    def by_section(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for c in self.checks:
            sec = out.setdefault(c.section, {s: 0 for s in STATUSES})
            sec[c.status] += 1
        return out


def run_bench(host, engine, *, checks: Iterable[str] = (), level: int = 2) -> BenchResult:
    """Run the rules over the host, its images and containers; one status per CIS check."""
    ruleset = engine.ruleset
    results: dict[str, CheckResult] = {}
    for d in catalogue():
        results[d.id] = CheckResult(d.id, d.title, d.section, d.level, d.scored)
    all_findings: list[Finding] = []

    def record(rule, findings: list[Finding], ran: bool, na_reason: str | None = None) -> None:
        ids = list(rule.cis) or [rule.id]
        for cid in ids:
            res = results.get(cid)
            if res is None:
                res = results[cid] = CheckResult(cid, rule.title, "DG" if cid.startswith("DG") else cid.split(".")[0], None, False)
            if rule.id not in res.rules:
                res.rules.append(rule.id)
            if not res.remediation:
                res.remediation = rule.remediation
            if na_reason is not None:
                _merge(res, "not_applicable", na_reason, None, None)
                continue
            res.ran = res.ran or ran
            for f in findings:
                fcis = (f.extra or {}).get("cis")
                if fcis and fcis != cid:
                    continue
                _merge(res, status_of(f), f.message, f.evidence, f.location.object)

    # host rules: one engine pass over the Host model
    host_rules = engine.rules_for("host")
    found = engine.check(host, "host", host.path) if host_rules else []
    all_findings += found
    host_findings: dict[str, list[Finding]] = {}
    for f in found:
        rid = f.rule_id
        if rid not in {r.id for r in host_rules}:  # the engine's "rule failed" finding names the rule
            rid = f.message.split(" ", 1)[0]
            f.extra = {**(f.extra or {}), "status": "error"}
        host_findings.setdefault(rid, []).append(f)
    for rule in host_rules:
        record(rule, host_findings.get(rule.id, []), True)

    # image and container rules that implement CIS checks, over the daemon's objects
    for kind, models, what in (("image", host.images, "image"), ("container", host.containers, "running container")):
        rules = [r for r in engine.rules_for(kind) if r.cis]
        if not rules:
            continue
        if models is None:
            reason = host.skipped.get("section 5" if kind == "container" else "images") or (
                "offline: needs a running daemon" if host.info is None else f"{what}s not listed"
            )
            for rule in rules:
                record(rule, [], False, na_reason=reason)
            continue
        if not models:
            for rule in rules:
                record(rule, [], False, na_reason=f"no {what} on this host")
            continue
        per_rule: dict[str, list[Finding]] = {}
        for model in models:
            for f in engine.check(model, kind, getattr(model, "path", host.path)):
                obj = getattr(model, "reference", None) or getattr(model, "name", None)
                if obj and not f.location.object:
                    from dataclasses import replace

                    f.location = replace(f.location, object=obj)
                per_rule.setdefault(f.rule_id, []).append(f)
                all_findings.append(f)
        for rule in rules:
            record(rule, per_rule.get(rule.id, []), True)

    # checks no rule evaluated
    swarm_na = None
    if host.info is None:
        swarm_na = "offline: swarm state is read from docker info"
    elif not host.swarm_active:
        swarm_na = f"swarm mode is not active (Swarm: {host.swarm_state})"
    for res in results.values():
        if res.rules:
            if not res.ran and res.status == "pass":
                res.status = "not_applicable"
            continue
        if res.section == "7" and swarm_na:
            _merge(res, "not_applicable", swarm_na, None, None)
        elif res.id in MANUAL:
            _merge(res, "info", MANUAL[res.id], None, None)
        else:
            _merge(res, "info", "not evaluated: no installed rule implements this check", None, None)

    selected = [
        r for r in sorted(results.values(), key=lambda r: _key(r.id))
        if matches(r.id, checks) and (r.level is None or r.level <= level)
    ]
    chosen = {r.id for r in selected}
    warn_findings = []
    for f in all_findings:
        if status_of(f) != "warn":
            continue
        rule = ruleset.get(f.rule_id)
        ids = [(f.extra or {}).get("cis")] if (f.extra or {}).get("cis") else (list(rule.cis) if rule and rule.cis else [f.rule_id])
        if any(i in chosen for i in ids):
            warn_findings.append(f)
    return BenchResult(selected, warn_findings, all_findings)


def _merge(res: CheckResult, status: str, message: str, evidence: str | None, obj: str | None) -> None:
    if _RANK[status] > _RANK[res.status] or res.status == "pass":
        if _RANK[status] >= _RANK[res.status]:
            res.status = status
    if message and message not in res.messages:
        res.messages.append(message)
    if evidence and evidence not in res.evidence:
        res.evidence.append(evidence)
    if obj and obj not in res.objects:
        res.objects.append(obj)


def report_extra(host, result: BenchResult, api_calls: int | None = None) -> dict[str, Any]:
    return {
        "benchmark": CIS_VERSION,
        "mode": host.mode,
        "target": host.path,
        "score": result.score,
        "counts": result.counts(),
        "sections": result.by_section(),
        "checks": [c.to_dict() for c in result.checks],
        "skipped": dict(host.skipped),
        "host_errors": list(host.errors),
        **({"api_calls": api_calls} if api_calls is not None else {}),
    }


# -- renderers for the formats where a per-check table matters ---------------------------------------

_LABEL = {"pass": "PASS", "warn": "WARN", "info": "INFO", "not_applicable": "N/A", "error": "ERROR"}
_COLOR = {"pass": "\033[32m", "warn": "\033[1;31m", "info": "\033[36m", "not_applicable": "\033[2m", "error": "\033[35m"}


def render_text(report) -> str:
    extra = report.extra
    color = report.color
    paint = (lambda s, st: f"{_COLOR[st]}{s}\033[0m") if color else (lambda s, st: s)
    out = [f"{extra['benchmark']} — {extra['mode']} — {extra['target']}", ""]
    section = None
    for c in extra["checks"]:
        if c["section"] != section:
            section = c["section"]
            out.append(f"[{section}] {SECTIONS.get(section, '')}")
        lvl = f"L{c['level']}" if c["level"] else "  "
        mark = "" if c["scored"] else " (not scored)"
        label = paint(f"{_LABEL[c['status']]:<5}", c["status"])
        out.append(f"  {label} {c['id']:<7} {lvl}  {c['title']}{mark}")
        if c["status"] != "pass":
            for msg in c["messages"][:5]:
                out.append(f"                    {msg}")
            if len(c["messages"]) > 5:
                out.append(f"                    … and {len(c['messages']) - 5} more")
    out.append("")
    if extra.get("skipped"):
        out.append("Not read:")
        for fact, why in extra["skipped"].items():
            out.append(f"  {fact}: {why}")
        out.append("")
    for path, message in report.errors:
        out.append(f"error: {path}: {message}")
    counts = extra["counts"]
    score = extra["score"]
    pct = "n/a" if score["percent"] is None else f"{score['percent']}%"
    out.append(
        f"{len(extra['checks'])} checks: {counts['pass']} pass, {counts['warn']} warn, {counts['info']} info, "
        f"{counts['not_applicable']} not applicable, {counts['error']} error. "
        f"Score {score['passed']}/{score['scored']} scored checks ({pct})"
    )
    if "api_calls" in extra:
        out.append(f"{extra['api_calls']} Engine API calls")
    return "\n".join(out) + "\n"


def render_junit(report) -> str:
    from xml.sax.saxutils import escape, quoteattr

    extra = report.extra
    checks = extra["checks"]
    counts = extra["counts"]
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    out.append(
        f'<testsuites name="dockguard bench" tests="{len(checks)}" failures="{counts["warn"]}" '
        f'errors="{counts["error"]}" skipped="{counts["not_applicable"]}">'
    )
    by_section: dict[str, list[dict]] = {}
    for c in checks:
        by_section.setdefault(c["section"], []).append(c)
    for sec, items in by_section.items():
        fails = sum(1 for c in items if c["status"] == "warn")
        errs = sum(1 for c in items if c["status"] == "error")
        skips = sum(1 for c in items if c["status"] == "not_applicable")
        name = f"{sec} {SECTIONS.get(sec, '')}".strip()
        out.append(f'  <testsuite name={quoteattr(name)} tests="{len(items)}" failures="{fails}" errors="{errs}" skipped="{skips}">')
        for c in items:
            tc = f'    <testcase classname={quoteattr("CIS " + sec)} name={quoteattr(c["id"] + " " + c["title"])}'
            body = "\n".join(c["messages"])
            if c.get("evidence"):
                body += "\nEvidence: " + "; ".join(c["evidence"])
            if c["status"] == "pass":
                out.append(tc + "/>")
                continue
            out.append(tc + ">")
            first = c["messages"][0] if c["messages"] else c["status"]
            if c["status"] == "warn":
                body += f"\nRemediation: {c.get('remediation', '')}"
                out.append(f"      <failure type=\"warn\" message={quoteattr(first)}>{escape(body)}</failure>")
            elif c["status"] == "error":
                out.append(f"      <error message={quoteattr(first)}>{escape(body)}</error>")
            elif c["status"] == "not_applicable":
                out.append(f"      <skipped message={quoteattr(first)}/>")
            else:
                out.append(f"      <system-out>{escape(body)}</system-out>")
            out.append("    </testcase>")
        out.append("  </testsuite>")
    if report.errors:
        out.append(f'  <testsuite name="errors" tests="{len(report.errors)}" failures="0" errors="{len(report.errors)}">')
        for path, message in report.errors:
            out.append(f'    <testcase classname="dockguard" name={quoteattr(path)}>')
            out.append(f"      <error message={quoteattr(message)}>{escape(message)}</error>")
            out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"
