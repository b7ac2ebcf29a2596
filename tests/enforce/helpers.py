"""Helpers for the enforcement tests.

`fake_decider` decides with a small rule set defined here (DG39x), so the routing, fail-safe and
policy tests do not move when the real container rules change; the tests against the real rules
(test_real_rules.py, test_daemon.py) use `build_decider`.
"""

from __future__ import annotations

import base64
import json

from dockguard.config import Config
from dockguard.engine import Engine
from dockguard.enforce.decide import Decider
from dockguard.enforce.policy import parse_policy
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.loader import RuleSet
from dockguard.rules.meta import META_RULES


def _rule(rid, title, severity, remediation, check):
    return Rule(id=rid, title=title, severity=severity, kind="container", practices=("P20",),
                rationale="test", remediation=remediation,
                examples=(bad("x", "engine-api"), good("y", "engine-api")), check=check)


def _privileged(spec, ctx):
    if spec.privileged:
        yield Hit("--privileged")


def _sock(spec, ctx):
    for m in spec.mounts:
        if m.source and m.source.endswith("docker.sock"):
            yield Hit(f"mounts the Docker socket {m.source}")


def _host_net(spec, ctx):
    if spec.network_mode == "host":
        yield Hit("--network host")


def _sys_admin(spec, ctx):
    if "SYS_ADMIN" in spec.cap_add or "ALL" in spec.cap_add:
        yield Hit("--cap-add SYS_ADMIN")


def _memory(spec, ctx):
    if not spec.memory:
        yield Hit("no memory limit")


def _host_path(spec, ctx):
    for m in spec.mounts:
        if m.type == "bind" and m.source in ("/", "/etc", "/proc"):
            yield Hit(f"binds the host path {m.source}")


def _pids(spec, ctx):
    if spec.pids_limit is not None and spec.pids_limit <= 0:
        yield Hit(f"pids limit {spec.pids_limit} (unlimited)")


def _boom(spec, ctx):
    if spec.labels.get("boom"):
        raise RuntimeError("rule bug")
    return iter(())


FAKE_RULES = (
    _rule("DG391", "Privileged container", Severity.CRITICAL, "Remove --privileged. Add only the capabilities needed.", _privileged),
    _rule("DG392", "Docker socket mounted", Severity.CRITICAL, "Do not mount /var/run/docker.sock.", _sock),
    _rule("DG393", "Host network", Severity.HIGH, "Remove --network host; publish ports with -p.", _host_net),
    _rule("DG394", "Dangerous capability", Severity.HIGH, "Drop --cap-add SYS_ADMIN.", _sys_admin),
    _rule("DG395", "No memory limit", Severity.MEDIUM, "Set --memory.", _memory),
    _rule("DG396", "Sensitive host path", Severity.HIGH, "Do not bind-mount system paths of the host.", _host_path),
    _rule("DG397", "Unlimited pids", Severity.HIGH, "Set --pids-limit to a positive number.", _pids),
    _rule("DG398", "Exploding rule", Severity.LOW, "n/a", _boom),
)


def make_decider(policy: dict | None = None, **kw) -> Decider:
    ruleset = RuleSet(tuple(META_RULES) + FAKE_RULES)
    engine = Engine(ruleset, Config())
    return Decider(parse_policy(policy or {}, "test policy", ruleset), engine, ruleset, **kw)


def req(uri="/v1.41/containers/create", body=None, method="POST", user="", headers=None, raw=None):
    """An AuthZ request as dockerd sends it; `body` is JSON-encoded, `raw` given as is (bytes)."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    hdrs = {"Content-Type": "application/json", "User-Agent": "Docker-Client/20.10.24 (linux)"}
    if data is not None:
        hdrs["Content-Length"] = str(len(data))
    if headers is not None:
        hdrs.update(headers)
        hdrs = {k: v for k, v in hdrs.items() if v is not None}
    return {
        "User": user,
        "UserAuthNMethod": "TLS" if user else "",
        "RequestMethod": method,
        "RequestUri": uri,
        "RequestBody": base64.b64encode(data).decode() if data is not None else None,
        "RequestHeaders": hdrs,
    }
