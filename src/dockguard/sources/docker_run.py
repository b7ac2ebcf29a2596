"""`docker run` command lines -> ContainerSpec, and the `docker run` lines inside other files.

`parse_command(text)` reads one command (`docker run`, `docker create`, `docker container run|create`,
`podman run|create`, behind `sudo`/`env`/`exec`/`time`), with the docker CLI's flag table: short and
long forms, `--flag=value` and `--flag value`, grouped short flags (`-itd`, `-dp80:80`), repeated flags.
`extract(text, path)` finds every such command in a shell script, Makefile, systemd unit or Markdown
code block, joining line continuations and resolving variables from the file's own assignments; what
cannot be resolved (an unset variable, `$(…)`, an unknown flag) is recorded in `spec.unresolved`.
Each setting remembers the physical line its flag is on, so findings point inside a continued command.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from dockguard.model.container import ContainerSpec
from dockguard.sources import container_common as cc


class RunSyntaxError(ValueError):
    pass


# ---------------------------------------------------------------- the docker CLI flag table
# long name -> setting key; the short aliases map to their long name.
VALUE_FLAGS = {
    "add-host", "annotation", "attach", "blkio-weight", "blkio-weight-device", "cap-add", "cap-drop",
    "cgroup-parent", "cgroupns", "cidfile", "cpu-count", "cpu-percent", "cpu-period", "cpu-quota",
    "cpu-rt-period", "cpu-rt-runtime", "cpu-shares", "cpus", "cpuset-cpus", "cpuset-mems", "detach-keys",
    "device", "device-cgroup-rule", "device-read-bps", "device-read-iops", "device-write-bps",
    "device-write-iops", "dns", "dns-opt", "dns-option", "dns-search", "domainname", "entrypoint", "env",
    "env-file", "expose", "gpus", "group-add", "health-cmd", "health-interval", "health-retries",
    "health-start-interval", "health-start-period", "health-timeout", "hostname", "io-maxbandwidth",
    "io-maxiops", "ip", "ip6", "ipc", "isolation", "kernel-memory", "label", "label-file", "link",
    "link-local-ip", "log-driver", "log-opt", "mac-address", "memory", "memory-reservation", "memory-swap",
    "memory-swappiness", "mount", "name", "network", "net", "network-alias", "net-alias", "oom-score-adj",
    "pid", "pids-limit", "platform", "publish", "pull", "restart", "runtime", "security-opt", "shm-size",
    "stop-signal", "stop-timeout", "storage-opt", "sysctl", "tmpfs", "ulimit", "user", "userns", "uts",
    "volume", "volume-driver", "volumes-from", "workdir", "cgroup-conf", "uidmap", "gidmap", "subuidname",
    "subgidname", "pod", "secret", "arch", "os", "variant", "authfile", "requires", "infra-name",
    "log-level", "systemd", "hostuser", "umask", "timezone", "chrootdirs", "init-path", "personality",
    "pidfile", "sdnotify", "seccomp-policy", "image-volume", "userns-uid-map", "health-on-failure",
}
BOOL_FLAGS = {
    "detach", "interactive", "tty", "rm", "init", "privileged", "read-only", "publish-all", "no-healthcheck",
    "oom-kill-disable", "sig-proxy", "disable-content-trust", "quiet", "help", "use-api-socket",
    "replace", "rootfs", "read-only-tmpfs", "no-hosts", "tls-verify", "http-proxy", "env-host",
    "passwd", "rmi",
}
SHORT = {"a": "attach", "c": "cpu-shares", "e": "env", "h": "hostname", "l": "label", "m": "memory",
         "p": "publish", "u": "user", "v": "volume", "w": "workdir",
         "d": "detach", "i": "interactive", "t": "tty", "P": "publish-all", "q": "quiet"}

_TRUE = {"true", "1", "yes", ""}


@dataclass
class Word:
    text: str
    line: int
    op: bool = False  # a shell operator (; && || | & …): ends a command
    raw: str = ""


# ---------------------------------------------------------------- tokenizing with lines and variables

_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*)|(\d|[@*#?$!-]))")


class Expander:
    """Resolves `$VAR`, `${VAR}`, `${VAR:-x}` from known variables; records what stays unresolved."""

    def __init__(self, variables: dict[str, str] | None = None, make: bool = False):
        self.vars = dict(variables or {})
        self.make = make
        self.unresolved: list[str] = []

    def expand(self, text: str) -> str:
        if self.make:
            text = re.sub(r"\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}]", self._make_var, text)
        if "$(" in text or "`" in text:
            self._note("command substitution " + text)
        return _VAR.sub(self._shell_var, text)

    def _note(self, what: str) -> None:
        if what not in self.unresolved:
            self.unresolved.append(what)

    def _make_var(self, m: re.Match) -> str:
        name = m.group(1)
        if name in self.vars:
            return self.vars[name]
        self._note(f"${{{name}}} (unset make variable)")
        return m.group(0).replace("$", "\x00")

    def _shell_var(self, m: re.Match) -> str:
        name = m.group(1) or m.group(4)
        if not name:
            self._note(f"{m.group(0)} (special parameter)")
            return m.group(0).replace("$", "\x00")
        op, alt = m.group(2), m.group(3)
        value = self.vars.get(name)
        if op:
            empty = value is None or (op.startswith(":") and value == "")
            if op.endswith("-") or op.endswith("="):
                if empty:
                    return alt or ""
                return value
            if op.endswith("+"):
                return "" if empty else (alt or "")
        if value is not None:
            return value
        self._note(f"${name} (unset)")
        return m.group(0).replace("$", "\x00")


def tokenize(text: str, lines: list[int], expander: Expander) -> list[Word]:
    """Split `text` (one logical command, `lines[i]` = line of char i) into words and operators."""
    words: list[Word] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] == "\n":
            i += 2
            continue
        if c in " \t\n\r":
            i += 1
            continue
        if c == "#" :
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c in ";&|()<>":
            j = i + 1
            while j < n and text[j] in "&|>;<" and text[i] != "(" and text[i] != ")":
                j += 1
            op = text[i:j]
            if op.startswith((">", "<")) or op in (">&", "&>"):
                # a redirection: skip its target word
                k = j
                while k < n and text[k] in " \t":
                    k += 1
                while k < n and text[k] not in " \t\n;&|":
                    k += 1
                i = k
                continue
            words.append(Word(op, lines[min(i, n - 1)], op=True))
            i = j
            continue
        start = i
        out: list[str] = []
        while i < n and text[i] not in " \t\n\r;&|<>()":
            c = text[i]
            if c == "\\" and i + 1 < n:
                if text[i + 1] == "\n":
                    i += 2
                    continue
                out.append(text[i + 1])
                i += 2
            elif c == "'":
                j = text.find("'", i + 1)
                if j < 0:
                    raise RunSyntaxError(f"line {lines[i]}: unterminated single quote")
                out.append(text[i + 1:j].replace("$", "\x00"))
                i = j + 1
            elif c == '"':
                j = i + 1
                buf: list[str] = []
                while j < n and text[j] != '"':
                    if text[j] == "\\" and j + 1 < n and text[j + 1] in '"\\$`\n':
                        if text[j + 1] != "\n":
                            buf.append(text[j + 1] if text[j + 1] != "$" else "\x00")
                        j += 2
                        continue
                    buf.append(text[j])
                    j += 1
                if j >= n:
                    raise RunSyntaxError(f"line {lines[i]}: unterminated double quote")
                out.append(expander.expand("".join(buf)))
                i = j + 1
            elif c == "$" and i + 1 < n and text[i + 1] == "(":
                depth, j = 0, i + 1
                while j < n:
                    if text[j] == "(":
                        depth += 1
                    elif text[j] == ")":
                        depth -= 1
                        if depth == 0:
                            break
                    j += 1
                out.append(expander.expand(text[i:j + 1]))
                i = j + 1
            elif c == "$" and i + 1 < n and text[i + 1] == "{":
                j = text.find("}", i)
                j = n - 1 if j < 0 else j
                out.append(expander.expand(text[i:j + 1]))
                i = j + 1
            elif c == "$":
                m = re.match(r"\$([A-Za-z_][A-Za-z0-9_]*|\d|[@*#?$!-])", text[i:])
                if m:
                    out.append(expander.expand(m.group(0)))
                    i += len(m.group(0))
                else:
                    out.append("$")
                    i += 1
            else:
                out.append(c)
                i += 1
        words.append(Word("".join(out).replace("\x00", "$"), lines[start], raw=text[start:i]))
    return words


# ---------------------------------------------------------------- finding the command in a word list

_WRAPPERS = {"sudo", "doas", "exec", "time", "nohup", "env", "command", "builtin", "nice", "ionice", "stdbuf", "timeout"}
_SUDO_VALUE = {"-u", "-g", "-C", "-h", "-p", "-U", "-r", "-t", "-D", "-T"}


def find_runs(words: list[Word]) -> list[tuple[int, list[Word]]]:
    """Every `docker|podman [container] run|create` in the words: (index of the engine word, args)."""
    out = []
    i = 0
    start = True
    while i < len(words):
        w = words[i]
        if w.op:
            start = True
            i += 1
            continue
        if not start:
            i += 1
            continue
        j = i
        # skip assignments and wrappers
        while j < len(words) and not words[j].op:
            t = words[j].text
            if re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", t) or os.path.basename(t) in _WRAPPERS:
                j += 1
                while j < len(words) and not words[j].op and words[j].text.startswith("-"):
                    j += 2 if words[j].text in _SUDO_VALUE else 1
                continue
            break
        start = False
        if j >= len(words) or words[j].op:
            i = j
            continue
        engine = os.path.basename(words[j].text)
        if engine not in ("docker", "podman", "nerdctl"):
            i = j + 1
            continue
        k = j + 1
        # global options of the docker CLI before the sub-command
        while k < len(words) and not words[k].op and words[k].text.startswith("-"):
            t = words[k].text
            k += 2 if t in ("-H", "--host", "--context", "-c", "--config", "-l", "--log-level", "--tlscacert",
                            "--tlscert", "--tlskey", "--url", "--connection", "--remote") else 1
        if k < len(words) and words[k].text == "container":
            k += 1
        if k < len(words) and not words[k].op and words[k].text in ("run", "create"):
            end = k + 1
            while end < len(words) and not words[end].op:
                end += 1
            out.append((j, words[k + 1:end]))
            i = end
            continue
        i = k
    return out


# ---------------------------------------------------------------- flags -> ContainerSpec

def _bool(value: str | None) -> bool:
    return value is None or value.strip().lower() in _TRUE


def build_spec(args: list[Word], *, path: str, line: int, base_dir: str | None,
               unresolved: list[str] | None = None, command: str = "docker run") -> ContainerSpec:
    spec = ContainerSpec(name=f"{command} (line {line})", source="docker-run", path=path, line=line)
    spec.unresolved = list(unresolved or [])
    i = 0
    while i < len(args):
        w = args[i]
        t = w.text
        if t == "--":
            i += 1
            break
        if not t.startswith("-") or t == "-":
            break
        items: list[tuple[str, str | None, int]] = []  # (long name, value, line)
        if t.startswith("--"):
            name, eq, val = t[2:].partition("=")
            if name in VALUE_FLAGS:
                if eq:
                    items.append((name, val, w.line))
                else:
                    if i + 1 >= len(args):
                        spec.unresolved.append(f"--{name} has no value")
                        items.append((name, None, w.line))
                    else:
                        i += 1
                        items.append((name, args[i].text, args[i].line))
            elif name in BOOL_FLAGS:
                items.append((name, val if eq else None, w.line))
            else:
                spec.unresolved.append(f"unknown flag --{name}")
        else:
            group = t[1:]
            k = 0
            while k < len(group):
                ch = group[k]
                long = SHORT.get(ch)
                if long is None:
                    spec.unresolved.append(f"unknown flag -{ch}")
                    break
                if long in BOOL_FLAGS:
                    items.append((long, None, w.line))
                    k += 1
                    continue
                rest = group[k + 1:]
                if rest:
                    items.append((long, rest[1:] if rest.startswith("=") else rest, w.line))
                elif i + 1 < len(args):
                    i += 1
                    items.append((long, args[i].text, args[i].line))
                else:
                    spec.unresolved.append(f"-{ch} has no value")
                break
        for name, val, ln in items:
            try:
                _apply(spec, name, val, ln, base_dir)
            except ValueError as exc:
                spec.unresolved.append(f"--{name}: {exc}")
        i += 1
    if i < len(args):
        spec.image = args[i].text
        spec.lines["image"] = args[i].line
        spec.command = [a.text for a in args[i + 1:]] or None
    else:
        spec.unresolved.append("no image given")
    return spec


def _line(spec: ContainerSpec, key: str, ln: int) -> None:
    spec.lines[key] = ln


def _apply(spec: ContainerSpec, name: str, val: str | None, ln: int, base_dir: str | None) -> None:
    if name == "net":
        name = "network"
    if name == "net-alias":
        name = "network-alias"
    if val is None and name in VALUE_FLAGS:
        return
    if name == "privileged":
        spec.privileged = _bool(val)
        _line(spec, "privileged", ln)
    elif name == "read-only":
        spec.read_only_rootfs = _bool(val)
        _line(spec, "read_only_rootfs", ln)
    elif name == "init":
        spec.init = _bool(val)
    elif name == "publish-all":
        spec.publish_all = _bool(val)
        _line(spec, "publish_all", ln)
    elif name == "no-healthcheck":
        if _bool(val):
            spec.healthcheck = False
            _line(spec, "healthcheck", ln)
    elif name == "health-cmd":
        spec.healthcheck = True
        _line(spec, "healthcheck", ln)
    elif name == "oom-kill-disable":
        spec.oom_kill_disable = _bool(val)
        _line(spec, "oom_kill_disable", ln)
    elif name == "use-api-socket":
        spec.use_api_socket = _bool(val)
        _line(spec, "use_api_socket", ln)
    elif name == "cap-add":
        spec.cap_add += [cc.norm_cap(c) for c in val.split(",") if c.strip()]
        spec.lines.setdefault("cap_add", ln)
    elif name == "cap-drop":
        spec.cap_drop += [cc.norm_cap(c) for c in val.split(",") if c.strip()]
        spec.lines.setdefault("cap_drop", ln)
    elif name == "security-opt":
        cc.apply_security_opt(spec, val, ln)
    elif name == "user":
        spec.user = val
        _line(spec, "user", ln)
    elif name == "group-add":
        spec.group_add.append(val)
    elif name == "network":
        if val in ("host", "none", "bridge", "default") or val.startswith("container:"):
            spec.network_mode = val
        else:
            spec.network_mode = spec.network_mode or val
            spec.networks.append(val.split(",")[0].replace("name=", ""))
        _line(spec, "network_mode", ln)
    elif name in ("pid", "ipc", "uts", "userns", "cgroupns"):
        field = {"pid": "pid_mode", "ipc": "ipc_mode", "uts": "uts_mode", "userns": "userns_mode",
                 "cgroupns": "cgroupns_mode"}[name]
        setattr(spec, field, val)
        _line(spec, field, ln)
    elif name == "volume":
        spec.mounts.append(cc.parse_volume(val, ln))
        spec.lines.setdefault("mounts", ln)
    elif name == "mount":
        spec.mounts.append(cc.parse_mount_csv(val, ln))
        spec.lines.setdefault("mounts", ln)
    elif name == "tmpfs":
        spec.mounts.append(cc.parse_tmpfs(val, ln))
        spec.lines.setdefault("tmpfs", ln)
    elif name == "volumes-from":
        spec.volumes_from.append(val)
    elif name == "device":
        spec.devices.append(cc.parse_device(val, ln))
        spec.lines.setdefault("devices", ln)
    elif name == "device-cgroup-rule":
        spec.device_cgroup_rules.append(val)
        spec.lines.setdefault("device_cgroup_rules", ln)
    elif name == "gpus":
        spec.device_requests.append(f"gpus={val}")
        spec.lines.setdefault("device_requests", ln)
    elif name == "memory":
        spec.memory = cc.parse_size(val)
        _line(spec, "memory", ln)
    elif name == "memory-swap":
        spec.memory_swap = cc.parse_size(val)
        _line(spec, "memory_swap", ln)
    elif name == "memory-reservation":
        spec.memory_reservation = cc.parse_size(val)
        _line(spec, "memory_reservation", ln)
    elif name == "cpus":
        spec.nano_cpus = cc.parse_cpus(val)
        _line(spec, "nano_cpus", ln)
    elif name in ("cpu-shares", "cpu-quota", "cpu-period"):
        field = name.replace("-", "_")
        setattr(spec, field, int(val))
        _line(spec, field, ln)
    elif name == "cpuset-cpus":
        spec.cpuset_cpus = val
        _line(spec, "cpuset_cpus", ln)
    elif name == "pids-limit":
        spec.pids_limit = int(val)
        _line(spec, "pids_limit", ln)
    elif name == "ulimit":
        spec.ulimits.append(cc.parse_ulimit(val))
        spec.lines.setdefault("ulimits", ln)
    elif name == "oom-score-adj":
        spec.oom_score_adj = int(val)
    elif name == "shm-size":
        spec.shm_size = cc.parse_size(val)
    elif name == "storage-opt":
        k, _, v = val.partition("=")
        spec.storage_opt[k] = v
    elif name == "cgroup-parent":
        spec.cgroup_parent = val
        _line(spec, "cgroup_parent", ln)
    elif name == "restart":
        spec.restart_policy, spec.restart_max_retries = cc.parse_restart(val)
        _line(spec, "restart_policy", ln)
    elif name == "publish":
        spec.ports += cc.parse_ports(val, ln)
        spec.lines.setdefault("ports", ln)
    elif name == "expose":
        for p in cc.parse_ports(val, ln):
            spec.ports.append(p)
    elif name == "dns":
        spec.dns.append(val)
    elif name == "add-host":
        spec.extra_hosts.append(val)
    elif name == "mac-address":
        spec.mac_address = val
    elif name == "env":
        k, eq, v = val.partition("=")
        spec.env[k] = v if eq else None
        spec.lines[f"env:{k}"] = ln
        spec.lines.setdefault("env", ln)
    elif name == "env-file":
        _env_file(spec, val, ln, base_dir)
    elif name == "log-driver":
        spec.log_driver = val
        _line(spec, "log_driver", ln)
    elif name == "log-opt":
        k, _, v = val.partition("=")
        spec.log_options[k] = v
        spec.lines.setdefault("log_options", ln)
    elif name == "runtime":
        spec.runtime = val
        _line(spec, "runtime", ln)
    elif name == "sysctl":
        k, _, v = val.partition("=")
        spec.sysctls[k] = v
        spec.lines.setdefault("sysctls", ln)
        spec.lines[f"sysctl:{k}"] = ln
    elif name == "label":
        k, _, v = val.partition("=")
        spec.labels[k] = v
    elif name == "name":
        spec.name = val
    elif name == "secret":  # podman
        spec.secrets.append(val.split(",")[0])
    elif name == "systemd" or name in VALUE_FLAGS or name in BOOL_FLAGS:
        pass


def _env_file(spec: ContainerSpec, name: str, ln: int, base_dir: str | None) -> None:
    path = name if os.path.isabs(name) or base_dir is None else os.path.join(base_dir, name)
    spec.env_files.append(name)
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            content = fh.read()
    except OSError:
        spec.unresolved.append(f"--env-file {name}: not readable")
        return
    for raw in content.splitlines():
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        k, eq, v = raw.partition("=")
        k = k.strip()
        spec.env[k] = v if eq else None
        spec.lines.setdefault(f"env:{k}", ln)
        spec.lines.setdefault("env", ln)


# ---------------------------------------------------------------- entry points

def _join(physical: list[tuple[str, int]]) -> tuple[str, list[int]]:
    text_parts: list[str] = []
    lines: list[int] = []
    for txt, ln in physical:
        text_parts.append(txt + "\n")
        lines += [ln] * (len(txt) + 1)
    return "".join(text_parts), lines


def parse_command(text: str, path: str = "--run", line: int = 1, base_dir: str | None = None,
                  variables: dict[str, str] | None = None) -> ContainerSpec:
    """One `docker run …` command line (as given to `--run`). Raises RunSyntaxError if it is not one."""
    expander = Expander(variables if variables is not None else {})
    phys = [(t, line + k) for k, t in enumerate(text.split("\n"))]
    joined, lines = _join(phys)
    words = tokenize(joined, lines, expander)
    runs = find_runs(words)
    if not runs:
        raise RunSyntaxError("not a docker run / docker create / podman run command")
    idx, args = runs[0]
    return build_spec(args, path=path, line=words[idx].line, base_dir=base_dir or os.getcwd(),
                      unresolved=expander.unresolved, command=_label(words, idx))


def _label(words: list[Word], idx: int) -> str:
    return f"{os.path.basename(words[idx].text)} run"


# ------------- files that hold docker run lines

_ASSIGN = re.compile(r"^\s*(?:export\s+|readonly\s+|local\s+|declare\s+(?:-\w+\s+)?)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
_MAKE_ASSIGN = re.compile(r"^\s*(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:\?|:{1,3}|\+|!)?=\s*(.*)$")


def detect(path: str, text: str) -> str:
    """shell | make | systemd | markdown."""
    base = os.path.basename(path).lower()
    if base in ("makefile", "gnumakefile") or base.endswith((".mk", ".make")):
        return "make"
    if base.endswith((".md", ".markdown", ".mdx", ".rst.md")):
        return "markdown"
    if base.endswith((".service", ".socket", ".timer", ".container")) or re.search(r"^\[(Service|Unit)\]", text, re.M):
        return "systemd"
    return "shell"


def _logical(physical: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """Group physical lines into logical lines joined by a trailing backslash."""
    out: list[list[tuple[str, int]]] = []
    cur: list[tuple[str, int]] = []
    for txt, ln in physical:
        cur.append((txt, ln))
        if txt.rstrip().endswith("\\") and not txt.rstrip().endswith("\\\\"):
            continue
        out.append(cur)
        cur = []
    if cur:
        out.append(cur)
    return out


def extract(text: str, path: str, kind: str | None = None) -> tuple[list[ContainerSpec], list[str]]:
    """Every docker run command in a file: (specs, errors)."""
    kind = kind or detect(path, text)
    base_dir = os.path.dirname(os.path.abspath(path)) if path not in ("-", "--run") else os.getcwd()
    physical = [(t, k + 1) for k, t in enumerate(text.splitlines())]
    blocks: list[list[tuple[str, int]]]
    make = False
    if kind == "markdown":
        blocks = _markdown_blocks(physical)
    elif kind == "make":
        make = True
        blocks = [physical]
    else:
        blocks = [physical]
    specs: list[ContainerSpec] = []
    errors: list[str] = []
    variables: dict[str, str] = {}
    for block in blocks:
        for logical in _logical(block):
            first = logical[0][0]
            if kind == "make":
                if first.startswith("\t"):
                    logical = [(t.lstrip("\t").lstrip("@-+ ") if k == 0 else t, ln) for k, (t, ln) in enumerate(logical)]
                    logical = [(t.replace("$$", "\x01"), ln) for t, ln in logical]
                else:
                    m = _MAKE_ASSIGN.match(first)
                    if m and "\\" not in first:
                        variables[m.group(1)] = m.group(2).strip()
                    continue
            elif kind == "systemd":
                m = re.match(r"^\s*(Exec\w*)\s*=\s*[-@:+!]*(.*)$", first)
                env = re.match(r"^\s*Environment\s*=\s*(.*)$", first)
                if env:
                    for item in _simple_split(env.group(1)):
                        k, eq, v = item.partition("=")
                        if eq:
                            variables[k] = v
                    continue
                if not m:
                    continue
                logical = [(m.group(2), logical[0][1])] + logical[1:]
            else:
                m = _ASSIGN.match(first)
                if m and len(logical) == 1 and " docker " not in f" {first} " and "podman" not in first:
                    val = m.group(2).strip()
                    try:
                        exp = Expander(variables)
                        words = tokenize(val, [1] * (len(val) or 1), exp) if val else []
                        if not exp.unresolved:
                            variables[m.group(1)] = words[0].text if words and not words[0].op else ""
                    except RunSyntaxError:
                        pass
                    continue
            joined = "\n".join(t for t, _ in logical)
            if not re.search(r"\b(docker|podman|nerdctl)\b", joined) or not re.search(r"\b(run|create)\b", joined):
                continue
            joined_text, lines = _join(logical)
            expander = Expander(variables, make=make)
            if make:
                joined_text = joined_text.replace("\x01", "$")
            try:
                words = tokenize(joined_text, lines, expander)
            except RunSyntaxError as exc:
                errors.append(str(exc))
                continue
            for idx, args in find_runs(words):
                spec = build_spec(args, path=path, line=words[idx].line, base_dir=base_dir,
                                  unresolved=expander.unresolved, command=_label(words, idx))
                specs.append(spec)
    return specs, errors


def _simple_split(text: str) -> list[str]:
    import shlex

    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


_FENCE = re.compile(r"^\s*(```+|~~~+)\s*([\w+-]*)")
_SHELL_LANGS = {"", "sh", "bash", "shell", "console", "zsh", "shell-session", "shellsession", "terminal", "ksh", "text"}


def _markdown_blocks(physical: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    blocks: list[list[tuple[str, int]]] = []
    cur: list[tuple[str, int]] | None = None
    fence = ""
    lang = ""
    for txt, ln in physical:
        m = _FENCE.match(txt)
        if cur is None:
            if m:
                fence, lang, cur = m.group(1), m.group(2).lower(), []
            continue
        if txt.strip().startswith(fence[:3]) and txt.strip().strip(fence[0]) == "":
            if lang in _SHELL_LANGS:
                blocks.append(_strip_prompts(cur))
            cur = None
            continue
        cur.append((txt, ln))
    return blocks


def _strip_prompts(lines: list[tuple[str, int]]) -> list[tuple[str, int]]:
    prompted = any(re.match(r"^\s*(\$|[\w@.-]+[$#]|PS>|>)\s", t) for t, _ in lines)
    if not prompted:
        return lines
    out = []
    continuing = False
    for t, ln in lines:
        m = re.match(r"^\s*(?:\$|[\w@.~:/-]+[$#]|PS>)\s(.*)$", t)
        if m:
            out.append((m.group(1), ln))
            continuing = t.rstrip().endswith("\\")
        elif continuing:
            out.append((re.sub(r"^\s*>\s", "", t), ln))
            continuing = t.rstrip().endswith("\\")
        else:
            out.append(("", ln))  # command output
    return out
