"""Compose files -> one ContainerSpec per service, with the line of every setting.

Handles the compose specification and the legacy v1/v2/v3 files: `${VAR}`/`${VAR:-default}`/`${VAR?err}`/
`$$` interpolation from the process environment and the `.env` beside the file, YAML anchors and merge
keys, `extends` (same file or another), `include`, profiles (every service is audited, its profiles
noted), `deploy.resources` and `deploy.restart_policy`, long and short volume/port syntax, secrets,
configs, networks, and every runtime key of a service. Variables left unset are listed in
`spec.unresolved`.
"""

from __future__ import annotations

import os
import re
from typing import Any

from dockguard.errors import InputError
from dockguard.model.container import ContainerSpec, Device, Mount, PortBinding, Ulimit
from dockguard.sources import container_common as cc
from dockguard.sources.yaml_lines import LDict, LList, YamlError, load_all, walk_strings

COMPOSE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
_SERVICE_KEYS = {"image", "build", "command", "ports", "volumes", "environment", "depends_on", "restart",
                 "networks", "entrypoint", "container_name", "privileged", "deploy", "extends"}


def is_compose_name(path: str) -> bool:
    base = os.path.basename(path).lower()
    return base in COMPOSE_NAMES or bool(re.match(r"^(docker-)?compose[.\w-]*\.ya?ml$", base))


# ---------------------------------------------------------------- interpolation

def read_dotenv(path: str) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return out
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[7:].lstrip()
        key, eq, val = line.partition("=")
        if not eq:
            continue
        val = val.strip()
        if len(val) >= 2 and val[0] == val[-1] and val[0] in "'\"":
            val = val[1:-1]
        elif " #" in val:
            val = val.split(" #", 1)[0].rstrip()
        out[key.strip()] = val
    return out


class Interpolator:
    def __init__(self, env: dict[str, str]):
        self.env = env
        self.unset: list[str] = []

    def _note(self, msg: str) -> None:
        if msg not in self.unset:
            self.unset.append(msg)

    def sub(self, text: str) -> str:
        if "$" not in text:
            return text
        out: list[str] = []
        i, n = 0, len(text)
        while i < n:
            c = text[i]
            if c != "$":
                out.append(c)
                i += 1
                continue
            if i + 1 < n and text[i + 1] == "$":
                out.append("$")
                i += 2
                continue
            if i + 1 < n and text[i + 1] == "{":
                depth, j = 1, i + 2
                while j < n and depth:
                    if text[j] == "{":
                        depth += 1
                    elif text[j] == "}":
                        depth -= 1
                    j += 1
                if depth:
                    out.append(text[i:])
                    break
                out.append(self._braced(text[i + 2:j - 1]))
                i = j
                continue
            m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", text[i + 1:])
            if m:
                out.append(self._value(m.group(0), None, None))
                i += 1 + len(m.group(0))
                continue
            out.append("$")
            i += 1
        return "".join(out)

    def _braced(self, inner: str) -> str:
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?$", inner, re.S)
        if not m:
            self._note(f"${{{inner}}} (invalid)")
            return ""
        return self._value(m.group(1), m.group(2), m.group(3))

    def _value(self, name: str, op: str | None, arg: str | None) -> str:
        value = self.env.get(name)
        if op is None:
            if value is None:
                self._note(f"{name} (unset, defaults to an empty string)")
                return ""
            return value
        empty = value is None or (op.startswith(":") and value == "")
        if op.endswith("-"):
            return self.sub(arg or "") if empty else value
        if op.endswith("+"):
            return "" if empty else self.sub(arg or "")
        if empty:  # ? -> required
            self._note(f"{name} (required: {arg or 'unset'})")
            return ""
        return value


# ---------------------------------------------------------------- loading

def load_file(path: str, env: dict[str, str] | None = None) -> list[ContainerSpec]:
    """Read a compose file (and what it includes); raise InputError if it is not one."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
    return load_text(text, path, env)


def _environment(path: str, env: dict[str, str] | None) -> dict[str, str]:
    merged = read_dotenv(os.path.join(os.path.dirname(os.path.abspath(path)), ".env"))
    merged.update(os.environ if env is None else env)
    return merged


def _parse_doc(text: str, path: str) -> LDict:
    try:
        docs = load_all(text, path)
    except YamlError as exc:
        raise InputError(path, str(exc)) from None
    if not docs:
        raise InputError(path, "empty file, not a compose file")
    doc = docs[0]
    if not isinstance(doc, LDict):
        raise InputError(path, "not a compose file (the top level is not a mapping)")
    if "apiVersion" in doc and "kind" in doc:
        raise InputError(path, f"a Kubernetes manifest (kind {doc.get('kind')}), not a compose file")
    if "services" not in doc:
        # legacy v1: services at the top level
        if doc and all(isinstance(v, dict) and (set(v) & _SERVICE_KEYS) for k, v in doc.items()
                       if not str(k).startswith("x-") and k != "version"):
            legacy = LDict()
            legacy.line = doc.line
            legacy["services"] = LDict({k: v for k, v in doc.items() if k != "version"})
            legacy["services"].lines = dict(doc.lines)
            legacy.lines["services"] = doc.line
            return legacy
        raise InputError(path, "not a compose file (no top-level `services`)")
    if not isinstance(doc["services"], dict):
        raise InputError(path, "`services` is not a mapping")
    return doc


def load_text(text: str, path: str, env: dict[str, str] | None = None, _seen: set | None = None) -> list[ContainerSpec]:
    seen = _seen if _seen is not None else set()
    seen.add(os.path.abspath(path))
    doc = _parse_doc(text, path)
    environment = _environment(path, env)
    interp = Interpolator(environment)
    per_service: dict[str, list[str]] = {}
    for name, svc in list(doc["services"].items()):
        si = Interpolator(environment)
        for container, key in walk_strings(svc):
            container[key] = si.sub(container[key])
        per_service[str(name)] = si.unset
    for top in doc:
        if top != "services":
            for container, key in walk_strings({top: doc[top]}):
                if container is not None:
                    container[key] = interp.sub(container[key])
    base_dir = os.path.dirname(os.path.abspath(path))
    specs: list[ContainerSpec] = []
    # include: other compose files, each audited as its own file
    for i, item in enumerate(doc.get("include") or []):
        paths = []
        if isinstance(item, str):
            paths = [item]
        elif isinstance(item, dict):
            p = item.get("path")
            paths = p if isinstance(p, list) else [p] if p else []
        for p in paths:
            full = os.path.normpath(os.path.join(base_dir, str(p)))
            if os.path.abspath(full) in seen:
                continue
            try:
                with open(full, encoding="utf-8", errors="replace") as fh:
                    specs += load_text(fh.read(), full, env, seen)
            except OSError as exc:
                raise InputError(path, f"line {doc['include'].line_of(i)}: include {p}: {exc.strerror}") from None
    services: LDict = doc["services"]
    top_volumes = doc.get("volumes") if isinstance(doc.get("volumes"), dict) else {}
    volume_users: dict[str, list[str]] = {}
    for name in services:
        svc = services[name]
        if not isinstance(svc, LDict):
            raise InputError(path, f"line {services.line_of(name)}: service {name!r} is not a mapping")
        try:
            svc = _resolve_extends(svc, services, path, env, 0)
        except InputError:
            raise
        spec = _service(str(name), svc, path, services.line_of(name), base_dir, top_volumes or {})
        spec.unresolved += per_service.get(str(name), [])
        specs.append(spec)
        for m in spec.mounts:
            if m.type == "volume" and m.source and not m.read_only:
                users = volume_users.setdefault(m.source, [])
                if spec.name not in users:
                    users.append(spec.name)
    # named volumes written by more than one service
    for spec in specs:
        if spec.path != path:
            continue
        for m in spec.mounts:
            if m.type == "volume" and m.source and len(volume_users.get(m.source, [])) > 1:
                spec.shared_volumes[m.source] = [s for s in volume_users[m.source] if s != spec.name]
    return specs


_LIST_KEYS = {"cap_add", "cap_drop", "devices", "dns", "dns_search", "expose", "external_links", "links",
              "security_opt", "tmpfs", "volumes_from", "ports", "volumes", "secrets", "configs", "group_add"}


def _merge(base: Any, local: Any, key: str | None = None) -> Any:
    if isinstance(base, dict) and isinstance(local, dict):
        out = LDict(base)
        out.line = getattr(local, "line", None)
        out.lines = {k: None for k in base}  # lines of another place do not point into this mapping
        out.lines.update(getattr(base, "lines", {}) if getattr(base, "_same_file", False) else {})
        for k, v in local.items():
            out[k] = _merge(base[k], v, k) if k in base else v
            out.lines[k] = getattr(local, "lines", {}).get(k)
        out.lines = {k: v for k, v in out.lines.items() if v is not None}
        return out
    if isinstance(base, list) and isinstance(local, list) and key in _LIST_KEYS:
        out = LList(list(base) + [x for x in local if x not in base])
        out.line = getattr(local, "line", None)
        out.lines = [None] * len(base) + [ln for x, ln in zip(local, getattr(local, "lines", [])) if x not in base]
        return out
    return local


def _resolve_extends(svc: LDict, services: LDict, path: str, env, depth: int) -> LDict:
    ext = svc.get("extends")
    if not ext or depth > 10:
        return svc
    if isinstance(ext, str):
        target, file = ext, None
    elif isinstance(ext, dict):
        target, file = ext.get("service"), ext.get("file")
    else:
        return svc
    if file:
        full = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), str(file)))
        try:
            with open(full, encoding="utf-8", errors="replace") as fh:
                other = _parse_doc(fh.read(), full)
        except OSError as exc:
            raise InputError(path, f"line {svc.line_of('extends')}: extends file {file}: {exc.strerror}") from None
        interp = Interpolator(_environment(full, env))
        for c, k in walk_strings(other):
            c[k] = interp.sub(c[k])
        pool, pool_path = other["services"], full
    else:
        pool, pool_path = services, path
    base = pool.get(target)
    if not isinstance(base, LDict):
        raise InputError(path, f"line {svc.line_of('extends')}: extends an unknown service {target!r}")
    base = _resolve_extends(base, pool, pool_path, env, depth + 1)
    if pool_path == path:
        merged = LDict(base)
        merged.lines = dict(base.lines)
        merged.line = svc.line
        for k, v in svc.items():
            merged[k] = _merge(base[k], v, k) if k in base else v
            merged.lines[k] = svc.lines.get(k)
        return merged
    merged = _merge(base, svc)
    merged.line = svc.line
    return merged


# ---------------------------------------------------------------- one service

def _bool(v: Any) -> bool:
    if isinstance(v, str):
        return v.strip().lower() in ("true", "yes", "1", "on")
    return bool(v)


def _as_list(v: Any) -> list:
    if v is None:
        return []
    return list(v) if isinstance(v, list) else [v]


def _item_line(container: Any, i: int, default: int | None) -> int | None:
    if isinstance(container, LList):
        return container.line_of(i)
    return default


def _service(name: str, svc: LDict, path: str, line: int | None, base_dir: str, top_volumes: dict) -> ContainerSpec:
    spec = ContainerSpec(name=name, source="compose", path=path, line=line)
    L = svc.lines

    def mark(field: str, key: str) -> None:
        if key in L:
            spec.lines[field] = L[key]

    def note(key: str, exc: Exception) -> None:
        spec.unresolved.append(f"{key}: {exc}")

    spec.image = str(svc["image"]) if svc.get("image") is not None else None
    mark("image", "image")
    if svc.get("user") not in (None, ""):
        spec.user = str(svc["user"])
        mark("user", "user")
    if "privileged" in svc:
        spec.privileged = _bool(svc["privileged"])
        mark("privileged", "privileged")
    if "read_only" in svc:
        spec.read_only_rootfs = _bool(svc["read_only"])
        mark("read_only_rootfs", "read_only")
    for key, field in (("cap_add", "cap_add"), ("cap_drop", "cap_drop")):
        if key in svc:
            setattr(spec, field, [cc.norm_cap(c) for c in _as_list(svc[key])])
            mark(field, key)
    opts = svc.get("security_opt")
    for i, opt in enumerate(_as_list(opts)):
        cc.apply_security_opt(spec, str(opt), _item_line(opts, i, L.get("security_opt")))
    mark("security_opt", "security_opt")
    for key, field in (("pid", "pid_mode"), ("ipc", "ipc_mode"), ("uts", "uts_mode"), ("userns_mode", "userns_mode"),
                       ("cgroup", "cgroupns_mode"), ("network_mode", "network_mode"), ("cgroup_parent", "cgroup_parent"),
                       ("runtime", "runtime"), ("cpuset", "cpuset_cpus")):
        if svc.get(key) not in (None, ""):
            setattr(spec, field, str(svc[key]))
            mark(field, key)
    if spec.network_mode and spec.network_mode.startswith("service:"):
        spec.network_mode = "container:" + spec.network_mode[8:]
    nets = svc.get("networks")
    if isinstance(nets, dict):
        spec.networks = [str(n) for n in nets]
    elif isinstance(nets, list):
        spec.networks = [str(n) for n in nets]
    mark("networks", "networks")
    if "use_api_socket" in svc:
        spec.use_api_socket = _bool(svc["use_api_socket"])
        mark("use_api_socket", "use_api_socket")
    # volumes
    vols = svc.get("volumes")
    for i, v in enumerate(_as_list(vols)):
        ln = _item_line(vols, i, L.get("volumes"))
        try:
            m = _volume(v, ln)
        except ValueError as exc:
            note("volumes", exc)
            continue
        if m.type == "volume" and m.source and isinstance(top_volumes.get(m.source), dict):
            drv = top_volumes[m.source].get("driver_opts") or {}
            dev = drv.get("device") if isinstance(drv, dict) else None
            if dev and "bind" in str(drv.get("o", "")) or (dev and str(dev).startswith("/")):
                m = Mount(type="bind", target=m.target, source=str(dev), read_only=m.read_only,
                          propagation=m.propagation, options=m.options + (f"volume={m.source}",), line=ln)
        spec.mounts.append(m)
    mark("mounts", "volumes")
    tmpfs = svc.get("tmpfs")
    for i, t in enumerate(_as_list(tmpfs)):
        spec.mounts.append(cc.parse_tmpfs(str(t), _item_line(tmpfs, i, L.get("tmpfs"))))
    mark("tmpfs", "tmpfs")
    spec.volumes_from = [str(v) for v in _as_list(svc.get("volumes_from"))]
    devs = svc.get("devices")
    for i, d in enumerate(_as_list(devs)):
        ln = _item_line(devs, i, L.get("devices"))
        if isinstance(d, dict):
            spec.devices.append(Device(host_path=str(d.get("source", "")), container_path=str(d.get("target") or d.get("source", "")),
                                       permissions=str(d.get("permissions") or "rwm"), line=ln))
        else:
            spec.devices.append(cc.parse_device(str(d), ln))
    mark("devices", "devices")
    spec.device_cgroup_rules = [str(r) for r in _as_list(svc.get("device_cgroup_rules"))]
    mark("device_cgroup_rules", "device_cgroup_rules")
    if svc.get("gpus"):
        spec.device_requests.append(f"gpus={svc['gpus']}")
    # resources
    for key, field, fn in (("mem_limit", "memory", cc.parse_size), ("memswap_limit", "memory_swap", cc.parse_size),
                           ("mem_reservation", "memory_reservation", cc.parse_size), ("cpus", "nano_cpus", cc.parse_cpus),
                           ("cpu_shares", "cpu_shares", int), ("cpu_quota", "cpu_quota", int),
                           ("cpu_period", "cpu_period", int), ("pids_limit", "pids_limit", int),
                           ("shm_size", "shm_size", cc.parse_size), ("oom_score_adj", "oom_score_adj", int)):
        if svc.get(key) is not None:
            try:
                setattr(spec, field, fn(svc[key]))
                mark(field, key)
            except (ValueError, TypeError) as exc:
                note(key, exc)
    deploy = svc.get("deploy") if isinstance(svc.get("deploy"), LDict) else None
    if deploy is not None:
        res = deploy.get("resources") if isinstance(deploy.get("resources"), LDict) else None
        limits = res.get("limits") if res is not None and isinstance(res.get("limits"), LDict) else None
        reserv = res.get("reservations") if res is not None and isinstance(res.get("reservations"), LDict) else None
        if limits is not None:
            for key, field, fn in (("memory", "memory", cc.parse_size), ("cpus", "nano_cpus", cc.parse_cpus),
                                   ("pids", "pids_limit", int)):
                if limits.get(key) is not None:
                    try:
                        setattr(spec, field, fn(limits[key]))
                        spec.lines[field] = limits.lines[key]
                    except (ValueError, TypeError) as exc:
                        note(f"deploy.resources.limits.{key}", exc)
        if reserv is not None and reserv.get("memory") is not None:
            try:
                spec.memory_reservation = cc.parse_size(reserv["memory"])
            except ValueError as exc:
                note("deploy.resources.reservations.memory", exc)
        if reserv is not None and reserv.get("devices"):
            spec.device_requests.append("deploy.resources.reservations.devices")
        rp = deploy.get("restart_policy")
        if isinstance(rp, LDict) and "restart" not in svc:
            cond = str(rp.get("condition", "any"))
            spec.restart_policy = {"any": "always", "none": "no", "on-failure": "on-failure"}.get(cond, cond)
            if rp.get("max_attempts") is not None:
                try:
                    spec.restart_max_retries = int(rp["max_attempts"])
                except (TypeError, ValueError):
                    pass
            spec.lines["restart_policy"] = deploy.lines.get("restart_policy")
    ul = svc.get("ulimits")
    if isinstance(ul, dict):
        for k, v in ul.items():
            try:
                if isinstance(v, dict):
                    spec.ulimits.append(Ulimit(name=str(k), soft=int(v.get("soft", 0)), hard=int(v.get("hard", 0))))
                else:
                    spec.ulimits.append(Ulimit(name=str(k), soft=int(v), hard=int(v)))
            except (TypeError, ValueError) as exc:
                note(f"ulimits.{k}", exc)
        mark("ulimits", "ulimits")
    if "oom_kill_disable" in svc:
        spec.oom_kill_disable = _bool(svc["oom_kill_disable"])
        mark("oom_kill_disable", "oom_kill_disable")
    so = svc.get("storage_opt")
    if isinstance(so, dict):
        spec.storage_opt = {str(k): str(v) for k, v in so.items()}
    if svc.get("restart") not in (None, ""):
        try:
            spec.restart_policy, spec.restart_max_retries = cc.parse_restart(str(svc["restart"]))
        except ValueError as exc:
            note("restart", exc)
        mark("restart_policy", "restart")
    if "init" in svc:
        spec.init = _bool(svc["init"])
    hc = svc.get("healthcheck")
    if isinstance(hc, dict):
        test = hc.get("test")
        disabled = _bool(hc.get("disable")) or (isinstance(test, list) and test[:1] == ["NONE"]) or test == "NONE"
        spec.healthcheck = False if disabled else (True if test else None)
        mark("healthcheck", "healthcheck")
    # ports
    ports = svc.get("ports")
    for i, p in enumerate(_as_list(ports)):
        ln = _item_line(ports, i, L.get("ports"))
        try:
            if isinstance(p, dict):
                target = str(p.get("target", ""))
                published = p.get("published")
                spec.ports.append(PortBinding(container_port=target, protocol=str(p.get("protocol") or "tcp"),
                                              host_ip=str(p.get("host_ip") or ""),
                                              host_port=None if published is None else str(published), line=ln))
            else:
                spec.ports += cc.parse_ports(str(p), ln)
        except ValueError as exc:
            note("ports", exc)
    mark("ports", "ports")
    for p in _as_list(svc.get("expose")):
        try:
            spec.ports += cc.parse_ports(str(p))
        except ValueError:
            pass
    spec.dns = [str(d) for d in _as_list(svc.get("dns"))]
    eh = svc.get("extra_hosts")
    spec.extra_hosts = [f"{k}:{v}" for k, v in eh.items()] if isinstance(eh, dict) else [str(h) for h in _as_list(eh)]
    # environment
    for ef in _as_list(svc.get("env_file")):
        fname = ef.get("path") if isinstance(ef, dict) else ef
        if not fname:
            continue
        spec.env_files.append(str(fname))
        full = os.path.join(base_dir, str(fname))
        if os.path.exists(full):
            for k, v in read_dotenv(full).items():
                spec.env[k] = v
                spec.lines.setdefault(f"env:{k}", L.get("env_file"))
        elif not (isinstance(ef, dict) and ef.get("required") is False):
            spec.unresolved.append(f"env_file {fname}: not found")
    env = svc.get("environment")
    if isinstance(env, dict):
        for k, v in env.items():
            spec.env[str(k)] = None if v is None else str(v).lower() if isinstance(v, bool) else str(v)
            spec.lines[f"env:{k}"] = env.lines.get(k, L.get("environment"))
    elif isinstance(env, list):
        for i, item in enumerate(env):
            k, eq, v = str(item).partition("=")
            spec.env[k] = v if eq else None
            spec.lines[f"env:{k}"] = _item_line(env, i, L.get("environment"))
    mark("env", "environment")
    for key in ("secrets", "configs"):
        for s in _as_list(svc.get(key)):
            src = s.get("source") if isinstance(s, dict) else s
            if src and key == "secrets":
                spec.secrets.append(str(src))
    log = svc.get("logging")
    if isinstance(log, dict):
        if log.get("driver"):
            spec.log_driver = str(log["driver"])
        if isinstance(log.get("options"), dict):
            spec.log_options = {str(k): str(v) for k, v in log["options"].items()}
        mark("log_driver", "logging")
        mark("log_options", "logging")
    if svc.get("log_driver"):  # v2
        spec.log_driver = str(svc["log_driver"])
        mark("log_driver", "log_driver")
    if isinstance(svc.get("log_opt"), dict):
        spec.log_options.update({str(k): str(v) for k, v in svc["log_opt"].items()})
    sc = svc.get("sysctls")
    if isinstance(sc, dict):
        for k, v in sc.items():
            spec.sysctls[str(k)] = str(v)
            spec.lines[f"sysctl:{k}"] = sc.lines.get(k, L.get("sysctls"))
    elif isinstance(sc, list):
        for i, item in enumerate(sc):
            k, _, v = str(item).partition("=")
            spec.sysctls[k] = v
            spec.lines[f"sysctl:{k}"] = _item_line(sc, i, L.get("sysctls"))
    mark("sysctls", "sysctls")
    labels = svc.get("labels")
    if isinstance(labels, dict):
        spec.labels = {str(k): str(v) for k, v in labels.items()}
    spec.profiles = [str(p) for p in _as_list(svc.get("profiles"))]
    if svc.get("container_name"):
        spec.labels.setdefault("com.docker.compose.container_name", str(svc["container_name"]))
    if isinstance(svc.get("command"), list):
        spec.command = [str(c) for c in svc["command"]]
    elif svc.get("command") is not None:
        spec.command = [str(svc["command"])]
    spec.group_add = [str(g) for g in _as_list(svc.get("group_add"))]
    spec.lines = {k: v for k, v in spec.lines.items() if v is not None}
    return spec


def _volume(v: Any, line: int | None) -> Mount:
    if isinstance(v, dict):
        vtype = str(v.get("type") or "volume")
        target = v.get("target")
        if not target:
            raise ValueError(f"volume without target: {dict(v)}")
        bind = v.get("bind") if isinstance(v.get("bind"), dict) else {}
        tmpfs = v.get("tmpfs") if isinstance(v.get("tmpfs"), dict) else {}
        size = None
        if tmpfs.get("size") is not None:
            try:
                size = cc.parse_size(tmpfs["size"])
            except ValueError:
                pass
        return Mount(type=vtype, target=str(target), source=str(v["source"]) if v.get("source") else None,
                     read_only=_bool(v.get("read_only", False)), propagation=bind.get("propagation"), size=size, line=line)
    return cc.parse_volume(str(v), line)
