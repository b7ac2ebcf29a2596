"""The enforcement policy: which findings deny a request, which only log, and the exemptions.

Read from `--policy FILE` (a YAML file holding the keys below at its top level, or under an
`enforce:` key), else from the `enforce:` section of `.dockguard.yaml`:

    deny_severity: high        # findings at or above this severity deny (info…critical, or "none")
    deny: [DG301]              # rules that always deny, whatever their severity
    log: [DG320]               # rules that only log, even at or above deny_severity
    audit_only: false          # log what would be denied, allow everything
    exempt:                    # every selector given must match; `rules` omitted = every rule
      - images: ["registry.example.com/infra/*"]   # globs, on the image as written and normalised
        labels: {com.example.role: node-exporter}  # "*" matches any value
        users: [ops-admin]                         # TLS client certificate CN (none on the unix socket)
        rules: [DG305]
        reason: "node-exporter reads /proc of the host"
    exec:     {privileged: deny, root: log}        # deny | log | allow
    volumes:  {bind: log}                          # local-driver volumes binding a host path
    plugins:  {install: deny, allow: ["vieux/sshfs*"]}
    pull:     {allow_registries: [docker.io, ghcr.io/acme]}   # empty: any registry

Besides rule IDs, `deny`, `log` and `exempt[].rules` accept the request checks that are not rules:
`exec.privileged`, `exec.root`, `volumes.bind`, `plugins.install`, `pull.registry`.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from typing import Any

from dockguard.errors import ConfigError
from dockguard.model.finding import Severity

ACTIONS = ("deny", "log", "allow")
CHECKS = ("exec.privileged", "exec.root", "volumes.bind", "plugins.install", "pull.registry")

_TOP = {
    "deny_severity": (str,),
    "deny": (list,),
    "log": (list,),
    "audit_only": (bool,),
    "exempt": (list,),
    "exec": (dict,),
    "volumes": (dict,),
    "plugins": (dict,),
    "pull": (dict,),
}
_EXEMPT_KEYS = {"images", "labels", "users", "rules", "reason"}
_SUB = {
    "exec": {"privileged": ACTIONS, "root": ACTIONS},
    "volumes": {"bind": ACTIONS},
    "plugins": {"install": ACTIONS, "allow": list},
    "pull": {"allow_registries": list},
}


@dataclass(slots=True)
class Exemption:
    images: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    users: tuple[str, ...] = ()
    rules: frozenset[str] = frozenset()  # empty: every rule and check
    reason: str = ""

    def matches(self, user: str, image: str | None, labels: dict[str, str] | None, images: tuple[str, ...]) -> bool:
        """Every selector given must match. Image and label selectors never match a request without them."""
        if self.users and not (user and any(fnmatch.fnmatchcase(user, u) for u in self.users)):
            return False
        if self.images:
            if not image:
                return False
            if not any(fnmatch.fnmatchcase(cand, pat) for pat in self.images for cand in images):
                return False
        if self.labels:
            if labels is None:
                return False
            for key, want in self.labels.items():
                have = labels.get(key)
                if have is None or (want != "*" and have != want):
                    return False
        return True

    def covers(self, rule_id: str) -> bool:
        return not self.rules or rule_id in self.rules


@dataclass(slots=True)
class Policy:
    path: str | None = None
    deny_severity: Severity | None = Severity.HIGH  # None: only the `deny` list denies
    deny: frozenset[str] = frozenset()
    log: frozenset[str] = frozenset()
    audit_only: bool = False
    exempt: tuple[Exemption, ...] = ()
    exec_privileged: str = "deny"
    exec_root: str = "log"
    volumes_bind: str = "log"
    plugins_install: str = "deny"
    plugins_allow: tuple[str, ...] = ()
    pull_allow: tuple[str, ...] = ()

    def action_for_rule(self, rule_id: str, severity: Severity) -> str:
        """deny or log, before exemptions."""
        if rule_id in self.deny:
            return "deny"
        if rule_id in self.log:
            return "log"
        if self.deny_severity is not None and severity >= self.deny_severity:
            return "deny"
        return "log"

    def action_for_check(self, check: str, configured: str) -> str:
        if check in self.deny:
            return "deny"
        if check in self.log:
            return "log" if configured != "allow" else "allow"
        return configured

    def exemption(
        self, rule_id: str, user: str, image: str | None = None, labels: dict[str, str] | None = None
    ) -> Exemption | None:
        if not self.exempt:
            return None
        images = image_candidates(image) if image else ()
        for ex in self.exempt:
            if ex.covers(rule_id) and ex.matches(user, image, labels, images):
                return ex
        return None

    def pull_allowed(self, reference: str) -> bool:
        if not self.pull_allow:
            return True
        name = normalise_repository(reference)
        return any(name == allowed or name.startswith(allowed.rstrip("/") + "/") for allowed in self.pull_allow)

    def plugin_allowed(self, remote: str) -> bool:
        if not remote:
            return False
        cands = image_candidates(remote)
        return any(fnmatch.fnmatchcase(c, pat) for pat in self.plugins_allow for c in cands)


# -- image references ------------------------------------------------------------------------------

_DOCKER_HUB = {"docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"}


def split_reference(reference: str) -> tuple[str, str, str]:
    """(registry, repository path, tag-or-digest suffix) of an image reference; Docker Hub defaults."""
    ref = reference.strip()
    suffix = ""
    if "@" in ref:
        ref, digest = ref.split("@", 1)
        suffix = "@" + digest
    last = ref.rsplit("/", 1)[-1]
    if ":" in last:
        ref, tag = ref.rsplit(":", 1)
        suffix = ":" + tag + suffix
    first, _, rest = ref.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        registry, path = first.lower(), rest
    else:
        registry, path = "docker.io", ref
    if registry in _DOCKER_HUB:
        registry = "docker.io"
        if "/" not in path:
            path = "library/" + path
    return registry, path, suffix


def normalise_repository(reference: str) -> str:
    """`busybox:1` -> `docker.io/library/busybox`; `ghcr.io/a/b@sha256:…` -> `ghcr.io/a/b`."""
    registry, path, _ = split_reference(reference)
    return f"{registry}/{path}"


def image_candidates(image: str) -> tuple[str, ...]:
    """The spellings an image glob is matched against: as written, and normalised with its tag."""
    registry, path, suffix = split_reference(image)
    full = f"{registry}/{path}{suffix or ':latest'}"
    return (image, f"{registry}/{path}", full)


def _normalise_allowed(entry: str) -> str:
    entry = entry.strip().rstrip("/")
    first, _, rest = entry.partition("/")
    if first.lower() in _DOCKER_HUB:
        return "docker.io" + ("/" + rest if rest else "")
    return entry


# -- loading ---------------------------------------------------------------------------------------


def load_policy(path: str | None = None, config: Any = None, ruleset: Any = None) -> Policy:
    """The policy of `path` (a YAML file), else of the configuration's `enforce` section."""
    if path:
        data = _read_yaml(path)
        if set(data) == {"enforce"} and isinstance(data["enforce"], dict):
            data = data["enforce"]
        where = path
    else:
        data = dict(config.sections.get("enforce", {})) if config is not None else {}
        where = f"{getattr(config, 'path', None) or 'configuration'}: enforce"
    policy = parse_policy(data, where, ruleset)
    if not path and "pull" not in data and config is not None and config.trusted_registries:
        policy.pull_allow = tuple(_normalise_allowed(r) for r in config.trusted_registries)
    policy.path = path or getattr(config, "path", None)
    return policy


def _read_yaml(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the policy: {exc.strerror}") from None
    import yaml

    try:
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        raise ConfigError(f"{path}: invalid YAML: {line}{getattr(exc, 'problem', None) or exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the policy must be a mapping of keys to values")
    return data


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return tuple(value)


def parse_policy(data: dict[str, Any], where: str = "policy", ruleset: Any = None) -> Policy:
    policy = Policy()
    for key, value in data.items():
        if key not in _TOP:
            known = ", ".join(sorted(_TOP))
            raise ConfigError(f"{where}: unknown key {key!r} (known: {known})")
        if not isinstance(value, _TOP[key]):
            want = " or ".join(t.__name__ for t in _TOP[key])
            raise ConfigError(f"{where}: {key} must be a {want}, not {type(value).__name__}")

    def ids(key: str, value: Any) -> frozenset[str]:
        out: set[str] = set()
        for raw in _strings(value, f"{where}: {key}"):
            if raw.lower() in CHECKS:
                out.add(raw.lower())
                continue
            if ruleset is None:
                out.add(raw.upper())
                continue
            resolved, unknown = ruleset.resolve_ids([raw])
            if unknown:
                raise ConfigError(
                    f"{where}: {key}: unknown rule ID {raw!r} (rule IDs, peer IDs, or {', '.join(CHECKS)})"
                )
            out |= resolved
        return frozenset(out)

    if "deny_severity" in data:
        text = data["deny_severity"].strip().lower()
        if text in ("none", "off", "never"):
            policy.deny_severity = None
        else:
            try:
                policy.deny_severity = Severity.parse(text)
            except ValueError as exc:
                raise ConfigError(f"{where}: deny_severity: {exc} or none") from None
    if "deny" in data:
        policy.deny = ids("deny", data["deny"])
    if "log" in data:
        policy.log = ids("log", data["log"])
    both = policy.deny & policy.log
    if both:
        raise ConfigError(f"{where}: {', '.join(sorted(both))} both in deny and in log")
    if "audit_only" in data:
        policy.audit_only = data["audit_only"]

    exemptions = []
    for i, entry in enumerate(data.get("exempt", [])):
        here = f"{where}: exempt[{i}]"
        if not isinstance(entry, dict):
            raise ConfigError(f"{here} must be a mapping (images, labels, users, rules, reason)")
        for key in entry:
            if key not in _EXEMPT_KEYS:
                raise ConfigError(f"{here}: unknown key {key!r} (known: {', '.join(sorted(_EXEMPT_KEYS))})")
        ex = Exemption()
        if "images" in entry:
            ex.images = _strings(entry["images"], f"{here}.images")
        if "users" in entry:
            ex.users = _strings(entry["users"], f"{here}.users")
        if "labels" in entry:
            labels = entry["labels"]
            if not isinstance(labels, dict) or not all(isinstance(k, str) for k in labels):
                raise ConfigError(f"{here}.labels must map label keys to values")
            ex.labels = {k: str(v) for k, v in labels.items()}
        if "rules" in entry:
            ex.rules = ids(f"exempt[{i}].rules", entry["rules"])
        if "reason" in entry:
            if not isinstance(entry["reason"], str):
                raise ConfigError(f"{here}.reason must be a string")
            ex.reason = entry["reason"]
        if not (ex.images or ex.users or ex.labels):
            raise ConfigError(f"{here}: give at least one of images, labels, users (an exemption for all is `log:`)")
        exemptions.append(ex)
    policy.exempt = tuple(exemptions)

    for section, keys in _SUB.items():
        sub = data.get(section)
        if sub is None:
            continue
        for key, value in sub.items():
            if key not in keys:
                raise ConfigError(f"{where}: unknown key {section}.{key} (known: {', '.join(keys)})")
            spec = keys[key]
            if spec is list:
                values = _strings(value, f"{where}: {section}.{key}")
                if section == "pull":
                    policy.pull_allow = tuple(_normalise_allowed(v) for v in values)
                else:
                    policy.plugins_allow = values
                continue
            if value not in spec:
                raise ConfigError(f"{where}: {section}.{key} must be one of {', '.join(spec)}, not {value!r}")
            setattr(policy, f"{section}_{key}", value)
    return policy


def policy_mtime(path: str | None) -> float | None:
    try:
        return os.stat(path).st_mtime if path else None
    except OSError:
        return None
