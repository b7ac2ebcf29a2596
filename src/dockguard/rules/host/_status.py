"""Helpers the host rules share: hits that carry a CIS status other than "warn".

A host rule that yields nothing passes. A hit is a warn unless its `extra["status"]` says
`not_applicable`, `info` or `error`; `extra["cis"]` names the one CIS ID it is about when the rule
covers several (the audit-rule and file checks).
"""

from __future__ import annotations

from typing import Any

from dockguard.model.finding import Severity
from dockguard.rules.base import Hit

STATUSES = ("pass", "warn", "info", "not_applicable", "error")


def _hit(status: str, message: str, cis: str | None, evidence: Any, obj: str | None, severity: Severity | None) -> Hit:
    extra: dict[str, Any] = {"status": status}
    if cis:
        extra["cis"] = cis
    ev = None if evidence is None else str(evidence)
    if ev is not None:
        extra["evidence"] = ev
    return Hit(message, object=obj, evidence=ev, extra=extra, severity=severity)


def warn(message: str, *, cis: str | None = None, evidence: Any = None, obj: str | None = None, severity: Severity | None = None) -> Hit:
    return _hit("warn", message, cis, evidence, obj, severity)


def na(message: str, *, cis: str | None = None, evidence: Any = None, obj: str | None = None) -> Hit:
    return _hit("not_applicable", message, cis, evidence, obj, Severity.INFO)


def info(message: str, *, cis: str | None = None, evidence: Any = None, obj: str | None = None) -> Hit:
    return _hit("info", message, cis, evidence, obj, Severity.INFO)


def error(message: str, *, cis: str | None = None, evidence: Any = None, obj: str | None = None) -> Hit:
    return _hit("error", message, cis, evidence, obj, Severity.INFO)


def not_live(host) -> str | None:
    """Why a fact from `docker info` is not known (offline), or None."""
    if host.info is None:
        return "offline: needs a running daemon (docker info)"
    return None


def no_local(host, fact: str) -> str | None:
    """Why a local-host fact is not known (remote daemon, offline, not root), or None."""
    return host.skipped.get(fact)


def config_unknown(host) -> str | None:
    if not host.daemon.known and host.info is None:
        return "dockerd's configuration is not known"
    return None


def shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "unset"
    if isinstance(value, (list, dict)):
        import json

        return json.dumps(value)
    return str(value)


def config_value(host, key: str, default: Any = None) -> tuple[Any, str | None]:
    """(effective value of a daemon setting, None) or (None, why it is not known)."""
    if not host.daemon.known:
        return None, host.skipped.get("dockerd command line") or "dockerd's configuration is not known (remote daemon?)"
    return host.daemon.get(key, default), None


def where(host, key: str) -> str:
    return host.daemon.source_of(key)


def swarm_na(host) -> str | None:
    """Why a swarm check does not apply (offline, swarm inactive), or None when swarm is active."""
    if host.info is None:
        return "offline: swarm state is read from docker info"
    if not host.swarm_active:
        return f"swarm mode is not active (Swarm: {host.swarm_state})"
    return None
