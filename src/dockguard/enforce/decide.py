"""One AuthZ request -> a Decision.

The request is what dockerd sends to `/AuthZPlugin.AuthZReq` (moby `pkg/authorization/api.go`):
`User`, `UserAuthNMethod`, `RequestMethod`, `RequestUri`, `RequestBody` (base64), `RequestHeaders`.

Routing is by method and path, with the `/v1.xx` prefix and the query string taken off and the path
cleaned (percent-decoding, `//`, `.`, `..`), so `/v1.41/containers/create?name=x` and
`/containers//create` are the same request. Decided:

    POST /containers/create            the body becomes a ContainerSpec; the container rules decide
    POST /containers/{id}/update       resources and restart policy: what the update sets, checked by the rules
    POST /containers/{id}/start        a body (API < 1.24 carries a HostConfig there) is checked like an update
    POST /containers/{id}/exec         Privileged, User root
    POST /volumes/create               a local-driver volume binding a host path (o=bind, device=…)
    POST /plugins/pull, /plugins/{n}/upgrade, /plugins/create   plugin installation
    POST /services/create, /services/{id}/update    TaskTemplate.ContainerSpec -> ContainerSpec
    POST /images/create?fromImage=…    pulls from registries outside the allow-list

Everything else is allowed. Fail safe: a route that needs a body denies when the body is missing,
empty, chunked, at or over the size dockerd forwards (1 MiB), not JSON, or not the JSON expected
(the CVE-2024-41110 / CVE-2026-34040 class: dockerd then forwards no body and a plugin that reads
"no body" as "nothing set" allows what it would deny). Any internal error denies.
"""

from __future__ import annotations

import base64
import binascii
import re
import time
from typing import Any, Callable
from urllib.parse import parse_qs, unquote

try:  # orjson is optional: faster parsing, same results
    from orjson import JSONDecodeError as _JSONError
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - depends on the environment
    from json import JSONDecodeError as _JSONError
    from json import loads as _loads

from dockguard.enforce.policy import Policy, normalise_repository
from dockguard.model.finding import Finding, Severity
from dockguard.rules.meta import RULE_ERROR

RULE_ERROR_ID = RULE_ERROR.id

MAX_BODY = 1048576  # dockerd's maxBodySize: bodies this large are not forwarded to plugins

_VERSION = re.compile(r"^/v\d+(?:\.\d+)?(?=/)")
_ID = r"([^/]+)"
_ROUTES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^/containers/create$"), "container.create"),
    (re.compile(rf"^/containers/{_ID}/update$"), "container.update"),
    (re.compile(rf"^/containers/{_ID}/start$"), "container.start"),
    (re.compile(rf"^/containers/{_ID}/exec$"), "exec.create"),
    (re.compile(r"^/volumes/create$"), "volume.create"),
    (re.compile(r"^/plugins/pull$"), "plugin.install"),
    (re.compile(rf"^/plugins/{_ID}/upgrade$"), "plugin.install"),
    (re.compile(r"^/plugins/create$"), "plugin.create"),
    (re.compile(r"^/services/create$"), "service.create"),
    (re.compile(rf"^/services/{_ID}/update$"), "service.update"),
    (re.compile(r"^/images/create$"), "image.pull"),
]
_EXACT = {"/containers/create": "container.create", "/volumes/create": "volume.create",
          "/images/create": "image.pull", "/services/create": "service.create", "/plugins/pull": "plugin.install"}
_ALWAYS = {"/_ping", "/version"}
_NEEDS_BODY = {"container.create", "container.update", "exec.create", "volume.create", "plugin.install",
               "service.create", "service.update"}


class Decision:
    __slots__ = ("allow", "msg", "route", "denied", "logged", "reason", "would_deny", "latency")

    def __init__(self, allow: bool, msg: str = "", route: str = "default", denied: list[str] | None = None,
                 logged: list[str] | None = None, reason: str = ""):
        self.allow = allow
        self.msg = msg
        self.route = route
        self.denied = denied or []  # rule IDs / checks that deny
        self.logged = logged or []  # rule IDs / checks that only log (or are exempt)
        self.reason = reason  # fail-safe reason, when the request itself is refused
        self.would_deny = False  # audit-only: denied in enforcing mode, allowed here
        self.latency = 0.0

    @property
    def outcome(self) -> str:
        if self.would_deny:
            return "audit"
        return "allow" if self.allow else "deny"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"decision": self.outcome, "route": self.route, "rules": self.denied}
        if self.logged:
            out["logged"] = self.logged
        if self.msg:
            out["msg"] = self.msg
        if self.reason:
            out["reason"] = self.reason
        return out


class Refused(Exception):
    """The request is refused before any rule runs (fail safe)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def clean_path(uri: str) -> tuple[str, dict[str, list[str]]]:
    """(`/containers/create`, {query}) of a RequestUri such as `/v1.41/containers/create?name=x`."""
    path, _, query = uri.partition("?")
    if "%" in path:
        path = unquote(path)
    if "//" in path or "/." in path:
        parts: list[str] = []
        for seg in path.split("/"):
            if seg in ("", "."):
                continue
            if seg == "..":
                if parts:
                    parts.pop()
                continue
            parts.append(seg)
        path = "/" + "/".join(parts)
    m = _VERSION.match(path)
    if m:
        path = path[m.end():]
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    return path, (parse_qs(query, keep_blank_values=True) if query else {})


def route_of(method: str, path: str) -> str:
    if path in _ALWAYS:
        return "always"
    if method != "POST":
        return "default"
    hit = _EXACT.get(path)
    if hit:
        return hit
    for pattern, name in _ROUTES:
        if pattern.match(path):
            return name
    return "default"


def _header(headers: Any, name: str) -> str | None:
    if not isinstance(headers, dict):
        return None
    value = headers.get(name)
    if value is None:
        lname = name.lower()
        for key, val in headers.items():
            if isinstance(key, str) and key.lower() == lname:
                value = val
                break
    if isinstance(value, list):  # not what dockerd sends, but never trust the shape
        value = ",".join(str(v) for v in value)
    return None if value is None else str(value)


def read_body(req: dict[str, Any]) -> Any:
    """The decoded JSON body of a request, or Refused with the reason."""
    headers = req.get("RequestHeaders")
    te = _header(headers, "Transfer-Encoding")
    if te and "chunked" in te.lower():
        raise Refused("chunked request body (dockerd may not forward it); send it with a Content-Length")
    length = _header(headers, "Content-Length")
    declared = None
    if length is not None:
        try:
            declared = int(length.strip())
        except ValueError:
            raise Refused(f"invalid Content-Length {length[:20]!r}") from None
        if declared >= MAX_BODY:
            raise Refused(f"request body of {declared} bytes: over the {MAX_BODY} bytes dockerd forwards to plugins")
    raw = req.get("RequestBody")
    if not raw:
        raise Refused("request without a body: the settings cannot be checked (send application/json)")
    if isinstance(raw, str):
        try:
            data = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise Refused("RequestBody is not valid base64") from None
    elif isinstance(raw, (bytes, bytearray)):
        data = bytes(raw)
    else:
        raise Refused("RequestBody is not base64 text")
    if not data.strip():
        raise Refused("empty request body: the settings cannot be checked")
    if len(data) >= MAX_BODY:
        raise Refused(f"request body of {len(data)} bytes: over the {MAX_BODY} bytes dockerd forwards to plugins")
    if declared is not None and declared != len(data):
        raise Refused(f"Content-Length {declared} but {len(data)} bytes of body reached the plugin")
    try:
        return canonical(_loads(data))
    except (_JSONError, ValueError, UnicodeDecodeError):
        raise Refused("request body is not JSON") from None


_OTHER_SOURCES = re.compile(r"\s*\((?=[^()]*\b(?:compose|Kubernetes|k8s)\b)[^()]*\)")


# Go's encoding/json (dockerd) matches object keys to struct fields case-insensitively (with Unicode
# folding: "ſ" is "s", "K" is "k"), the last duplicate winning; the body is read with those keys put
# back in their canonical spelling, so `{"hostconfig": {"privileged": true}}` is what dockerd sees.
_FIELDS = """
Image User Cmd Env Entrypoint Healthcheck Test Labels ExposedPorts MacAddress HostConfig Privileged CapAdd
CapDrop SecurityOpt ReadonlyRootfs GroupAdd NetworkMode PidMode IpcMode UTSMode UsernsMode CgroupnsMode
Binds Mounts Target TmpfsOptions SizeBytes Options Type Source ReadOnly BindOptions Propagation Tmpfs
VolumesFrom Devices PathOnHost PathInContainer CgroupPermissions DeviceCgroupRules DeviceRequests Memory
MemoryReservation NanoCpus CpuShares CpuQuota CpuPeriod ShmSize MemorySwap CpusetCpus PidsLimit Ulimits
Name Soft Hard OomKillDisable OomScoreAdj CgroupParent StorageOpt RestartPolicy MaximumRetryCount Init
PortBindings HostIp HostPort PublishAllPorts Dns ExtraHosts LogConfig Config Runtime Sysctls MaskedPaths
ReadonlyPaths NetworkingConfig EndpointsConfig Driver DriverOpts VolumeOptions DriverConfig TaskTemplate
ContainerSpec Command Args Groups Privileges Seccomp Mode Profile AppArmor SELinuxContext Disable
NoNewPrivileges CapabilityAdd CapabilityDrop Hosts Resources Limits MemoryBytes NanoCPUs Pids Condition
MaxAttempts Networks LogDriver Volumes
""".split()
_CANON = {f.casefold(): f for f in _FIELDS}
_EXACT_FIELDS = frozenset(_FIELDS)
_USER_KEYS = {"Labels", "Sysctls", "StorageOpt", "Tmpfs", "ExposedPorts", "Volumes", "DriverOpts", "Config"}
_USER_KEYS_STRUCT_VALUES = {"EndpointsConfig", "PortBindings"}


def canonical(value: Any) -> Any:
    """`value` with struct keys spelled as dockerd's decoder matches them (see above)."""
    if isinstance(value, list):
        return [canonical(v) for v in value] if any(isinstance(v, (dict, list)) for v in value) else value
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key in _EXACT_FIELDS or not isinstance(key, str):
            name = key
        else:
            name = _CANON.get(key.casefold(), key)
        if name in _USER_KEYS:
            out[name] = item
        elif name in _USER_KEYS_STRUCT_VALUES and isinstance(item, dict):
            out[name] = {k: canonical(v) for k, v in item.items()}
        else:
            out[name] = canonical(item)
    return out


def short(text: str, limit: int = 160) -> str:
    """The first sentence of a remediation, without the compose/Kubernetes spellings, cut to `limit`."""
    text = " ".join(text.split())
    text = _OTHER_SOURCES.sub("", text)
    m = _SENTENCE_END.search(text)
    if m and 0 < m.start() < limit:
        return text[: m.start()].rstrip(".")
    text = text.rstrip(".")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)\.\s+(?=[A-Z`(])|;\s")


_ROOT_USERS = {"root", "0"}


def _is_root(user: str) -> bool:
    name = user.split(":", 1)[0].strip()
    return name in _ROOT_USERS


def _d(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list:
    return value if isinstance(value, list) else []


def swarm_to_create_body(spec: dict) -> dict:
    """A service's `TaskTemplate` -> the equivalent `POST /containers/create` body."""
    tt = _d(spec.get("TaskTemplate"))
    cs = _d(tt.get("ContainerSpec"))
    body: dict[str, Any] = {}
    hc: dict[str, Any] = {}
    body["Image"] = cs.get("Image")
    if cs.get("User"):
        body["User"] = cs["User"]
    cmd = _l(cs.get("Command")) + _l(cs.get("Args"))
    if cmd:
        body["Cmd"] = cmd
    if cs.get("Env"):
        body["Env"] = cs["Env"]
    labels = dict(_d(spec.get("Labels")))
    labels.update(_d(cs.get("Labels")))
    if labels:
        body["Labels"] = labels
    if cs.get("Healthcheck"):
        body["Healthcheck"] = cs["Healthcheck"]
    mounts = []
    for m in _l(cs.get("Mounts")):
        if isinstance(m, dict):
            mounts.append({k: m.get(k) for k in ("Type", "Source", "Target", "ReadOnly", "BindOptions",
                                                  "TmpfsOptions") if m.get(k) is not None})
    if mounts:
        hc["Mounts"] = mounts
    if cs.get("CapabilityAdd"):
        hc["CapAdd"] = cs["CapabilityAdd"]
    if cs.get("CapabilityDrop"):
        hc["CapDrop"] = cs["CapabilityDrop"]
    sec = []
    priv = _d(cs.get("Privileges"))
    seccomp = _d(priv.get("Seccomp"))
    if seccomp.get("Mode") == "unconfined":
        sec.append("seccomp=unconfined")
    elif seccomp.get("Mode") == "custom" and seccomp.get("Profile"):
        sec.append("seccomp=custom")
    apparmor = _d(priv.get("AppArmor"))
    if apparmor.get("Mode") == "disabled":
        sec.append("apparmor=unconfined")
    selinux = _d(priv.get("SELinuxContext"))
    if selinux.get("Disable"):
        sec.append("label=disable")
    if priv.get("NoNewPrivileges"):
        sec.append("no-new-privileges=true")
    if sec:
        hc["SecurityOpt"] = sec
    if cs.get("ReadOnly") is not None:
        hc["ReadonlyRootfs"] = bool(cs["ReadOnly"])
    if cs.get("Groups"):
        hc["GroupAdd"] = cs["Groups"]
    if cs.get("Sysctls"):
        hc["Sysctls"] = cs["Sysctls"]
    if cs.get("Ulimits"):
        hc["Ulimits"] = cs["Ulimits"]
    if cs.get("Init") is not None:
        hc["Init"] = cs["Init"]
    if cs.get("Hosts"):
        hc["ExtraHosts"] = cs["Hosts"]
    limits = _d(_d(tt.get("Resources")).get("Limits"))
    if limits.get("MemoryBytes"):
        hc["Memory"] = limits["MemoryBytes"]
    if limits.get("NanoCPUs"):
        hc["NanoCpus"] = limits["NanoCPUs"]
    if limits.get("Pids"):
        hc["PidsLimit"] = limits["Pids"]
    rp = _d(tt.get("RestartPolicy"))
    cond = rp.get("Condition")
    if cond:
        hc["RestartPolicy"] = {"Name": {"any": "always", "none": "no"}.get(cond, cond),
                               "MaximumRetryCount": rp.get("MaxAttempts") or 0}
    nets = [_d(n).get("Target") for n in _l(tt.get("Networks")) + _l(spec.get("Networks"))]
    if "host" in nets:
        hc["NetworkMode"] = "host"
    log = _d(tt.get("LogDriver"))
    if log.get("Name"):
        hc["LogConfig"] = {"Type": log["Name"], "Config": _d(log.get("Options"))}
    body["HostConfig"] = hc
    return body


class Decider:
    """Decides AuthZ requests with a rule engine and a policy. Build once; `decide` per request."""

    def __init__(self, policy: Policy, engine: Any, ruleset: Any = None,
                 from_create_body: Callable[..., Any] | None = None):
        if from_create_body is None:
            from dockguard.sources.engine_api import from_create_body
        self.policy = policy
        self.engine = engine
        self.ruleset = ruleset if ruleset is not None else engine.ruleset
        self._from_body = from_create_body
        self._baselines: dict[str, set[tuple[str, str]]] = {}
        self._handlers = {
            "container.create": self._container_create,
            "container.update": self._container_update,
            "container.start": self._container_start,
            "exec.create": self._exec_create,
            "volume.create": self._volume_create,
            "plugin.install": self._plugin_install,
            "plugin.create": self._plugin_install,
            "service.create": self._service,
            "service.update": self._service,
            "image.pull": self._image_pull,
        }

    # -- the entry point ------------------------------------------------------------------------
    def decide(self, req: Any) -> Decision:
        start = time.perf_counter()
        try:
            decision = self._decide(req)
        except Refused as exc:
            decision = Decision(False, f"dockguard: denied: {exc.reason}", route="invalid", reason=exc.reason)
        except Exception as exc:  # fail closed: a bug must not let a request through
            reason = f"internal error: {type(exc).__name__}: {exc}"
            decision = Decision(False, "dockguard: denied: internal error while deciding (see the plugin log)",
                                route="error", reason=reason[:500])
        if not decision.allow and self.policy.audit_only:
            decision.allow = True
            decision.would_deny = True
        decision.latency = time.perf_counter() - start
        return decision

    def _decide(self, req: Any) -> Decision:
        if not isinstance(req, dict):
            raise Refused("the authorization request is not a JSON object")
        method = str(req.get("RequestMethod") or "").upper()
        uri = req.get("RequestUri")
        if not isinstance(uri, str) or not uri.startswith("/"):
            raise Refused("the authorization request has no RequestUri")
        path, query = clean_path(uri)
        route = route_of(method, path)
        if route in ("always", "default"):
            return Decision(True, route=route)
        user = str(req.get("User") or "")
        try:
            decision = self._handlers[route](req, path, query, user)
        except Refused as exc:
            decision = Decision(False, f"dockguard: denied: {exc.reason}", reason=exc.reason)
        decision.route = route
        return decision

    # -- rules ------------------------------------------------------------------------------------
    def _judge(self, findings: list[Finding], user: str, image: str | None, labels: dict[str, str] | None,
               what: str = "") -> Decision:
        deny: dict[str, list[Finding]] = {}
        logged: list[str] = []
        errors: list[str] = []
        policy = self.policy
        for f in findings:
            rid = f.rule_id
            if rid == RULE_ERROR_ID:
                errors.append(f.message)
                continue
            action = policy.action_for_rule(rid, f.severity)
            if action == "deny" and policy.exempt and policy.exemption(rid, user, image, labels) is not None:
                action = "log"
            if action == "deny":
                deny.setdefault(rid, []).append(f)
            elif rid not in logged:
                logged.append(rid)
        if errors:
            return Decision(False, "dockguard: denied: a rule failed on this request (see the plugin log)",
                            denied=list(deny), logged=logged, reason="; ".join(errors)[:500])
        if not deny:
            return Decision(True, denied=[], logged=logged)
        parts = []
        for rid, fs in deny.items():
            f = fs[0]
            detail = "; ".join(dict.fromkeys(x.message for x in fs))
            fix = short(f.remediation)
            parts.append(f"{rid} ({f.title}): {detail}" + (f". Fix: {fix}" if fix else ""))
        prefix = f"dockguard: denied {what}by " if what else "dockguard: denied by "
        return Decision(False, prefix + " | ".join(parts), denied=list(deny), logged=logged)

    def _check_spec(self, spec: Any) -> list[Finding]:
        return self.engine.check(spec, "container", spec.path)

    def _delta(self, key: str, body: dict, name: str) -> list[Finding]:
        """Findings of `body` that a create body without these settings does not have."""
        base = self._baselines.get(key)
        if base is None:
            base = {(f.rule_id, f.message) for f in self._check_spec(self._from_body({}, name=name))}
            self._baselines[key] = base
        return [f for f in self._check_spec(self._from_body(body, name=name)) if (f.rule_id, f.message) not in base]

    def _check(self, check: str, configured: str, user: str, message: str, fix: str,
               image: str | None = None, labels: dict[str, str] | None = None) -> Decision:
        action = self.policy.action_for_check(check, configured)
        if action == "deny" and self.policy.exempt and self.policy.exemption(check, user, image, labels):
            action = "log"
        if action == "deny":
            return Decision(False, f"dockguard: denied by {check}: {message}. Fix: {fix}", denied=[check])
        if action == "log":
            return Decision(True, logged=[check])
        return Decision(True)

    @staticmethod
    def _merge(first: Decision, second: Decision) -> Decision:
        if first.allow and second.allow:
            return Decision(True, logged=first.logged + second.logged)
        msgs = [d.msg for d in (first, second) if not d.allow]
        return Decision(False, " | ".join(msgs), denied=first.denied + second.denied,
                        logged=first.logged + second.logged, reason=first.reason or second.reason)

    # -- routes -----------------------------------------------------------------------------------
    def _container_create(self, req, path, query, user) -> Decision:
        body = read_body(req)
        if not isinstance(body, dict):
            raise Refused("container create body is not a JSON object")
        name = (query.get("name") or [None])[0]
        spec = self._from_body(body, name=name or None)
        return self._judge(self._check_spec(spec), user, spec.image, spec.labels)

    def _container_update(self, req, path, query, user) -> Decision:
        body = read_body(req)
        if not isinstance(body, dict):
            raise Refused("container update body is not a JSON object")
        host_config = {k: v for k, v in body.items()}
        findings = self._delta("update", {"HostConfig": host_config}, "container update request")
        return self._judge(findings, user, None, None, "update ")

    def _container_start(self, req, path, query, user) -> Decision:
        headers = req.get("RequestHeaders")
        te = _header(headers, "Transfer-Encoding") or ""
        length = _header(headers, "Content-Length") or ""
        has_body = bool(req.get("RequestBody")) or "chunked" in te.lower() or length.strip() not in ("", "0")
        if not has_body:
            return Decision(True)
        body = read_body(req)
        if body is None or body == {}:
            return Decision(True)
        if not isinstance(body, dict):
            raise Refused("container start body is not a JSON object")
        findings = self._delta("start", {"HostConfig": body}, "container start request")
        return self._judge(findings, user, None, None, "start ")

    def _exec_create(self, req, path, query, user) -> Decision:
        body = read_body(req)
        if not isinstance(body, dict):
            raise Refused("exec create body is not a JSON object")
        result = Decision(True)
        if body.get("Privileged") is True:
            result = self._merge(result, self._check(
                "exec.privileged", self.policy.exec_privileged, user,
                "privileged exec (docker exec --privileged) gives the process every capability on the host",
                "run docker exec without --privileged"))
        exec_user = body.get("User")
        if isinstance(exec_user, str) and exec_user and _is_root(exec_user):
            result = self._merge(result, self._check(
                "exec.root", self.policy.exec_root, user, f"exec as user {exec_user!r}",
                "run docker exec with --user <non-root uid>, or without --user to keep the container's user"))
        return result

    def _volume_create(self, req, path, query, user) -> Decision:
        body = read_body(req)
        if not isinstance(body, dict):
            raise Refused("volume create body is not a JSON object")
        driver = str(body.get("Driver") or "local")
        opts = _d(body.get("DriverOpts"))
        o = str(opts.get("o") or "")
        bind = any(x.strip() in ("bind", "rbind") for x in o.split(","))
        device = str(opts.get("device") or "")
        if driver != "local" or not (bind and device):
            return Decision(True)
        labels = {str(k): str(v) for k, v in _d(body.get("Labels")).items()}
        findings = self._delta(
            "volume", {"HostConfig": {"Mounts": [{"Type": "bind", "Source": device, "Target": "/volume"}]}},
            "volume create request")
        by_rules = self._judge(findings, user, None, labels, f"volume {body.get('Name') or ''} ".replace("  ", " "))
        by_check = self._check(
            "volumes.bind", self.policy.volumes_bind, user,
            f"local volume binding the host path {device}",
            "use a plain named volume (no o=bind/device driver options)", None, labels)
        return self._merge(by_rules, by_check)

    def _plugin_install(self, req, path, query, user) -> Decision:
        remote = (query.get("remote") or query.get("name") or [""])[0]
        if path.startswith("/plugins/") and path.endswith("/upgrade") and not remote:
            remote = path.split("/")[2]
        if self.policy.plugin_allowed(remote):
            if path != "/plugins/create":
                privileges = read_body(req)  # an allowed plugin still needs its privileges seen
                if not isinstance(privileges, list):
                    raise Refused("plugin privileges body is not a JSON list")
            return Decision(True, logged=["plugins.install"])
        return self._check(
            "plugins.install", self.policy.plugins_install, user,
            f"installing plugin {remote or '(unnamed)'}: plugins run with the privileges they ask for",
            "ask an administrator to add the plugin to plugins.allow in the dockguard policy")

    def _service(self, req, path, query, user) -> Decision:
        body = read_body(req)
        if not isinstance(body, dict):
            raise Refused("service body is not a JSON object")
        name = str(body.get("Name") or "") or None
        spec = self._from_body(swarm_to_create_body(body), name=f"service {name}" if name else "service")
        return self._judge(self._check_spec(spec), user, spec.image, spec.labels, "service ")

    def _image_pull(self, req, path, query, user) -> Decision:
        image = (query.get("fromImage") or [""])[0]
        if not image:
            return Decision(True)  # an import (fromSrc) or a malformed request dockerd rejects
        tag = (query.get("tag") or [""])[0]
        if self.policy.pull_allowed(image):
            return Decision(True)
        registry = normalise_repository(image).split("/", 1)[0]
        shown = f"{image}:{tag}" if tag and ":" not in image.rsplit("/", 1)[-1] else image
        allowed = ", ".join(self.policy.pull_allow)
        return self._check(
            "pull.registry", "deny", user,
            f"pull of {shown}: registry {registry} is not in the allow-list ({allowed})",
            "pull from an allowed registry, or add it to pull.allow_registries in the dockguard policy",
            image=image)


def build_decider(policy_path: str | None = None, config: Any = None, audit_only: bool | None = None) -> Decider:
    """Load the container rules, the configuration and the policy; everything a request needs."""
    from dockguard.config import Config
    from dockguard.engine import Engine
    from dockguard.enforce.policy import load_policy
    from dockguard.rules.loader import load_rules

    config = config or Config()
    ruleset = load_rules(("container",))
    policy = load_policy(policy_path, config, ruleset)
    if audit_only is not None:
        policy.audit_only = policy.audit_only or audit_only
    engine = Engine(ruleset, config)
    decider = Decider(policy, engine, ruleset)
    # warm up: the first request pays no first-use costs
    decider.decide({"RequestMethod": "POST", "RequestUri": "/containers/create",
                    "RequestBody": base64.b64encode(b'{"Image":"warmup"}').decode()})
    return decider


__all__ = ["Decider", "Decision", "MAX_BODY", "Refused", "build_decider", "clean_path", "read_body", "route_of",
           "Severity"]
