"""Parsing shared by the ContainerSpec sources: sizes, CPUs, ports, volumes, mounts, security options.

Each function reads one setting as the docker CLI, compose or the Engine API spell it and returns
the model's representation; a value that cannot be read raises ValueError with a short message.
"""

from __future__ import annotations

import csv
import re

from dockguard.model.container import ContainerSpec, Device, Mount, PortBinding, Ulimit

_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4, "p": 1024**5}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b?)\s*$", re.I)
_K8S_SUFFIX = {
    "Ki": 1024, "Mi": 1024**2, "Gi": 1024**3, "Ti": 1024**4, "Pi": 1024**5, "Ei": 1024**6,
    "k": 1000, "K": 1000, "M": 1000**2, "G": 1000**3, "T": 1000**4, "P": 1000**5, "E": 1000**6, "m": 0.001,
}

# Bind-mount options of `-v` and compose short syntax.
_PROPAGATIONS = {"shared", "rshared", "slave", "rslave", "private", "rprivate"}


def parse_size(value) -> int:
    """`512m`, `1g`, `1.5G`, `1024`, `512mb` -> bytes (docker's RAMInBytes, binary units)."""
    if isinstance(value, bool):
        raise ValueError(f"invalid size {value!r}")
    if isinstance(value, (int, float)):
        return int(value)
    text = str(value).strip()
    if text in ("-1",):
        return -1
    m = _SIZE.match(text)
    if not m:
        raise ValueError(f"invalid size {value!r}")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def parse_k8s_quantity(value) -> float:
    """Kubernetes quantity (`512Mi`, `1G`, `500m`, `0.5`) -> a number (bytes or cores)."""
    text = str(value).strip()
    m = re.match(r"^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)([A-Za-z]*)$", text)
    if not m or (m.group(2) and m.group(2) not in _K8S_SUFFIX):
        raise ValueError(f"invalid quantity {value!r}")
    return float(m.group(1)) * (_K8S_SUFFIX[m.group(2)] if m.group(2) else 1)


def parse_cpus(value) -> int:
    """`1.5` -> nano-CPUs."""
    try:
        return int(round(float(str(value).strip()) * 1e9))
    except ValueError:
        raise ValueError(f"invalid CPU count {value!r}") from None


def norm_cap(cap: str) -> str:
    cap = str(cap).strip().upper()
    return cap[4:] if cap.startswith("CAP_") else cap


def parse_ports(value: str, line: int | None = None) -> list[PortBinding]:
    """`-p` / compose short syntax: `80`, `8080:80`, `127.0.0.1:8080:80`, `[::1]:80:80`, `1-3:1-3/udp`."""
    text = str(value).strip()
    proto = "tcp"
    if "/" in text:
        text, proto = text.rsplit("/", 1)
        proto = proto.lower() or "tcp"
    host_ip: str | None = None
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            raise ValueError(f"invalid port {value!r}")
        host_ip = text[1:end]
        rest = text[end + 1:]
        rest = rest[1:] if rest.startswith(":") else rest
        parts = rest.split(":")
        if len(parts) != 2:
            raise ValueError(f"invalid port {value!r}")
        host_port, cport = parts
    else:
        parts = text.split(":")
        if len(parts) == 1:
            host_port, cport = None, parts[0]
        elif len(parts) == 2:
            host_port, cport = parts
        elif len(parts) == 3:
            host_ip, host_port, cport = parts
        else:  # an unbracketed IPv6 address
            host_ip, host_port, cport = ":".join(parts[:-2]), parts[-2], parts[-1]
    if not re.fullmatch(r"\d+(-\d+)?", cport or ""):
        raise ValueError(f"invalid port {value!r}")
    if host_port is not None and host_port != "" and not re.fullmatch(r"\d+(-\d+)?", host_port):
        raise ValueError(f"invalid port {value!r}")
    if host_port is None and host_ip is None:
        return [PortBinding(container_port=cport, protocol=proto, line=line)]
    return [PortBinding(container_port=cport, protocol=proto, host_ip=host_ip or "", host_port=host_port or "", line=line)]


def is_host_path(source: str) -> bool:
    return source.startswith(("/", ".", "~")) or bool(re.match(r"^[A-Za-z]:[\\/]", source)) or source.startswith("\\\\")


def parse_volume(value: str, line: int | None = None, base_dir: str | None = None) -> Mount:
    """`-v` / compose short syntax: `/host:/ctr:ro,z`, `name:/ctr`, `/ctr` (anonymous volume)."""
    text = str(value).strip()
    parts = text.split(":")
    # a Windows drive letter in the source (`C:\\x:/y`)
    if len(parts) >= 3 and len(parts[0]) == 1 and parts[0].isalpha() and parts[1].startswith(("\\", "/")):
        parts = [parts[0] + ":" + parts[1]] + parts[2:]
    if len(parts) == 1:
        return Mount(type="volume", target=parts[0], line=line)
    source, target = parts[0], parts[1]
    opts = tuple(o for o in (parts[2].split(",") if len(parts) > 2 else ()) if o)
    if not target:
        raise ValueError(f"invalid volume {value!r}")
    propagation = next((o for o in opts if o in _PROPAGATIONS), None)
    read_only = "ro" in opts or "readonly" in opts
    if is_host_path(source):
        return Mount(type="bind", target=target, source=source, read_only=read_only,
                     propagation=propagation, options=opts, line=line)
    return Mount(type="volume", target=target, source=source, read_only=read_only, options=opts, line=line)


_TRUE = {"", "1", "true", "yes"}


def parse_mount_csv(value: str, line: int | None = None) -> Mount:
    """`--mount type=bind,source=/x,target=/y,readonly,bind-propagation=rshared` (CSV, quoted fields)."""
    fields = next(csv.reader([value]))
    kv: dict[str, str] = {}
    opts: list[str] = []
    for f in fields:
        key, eq, val = f.partition("=")
        key = key.strip().lower()
        kv[key] = val.strip() if eq else ""
        if key.startswith("tmpfs-") or key.startswith("volume-opt"):
            opts.append(f"{key}={val}")
    mtype = kv.get("type", "volume")
    target = kv.get("target") or kv.get("dst") or kv.get("destination")
    if not target:
        raise ValueError(f"--mount {value!r} has no target")
    source = kv.get("source") or kv.get("src")
    ro = any(k in kv and kv[k].lower() in _TRUE for k in ("readonly", "ro"))
    size = None
    if "tmpfs-size" in kv:
        size = parse_size(kv["tmpfs-size"])
    return Mount(type=mtype, target=target, source=source, read_only=ro,
                 propagation=kv.get("bind-propagation"), options=tuple(opts), size=size, line=line)


def parse_tmpfs(value: str, line: int | None = None) -> Mount:
    """`/run:rw,noexec,nosuid,size=64m`."""
    target, _, opts = str(value).partition(":")
    options = tuple(o for o in opts.split(",") if o)
    size = None
    for o in options:
        if o.startswith("size="):
            try:
                size = parse_size(o[5:])
            except ValueError:
                pass
    return Mount(type="tmpfs", target=target, options=options, size=size, line=line)


def parse_device(value: str, line: int | None = None) -> Device:
    """`/dev/sda:/dev/xvda:rwm`."""
    parts = str(value).split(":")
    host = parts[0]
    container = host
    perms = "rwm"
    if len(parts) == 2:
        if re.fullmatch(r"[rwm]+", parts[1]):
            perms = parts[1]
        else:
            container = parts[1]
    elif len(parts) >= 3:
        container, perms = parts[1] or host, parts[2] or "rwm"
    return Device(host_path=host, container_path=container, permissions=perms, line=line)


def parse_ulimit(value: str) -> Ulimit:
    """`nofile=1024:2048`, `nproc=512`, `core=-1`."""
    name, eq, limits = str(value).partition("=")
    if not eq:
        raise ValueError(f"invalid ulimit {value!r}")
    soft, _, hard = limits.partition(":")
    try:
        s = int(soft)
        h = int(hard) if hard else s
    except ValueError:
        raise ValueError(f"invalid ulimit {value!r}") from None
    return Ulimit(name=name.strip(), soft=s, hard=h)


def parse_restart(value: str) -> tuple[str, int | None]:
    name, _, count = str(value).partition(":")
    name = name.strip() or "no"
    if name not in ("no", "always", "unless-stopped", "on-failure"):
        raise ValueError(f"invalid restart policy {value!r}")
    return name, (int(count) if count.strip() else None)


def apply_security_opt(spec: ContainerSpec, opt: str, line: int | None = None) -> None:
    """Record one `--security-opt` value (`key=value` or the legacy `key:value`)."""
    opt = str(opt).strip()
    spec.security_opt.append(opt)
    m = re.match(r"^([a-z-]+)(?:[=:](.*))?$", opt, re.S)
    if not m:
        return
    key, val = m.group(1), m.group(2)
    lines = spec.lines
    if key == "no-new-privileges":
        spec.no_new_privileges = val is None or val.strip().lower() in ("true", "1", "")
        if line is not None:
            lines["no_new_privileges"] = line
    elif key == "seccomp" and val is not None:
        spec.seccomp = val
        if line is not None:
            lines["seccomp"] = line
    elif key == "apparmor" and val is not None:
        spec.apparmor = val
        if line is not None:
            lines["apparmor"] = line
    elif key == "label" and val is not None:
        spec.selinux = val if spec.selinux is None or val == "disable" else spec.selinux + "," + val
        if line is not None:
            lines["selinux"] = line
    elif key == "systempaths" and (val or "").strip() == "unconfined":
        spec.systempaths_unconfined = True
        if line is not None:
            lines["systempaths_unconfined"] = line
    if line is not None:
        lines.setdefault("security_opt", line)


def split_user(user: str) -> tuple[str, str | None]:
    name, _, group = str(user).partition(":")
    return name, (group or None)
