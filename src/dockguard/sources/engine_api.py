"""Engine API -> ContainerSpec: the body of `POST /containers/create`, and `docker inspect` output.

`from_create_body(body)` reads the request an authorization plugin sees: the top-level Config fields
(`Image`, `User`, `Env`, `Cmd`, `Healthcheck`, `ExposedPorts`, `Labels`), `HostConfig` and
`NetworkingConfig`. `from_inspect(inspect, image_config)` reads a live container (HostConfig, Config,
Mounts, NetworkSettings.Networks, AppArmorProfile, State) and the image's config for its default user.
Unknown or malformed fields never raise: what cannot be read is recorded in `spec.unresolved`.
"""

from __future__ import annotations

from typing import Any

from dockguard.model.container import ContainerSpec, Device, Mount, PortBinding, Ulimit
from dockguard.sources.container_common import apply_security_opt, norm_cap, parse_tmpfs, parse_volume


def _d(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list:
    return value if isinstance(value, list) else []


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _env(spec: ContainerSpec, env: Any) -> None:
    for item in _l(env):
        if not isinstance(item, str):
            continue
        key, eq, val = item.partition("=")
        spec.env[key] = val if eq else None


def _apply_config(spec: ContainerSpec, cfg: dict) -> None:
    """Top-level Config fields (also `.Config` of inspect output)."""
    if cfg.get("Image"):
        spec.image = str(cfg["Image"])
    if cfg.get("User"):
        spec.user = str(cfg["User"])
    cmd = cfg.get("Cmd")
    if isinstance(cmd, list):
        spec.command = [str(c) for c in cmd]
    elif isinstance(cmd, str):
        spec.command = [cmd]
    _env(spec, cfg.get("Env"))
    hc = cfg.get("Healthcheck")
    if isinstance(hc, dict) and hc.get("Test"):
        test = hc["Test"]
        spec.healthcheck = not (isinstance(test, list) and test and test[0] == "NONE")
    labels = cfg.get("Labels")
    if isinstance(labels, dict):
        spec.labels.update({str(k): str(v) for k, v in labels.items()})
    for port in _d(cfg.get("ExposedPorts")):
        cport, _, proto = str(port).partition("/")
        if not any(p.container_port == cport and p.protocol == (proto or "tcp") for p in spec.ports):
            spec.ports.append(PortBinding(container_port=cport, protocol=proto or "tcp"))
    if cfg.get("MacAddress"):
        spec.mac_address = str(cfg["MacAddress"])


def _apply_host_config(spec: ContainerSpec, hc: dict) -> None:
    spec.privileged = bool(hc.get("Privileged"))
    spec.cap_add = [norm_cap(c) for c in _l(hc.get("CapAdd")) if isinstance(c, str)]
    spec.cap_drop = [norm_cap(c) for c in _l(hc.get("CapDrop")) if isinstance(c, str)]
    for opt in _l(hc.get("SecurityOpt")):
        if isinstance(opt, str):
            apply_security_opt(spec, opt)
    if hc.get("ReadonlyRootfs") is not None:
        spec.read_only_rootfs = bool(hc.get("ReadonlyRootfs"))
    spec.group_add = [str(g) for g in _l(hc.get("GroupAdd"))]
    nm = hc.get("NetworkMode")
    if nm:
        spec.network_mode = str(nm)
    for field, key in (("pid_mode", "PidMode"), ("ipc_mode", "IpcMode"), ("uts_mode", "UTSMode"),
                       ("userns_mode", "UsernsMode"), ("cgroupns_mode", "CgroupnsMode")):
        if hc.get(key):
            setattr(spec, field, str(hc[key]))
    for bind in _l(hc.get("Binds")):
        try:
            spec.mounts.append(parse_volume(str(bind)))
        except ValueError as exc:
            spec.unresolved.append(f"HostConfig.Binds: {exc}")
    for m in _l(hc.get("Mounts")):
        if not isinstance(m, dict) or not m.get("Target"):
            continue
        opts: list[str] = []
        size = None
        tmpfs = _d(m.get("TmpfsOptions"))
        if tmpfs.get("SizeBytes"):
            size = _int(tmpfs["SizeBytes"])
        for opt in _l(tmpfs.get("Options")):
            if isinstance(opt, list):
                opts.append("=".join(str(o) for o in opt))
        spec.mounts.append(Mount(
            type=str(m.get("Type") or "volume"), target=str(m["Target"]),
            source=(str(m["Source"]) if m.get("Source") else None), read_only=bool(m.get("ReadOnly")),
            propagation=_d(m.get("BindOptions")).get("Propagation") or None, options=tuple(opts), size=size,
        ))
    for target, opts in _d(hc.get("Tmpfs")).items():
        spec.mounts.append(parse_tmpfs(f"{target}:{opts or ''}"))
    spec.volumes_from = [str(v) for v in _l(hc.get("VolumesFrom"))]
    for dev in _l(hc.get("Devices")):
        if isinstance(dev, dict) and dev.get("PathOnHost"):
            spec.devices.append(Device(host_path=str(dev["PathOnHost"]),
                                       container_path=str(dev.get("PathInContainer") or dev["PathOnHost"]),
                                       permissions=str(dev.get("CgroupPermissions") or "rwm")))
    spec.device_cgroup_rules = [str(r) for r in _l(hc.get("DeviceCgroupRules"))]
    for req in _l(hc.get("DeviceRequests")):
        if isinstance(req, dict):
            spec.device_requests.append(",".join(f"{k}={v}" for k, v in req.items() if v))
    # resources: 0 means unset in the API
    for field, key in (("memory", "Memory"), ("memory_reservation", "MemoryReservation"),
                       ("nano_cpus", "NanoCpus"), ("cpu_shares", "CpuShares"), ("cpu_quota", "CpuQuota"),
                       ("cpu_period", "CpuPeriod"), ("shm_size", "ShmSize")):
        v = _int(hc.get(key))
        if v:
            setattr(spec, field, v)
    swap = _int(hc.get("MemorySwap"))
    if swap:
        spec.memory_swap = swap
    if hc.get("CpusetCpus"):
        spec.cpuset_cpus = str(hc["CpusetCpus"])
    pids = _int(hc.get("PidsLimit"))
    if pids is not None:
        spec.pids_limit = pids
    for u in _l(hc.get("Ulimits")):
        if isinstance(u, dict) and u.get("Name"):
            spec.ulimits.append(Ulimit(name=str(u["Name"]), soft=_int(u.get("Soft")) or 0, hard=_int(u.get("Hard")) or 0))
    spec.oom_kill_disable = bool(hc.get("OomKillDisable"))
    if _int(hc.get("OomScoreAdj")):
        spec.oom_score_adj = _int(hc.get("OomScoreAdj"))
    if hc.get("CgroupParent"):
        spec.cgroup_parent = str(hc["CgroupParent"])
    spec.storage_opt = {str(k): str(v) for k, v in _d(hc.get("StorageOpt")).items()}
    rp = _d(hc.get("RestartPolicy"))
    if rp.get("Name"):
        spec.restart_policy = str(rp["Name"])
        spec.restart_max_retries = _int(rp.get("MaximumRetryCount"))
    if hc.get("Init") is not None:
        spec.init = bool(hc["Init"])
    for port, bindings in _d(hc.get("PortBindings")).items():
        cport, _, proto = str(port).partition("/")
        spec.ports = [p for p in spec.ports if not (p.container_port == cport and p.host_port is None)]
        for b in _l(bindings) or [{}]:
            b = _d(b)
            spec.ports.append(PortBinding(container_port=cport, protocol=proto or "tcp",
                                          host_ip=str(b.get("HostIp") or ""), host_port=str(b.get("HostPort") or "")))
    spec.publish_all = bool(hc.get("PublishAllPorts"))
    spec.dns = [str(d) for d in _l(hc.get("Dns"))]
    spec.extra_hosts = [str(h) for h in _l(hc.get("ExtraHosts"))]
    log = _d(hc.get("LogConfig"))
    if log.get("Type"):
        spec.log_driver = str(log["Type"])
        spec.log_options = {str(k): str(v) for k, v in _d(log.get("Config")).items()}
    if hc.get("Runtime"):
        spec.runtime = str(hc["Runtime"])
    spec.sysctls = {str(k): str(v) for k, v in _d(hc.get("Sysctls")).items()}
    if isinstance(hc.get("MaskedPaths"), list):
        spec.masked_paths = [str(p) for p in hc["MaskedPaths"]]
        if not spec.masked_paths:
            spec.systempaths_unconfined = True


def _networks(spec: ContainerSpec, networks: Any) -> None:
    for name in _d(networks):
        if name not in ("bridge", "host", "none", "default") and name not in spec.networks:
            spec.networks.append(str(name))


def from_create_body(body: dict, name: str | None = None) -> ContainerSpec:
    """The JSON body of `POST /containers/create` (query `name` as `name`)."""
    body = _d(body)
    spec = ContainerSpec(name=name or "container create request", source="engine-api", path="engine-api")
    _apply_config(spec, body)
    _apply_host_config(spec, _d(body.get("HostConfig")))
    _networks(spec, _d(body.get("NetworkingConfig")).get("EndpointsConfig"))
    if spec.network_mode and spec.network_mode not in ("default", "bridge", "host", "none") \
            and not spec.network_mode.startswith("container:") and spec.network_mode not in spec.networks:
        spec.networks.append(spec.network_mode)
    return spec


def from_inspect(inspect: dict, image_config: dict | None = None, path: str = "docker") -> ContainerSpec:
    """`docker inspect` of a container, with the image's `Config` (for its default user), if known."""
    inspect = _d(inspect)
    name = str(inspect.get("Name") or inspect.get("Id", "")[:12]).lstrip("/")
    spec = ContainerSpec(name=name, source="docker", path=path)
    cfg = _d(inspect.get("Config"))
    _apply_config(spec, cfg)
    hc = _d(inspect.get("HostConfig"))
    binds_and_mounts = bool(hc.get("Binds") or hc.get("Mounts"))
    _apply_host_config(spec, hc)
    # .Mounts is the effective list (binds, mounts, volumes from the image); prefer it
    mounts = _l(inspect.get("Mounts"))
    if mounts or binds_and_mounts:
        tmpfs = [m for m in spec.mounts if m.type == "tmpfs"]
        spec.mounts = []
        for m in mounts:
            if not isinstance(m, dict) or not m.get("Destination"):
                continue
            mtype = str(m.get("Type") or "volume")
            source = m.get("Source") if mtype == "bind" else (m.get("Name") or m.get("Source"))
            spec.mounts.append(Mount(type=mtype, target=str(m["Destination"]), source=str(source) if source else None,
                                     read_only=not m.get("RW", True), propagation=m.get("Propagation") or None))
        spec.mounts += [m for m in tmpfs if not any(x.target == m.target for x in spec.mounts)]
    spec.image = str(cfg.get("Image") or inspect.get("Image") or "") or None
    aa = inspect.get("AppArmorProfile")
    if aa and spec.apparmor is None:
        spec.apparmor = str(aa)
    _networks(spec, _d(inspect.get("NetworkSettings")).get("Networks"))
    state = _d(inspect.get("State"))
    if state.get("Status"):
        spec.state = str(state["Status"])
    img = _d(image_config)
    if image_config is not None:
        spec.image_user = str(img.get("User") or "")
        # Config.User of a container already holds the image's user when none was given; tell them apart
        if spec.user is not None and spec.user == spec.image_user:
            spec.user = None
        ihc = img.get("Healthcheck")
        if spec.healthcheck is None and isinstance(ihc, dict) and ihc.get("Test"):
            spec.healthcheck = ihc["Test"][:1] != ["NONE"]
        if spec.healthcheck is None:
            spec.healthcheck = False
    return spec
