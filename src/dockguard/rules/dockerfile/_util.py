"""Helpers shared by the Dockerfile rules: stages, image references, ENV/ARG pairs, words,
package-manager command classification, cache mounts, and line-level fixes.

Pure functions over the model; standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from dockguard.model.dockerfile import Command, Dockerfile, Instruction, Stage
from dockguard.model.finding import Fix, TextEdit

# ---------------------------------------------------------------------------------------------
# stages


def target_of(ctx) -> str | None:
    """The stage the user ships (`target:` in the config), or None for the last stage."""
    settings = getattr(ctx, "settings", None)
    return getattr(settings, "target", None) if settings is not None else None


def final_stage(df: Dockerfile, ctx) -> Stage | None:
    """The shipped stage: the configured target when this file has it, else the last stage."""
    target = target_of(ctx)
    stage = df.final_stage(target) if target else None
    return stage or (df.stages[-1] if df.stages else None)


def shipped_stages(df: Dockerfile, ctx) -> list[Stage]:
    """The final stage first, then every stage it is built FROM (their layers are in the image)."""
    final = final_stage(df, ctx)
    out: list[Stage] = []
    seen: set[int] = set()
    while final is not None and final.index not in seen:
        seen.add(final.index)
        out.append(final)
        final = df.stages[final.parent_stage] if final.parent_stage is not None else None
    return out


def stage_label(stage: Stage) -> str:
    return f"stage {stage.name!r}" if stage.name else f"stage {stage.index}"


def is_single_stage(df: Dockerfile) -> bool:
    return len(df.stages) == 1


def stage_commands(stage: Stage) -> Iterator[tuple[Instruction, Command]]:
    """The shell commands of the stage's RUN instructions (ONBUILD excluded: it runs elsewhere)."""
    for ins in stage.instructions:
        if ins.keyword == "RUN":
            for cmd in ins.commands:
                yield ins, cmd


def shipped_instructions(df: Dockerfile, ctx, *keywords: str) -> Iterator[tuple[Stage, Instruction]]:
    for stage in reversed(shipped_stages(df, ctx)):
        for ins in stage.instructions:
            if not keywords or ins.keyword in keywords:
                yield stage, ins


# ---------------------------------------------------------------------------------------------
# words and key=value pairs (ENV, ARG, LABEL)


def split_words(text: str, escape: str = "\\") -> list[str]:
    """Split a Dockerfile argument string into words, removing quotes as BuildKit does."""
    words: list[str] = []
    cur: list[str] = []
    in_word = False
    quote: str | None = None
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if quote:
            if c == quote:
                quote = None
            elif c == escape and quote == '"' and i + 1 < n and text[i + 1] in ('"', escape, "$"):
                i += 1
                cur.append(text[i])
            else:
                cur.append(c)
        elif c in ('"', "'"):
            quote = c
            in_word = True
        elif c == escape and i + 1 < n:
            i += 1
            cur.append(text[i])
            in_word = True
        elif c in " \t\r\n":
            if in_word:
                words.append("".join(cur))
                cur, in_word = [], False
        else:
            cur.append(c)
            in_word = True
        i += 1
    if in_word:
        words.append("".join(cur))
    return words


_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


def kv_pairs(ins: Instruction, escape: str = "\\") -> list[tuple[str, str | None]]:
    """(key, value) pairs of ENV, ARG or LABEL; value None for `ARG NAME` without a default.

    The parser has already split `ENV k=v k2="v 2"` and the legacy `ENV key value words` into
    `key=value` words; `ARG a=1 b` gives (a, "1"), (b, None).
    """
    words = list(ins.args) if ins.args else split_words(ins.value, escape)
    if not words:
        return []
    if ins.keyword == "ENV" and len(words) >= 1 and "=" not in words[0]:
        return [(words[0], " ".join(words[1:]))]
    if (
        ins.keyword == "ARG"
        and len(words) == 2
        and "=" not in words[0]
        and "=" not in words[1]
        and not re.fullmatch(r"[A-Z_][A-Z0-9_]*", words[1])
    ):
        # `ARG NAME value`: not BuildKit syntax (it would declare two names) but a common
        # mistake, and the form peer test suites use; keep the author's intent
        return [(words[0], words[1])]
    pairs: list[tuple[str, str | None]] = []
    for word in words:
        key, eq, val = word.partition("=")
        pairs.append((key, val if eq else None))
    return pairs


def env_bindings(df: Dockerfile, keywords: tuple[str, ...] = ("ENV", "ARG")) -> Iterator[tuple[Instruction, str, str | None]]:
    """Every (instruction, name, value) set by ENV/ARG, including ONBUILD ENV/ARG."""
    for ins in df.instructions:
        target = ins.onbuild if ins.onbuild is not None else ins
        if target.keyword in keywords:
            for key, val in kv_pairs(target, df.escape):
                yield ins, key, val


def command_env(cmd: Command) -> Iterator[tuple[str, str]]:
    """Variables a command sets: `FOO=1 cmd` prefixes, and `export FOO=1` / `declare -x FOO=1`."""
    for key, val in cmd.assignments.items():
        yield key, val
    if cmd.name in ("export", "declare", "typeset", "readonly", "local"):
        for word in cmd.args:
            if "=" in word and not word.startswith("-"):
                key, _, val = word.partition("=")
                yield key, val


def unset_names(cmd: Command) -> set[str]:
    if cmd.name == "unset":
        return {w for w in cmd.args if not w.startswith("-")}
    return set()


# ---------------------------------------------------------------------------------------------
# image references


@dataclass(frozen=True, slots=True)
class ImageRef:
    raw: str
    registry: str  # "docker.io" when implicit
    repository: str  # "library/nginx"
    tag: str | None
    digest: str | None

    @property
    def name(self) -> str:
        return f"{self.registry}/{self.repository}"

    @property
    def short(self) -> str:
        """The last path component without registry: `nginx`, `python`."""
        return self.repository.rsplit("/", 1)[-1]

    @property
    def official(self) -> bool:
        return self.registry == "docker.io" and self.repository.startswith("library/")


def parse_image(ref: str) -> ImageRef:
    """Split `registry:port/path/name:tag@sha256:…` the way the Docker reference grammar does."""
    raw = ref
    digest = None
    if "@" in ref:
        ref, digest = ref.split("@", 1)
    registry = "docker.io"
    path = ref
    first, sep, rest = ref.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost" or first != first.lower()):
        registry, path = first, rest
    if registry in ("index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"):
        registry = "docker.io"
    tag = None
    last = path.rsplit("/", 1)[-1]
    if ":" in last:
        path, tag = path.rsplit(":", 1)
    if registry == "docker.io" and "/" not in path:
        path = "library/" + path
    return ImageRef(raw=raw, registry=registry.lower(), repository=path.lower(), tag=tag, digest=digest)


_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")
UNKNOWN = "\x00"


def substitute(text: str, values: dict[str, str | None]) -> tuple[str, list[str]]:
    """Expand `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alt}` with `values`.

    A variable that has no value (declared without default, or not declared) becomes the
    UNKNOWN marker character; its names are returned.
    """
    unknown: list[str] = []

    def repl(m: re.Match) -> str:
        name = m.group(1) or m.group(4)
        op, arg = m.group(2), m.group(3)
        val = values.get(name)
        if op in (":-", "-"):
            if val is None or (op == ":-" and val == ""):
                return arg or ""
            return val
        if op in (":+", "+"):
            return (arg or "") if val else ""
        if val is None:
            unknown.append(name)
            return UNKNOWN
        return val

    return _VAR.sub(repl, text), unknown


@dataclass(frozen=True, slots=True)
class BaseImage:
    """What a stage's FROM names, as far as it can be known statically."""

    stage: Stage
    text: str  # as written
    resolved: str | None  # with ARGs substituted; None when an unresolved ARG makes it unknowable
    ref: ImageRef | None  # parsed, when `resolved` is known (None for stages and scratch)
    is_stage: bool
    is_scratch: bool
    unknown_args: tuple[str, ...] = ()
    tag_unknown: bool = False  # an unresolved ARG stands where the tag (or digest) would be


def base_image(df: Dockerfile, stage: Stage) -> BaseImage:
    text = stage.base.strip()
    if stage.parent_stage is not None:
        return BaseImage(stage, text, text, None, True, False)
    values: dict[str, str | None] = dict(df.global_args)
    for other in df.stages[: stage.index]:
        if not other.base.strip():
            # a FROM with no image is a syntax error; the ARGs after it were meant as global ones
            for ins in other.find("ARG"):
                values.update(kv_pairs(ins, df.escape))
    resolved, unknown = substitute(text, values)
    if resolved.lower() == "scratch":
        return BaseImage(stage, text, resolved, None, False, True)
    # a FROM naming an earlier stage after substitution
    if not unknown:
        lowered = resolved.lower()
        for other in df.stages[: stage.index]:
            if other.name and other.name == lowered:
                return BaseImage(stage, text, resolved, None, True, False)
    if unknown:
        # Where does the unknown part sit? In the tag/digest, or making the whole name unknown?
        stripped = resolved.replace(UNKNOWN, "")
        last = resolved.rsplit("/", 1)[-1]
        if not stripped or resolved.endswith(UNKNOWN) and (":" in last or "@" in last):
            return BaseImage(stage, text, None, None, False, False, tuple(unknown), tag_unknown=True)
        if "@" in resolved and UNKNOWN in resolved.split("@", 1)[1]:
            return BaseImage(stage, text, None, None, False, False, tuple(unknown), tag_unknown=True)
        if ":" in last and UNKNOWN in last.split(":", 1)[1]:
            return BaseImage(stage, text, None, None, False, False, tuple(unknown), tag_unknown=True)
        if last == UNKNOWN or last.endswith(UNKNOWN) and UNKNOWN not in resolved.rsplit("/", 1)[0] and last.replace(UNKNOWN, "") == "":
            return BaseImage(stage, text, None, None, False, False, tuple(unknown), tag_unknown=True)
        # the unknown part is in the registry/path, or glued to the name (`alpine$TAG`): the
        # tag part as written is what the build uses when the ARG is empty
        head, _, tail = resolved.rpartition("/")
        if UNKNOWN in head:
            # `${REGISTRY}/ubuntu`: the registry or path is unknown, the name and tag are not
            parsed = parse_image(head.replace(UNKNOWN, "unknown") + "/" + tail.replace(UNKNOWN, ""))
            ref = ImageRef(text, "", parsed.repository, parsed.tag, parsed.digest)
        else:
            ref = parse_image(stripped) if stripped and not stripped.startswith("/") else None
        return BaseImage(stage, text, None, ref, False, False, tuple(unknown))
    if resolved.lower() == "scratch":
        return BaseImage(stage, text, resolved, None, False, True)
    return BaseImage(stage, text, resolved, parse_image(resolved), False, False)


def external_bases(df: Dockerfile) -> Iterator[BaseImage]:
    """The FROM of every stage that names an image (not an earlier stage, not scratch)."""
    for stage in df.stages:
        if not stage.base.strip():
            continue
        b = base_image(df, stage)
        if not b.is_stage and not b.is_scratch:
            yield b


# ---------------------------------------------------------------------------------------------
# misc


URL_RE = re.compile(r"\b(?:https?|ftp)://[^\s'\"<>|;&)]+", re.I)


def is_url(word: str) -> bool:
    return bool(re.match(r"^(?:https?|ftp)://", word, re.I))


def is_git_url(word: str) -> bool:
    w = word.lower()
    return w.startswith("git@") or w.startswith("git://") or bool(re.match(r"^https?://[^#]+\.git(?:$|#)", w))


def source_args(ins: Instruction) -> list[str]:
    """The sources of COPY/ADD (every argument but the last), quotes removed."""
    args = list(ins.args) if ins.args else split_words(ins.value)
    if ins.heredocs and args:
        # `COPY <<EOF /dest`: the heredoc is the source
        args = [a for a in args if not a.startswith("<<")]
        return args[:-1] if len(args) > 1 else []
    return args[:-1] if len(args) > 1 else []


def dest_arg(ins: Instruction) -> str | None:
    args = list(ins.args) if ins.args else split_words(ins.value)
    return args[-1] if args else None


def truthy_off(value: str | None) -> bool:
    """True for values that switch a boolean setting off: 0, false, no, off."""
    return value is not None and value.strip().lower() in ("0", "false", "no", "off", "n")


# ---------------------------------------------------------------------------------------------
# USER

# Images whose default user is not root (the user is set in the base image's config).
NONROOT_BASES = (
    re.compile(r"^gcr\.io/distroless/.+:(?:.*-)?nonroot(?:-.*)?$"),
    re.compile(r"^cgr\.dev/chainguard/(?!.*-dev$)"),
    re.compile(r"^docker\.io/nginxinc/nginx-unprivileged$"),
    re.compile(r"^docker\.io/bitnami/"),
)


def known_nonroot_base(ref: ImageRef | None) -> bool:
    if ref is None:
        return False
    full = ref.name + (f":{ref.tag}" if ref.tag else "")
    return any(p.search(full) or p.search(ref.name) for p in NONROOT_BASES)


def effective_user(df: Dockerfile, ctx) -> tuple[Instruction | None, Stage | None]:
    """The USER instruction in force in the shipped image (last one along the FROM chain)."""
    for stage in shipped_stages(df, ctx):
        users = stage.find("USER")
        if users:
            return users[-1], stage
    return None, None


def user_value(ins: Instruction) -> str:
    return (ins.args[0] if ins.args else ins.value.strip()).strip()


def is_root_user(value: str) -> bool:
    user = value.split(":", 1)[0].strip().strip("'\"")
    return user in ("root", "0") or (user.isdigit() and int(user) == 0)

# ----------------------------------------------------------------------------------------------
# package managers

APT = frozenset({"apt-get", "apt", "aptitude"})
RPM_MANAGERS = frozenset({"yum", "dnf", "microdnf", "tdnf"})

# Options that take a separate value word, per manager (so the value is not read as a package).
_APT_ARG = frozenset({"-o", "-c", "-t", "-a", "--option", "--config-file", "--target-release",
                      "--default-release", "--host-architecture"})
_APK_ARG = frozenset({"-X", "--repository", "-p", "--root", "--arch", "-t", "--virtual",
                      "--repositories-file", "--cache-dir", "--keys-dir", "--cache-max-age",
                      "--timeout"})
_RPM_ARG = frozenset({"-c", "--config", "--installroot", "--releasever", "--setopt", "-x",
                      "--exclude", "--enablerepo", "--disablerepo", "--repo", "--repoid",
                      "--forcearch", "-d", "--debuglevel", "-e", "--errorlevel", "--downloaddir",
                      "--destdir", "--color", "--rpmverbosity", "--repofrompath", "--advisory",
                      "--cve", "--bz", "--sec-severity", "--secseverity", "--comment"})
_ZYPPER_GLOBAL_ARG = frozenset({"-R", "--root", "-c", "--config", "-D", "--reposd-dir", "-C",
                                "--cache-dir", "--raw-cache-dir", "--solv-cache-dir",
                                "--pkg-cache-dir", "--installroot"})
_ZYPPER_ARG = frozenset({"-t", "--type", "-r", "--repo", "--from", "--download"})
_PIP_ARG = frozenset({"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i",
                      "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target",
                      "--prefix", "--root", "--trusted-host", "--platform", "--python-version",
                      "--implementation", "--abi", "--no-binary", "--only-binary", "--progress-bar",
                      "--src", "--upgrade-strategy", "--global-option", "--install-option", "-C",
                      "--config-settings", "--log", "--cache-dir", "--proxy", "--retries",
                      "--timeout", "--exists-action", "--cert", "--client-cert", "--report",
                      "--python", "--root-user-action", "--use-feature", "--use-deprecated",
                      "--keyring-provider"})
_NPM_ARG = frozenset({"--prefix", "--registry", "--cache", "-w", "--workspace", "--omit",
                      "--include", "--loglevel", "--tag", "--userconfig", "--location",
                      "--install-strategy"})
_GEM_ARG = frozenset({"-v", "--version", "-i", "--install-dir", "-n", "--bindir", "-s",
                      "--source", "--platform", "-p", "--http-proxy", "-g", "--file",
                      "--build-root", "--document", "-P", "--trust-policy"})

APT_INSTALL = frozenset({"install", "reinstall"})
RPM_INSTALL = frozenset({"install", "localinstall", "groupinstall", "reinstall", "in"})
ZYPPER_INSTALL = frozenset({"install", "in"})


def split_sub(cmd: Command, with_arg: frozenset[str]) -> tuple[str | None, list[str]]:
    """The sub-command (first non-option word) and the positional words after it."""
    words = cmd.argv[1:]
    sub: str | None = None
    positional: list[str] = []
    i = 0
    n = len(words)
    after_dd = False
    while i < n:
        w = words[i]
        if not after_dd and w == "--":
            after_dd = True
        elif not after_dd and w.startswith("-") and w != "-":
            if w in with_arg:
                i += 1
        elif sub is None:
            sub = w
        else:
            positional.append(w)
        i += 1
    return sub, positional


def is_apt(cmd: Command) -> bool:
    return cmd.name in APT


def apt_sub(cmd: Command) -> tuple[str | None, list[str]]:
    return split_sub(cmd, _APT_ARG)


def is_apt_install(cmd: Command) -> bool:
    return cmd.name in APT and apt_sub(cmd)[0] in APT_INSTALL


def apk_sub(cmd: Command) -> tuple[str | None, list[str]]:
    return split_sub(cmd, _APK_ARG)


def is_apk_add(cmd: Command) -> bool:
    return cmd.name == "apk" and apk_sub(cmd)[0] == "add"


def rpm_sub(cmd: Command) -> tuple[str | None, list[str]]:
    return split_sub(cmd, _RPM_ARG)


def zypper_sub(cmd: Command) -> tuple[str | None, list[str]]:
    """zypper global options come before the command; command options after it."""
    return split_sub(cmd, _ZYPPER_GLOBAL_ARG | _ZYPPER_ARG)


def manager_sub(cmd: Command) -> tuple[str | None, list[str]]:
    """Sub-command and positionals for any package manager this module knows."""
    name = cmd.name
    if name in APT:
        return apt_sub(cmd)
    if name == "apk":
        return apk_sub(cmd)
    if name in RPM_MANAGERS:
        return rpm_sub(cmd)
    if name == "zypper":
        return zypper_sub(cmd)
    return split_sub(cmd, frozenset())


def pip_argv(cmd: Command) -> list[str] | None:
    """The words after `pip` for `pip …`, `pip3.11 …`, `python3 -m pip …`; else None."""
    name = cmd.name
    if re.fullmatch(r"pip(\d+(\.\d+)?)?", name):
        return cmd.argv[1:]
    if re.fullmatch(r"python(\d+(\.\d+)?)?", name):
        argv = cmd.argv[1:]
        for i, w in enumerate(argv):
            if w == "-m" and i + 1 < len(argv):
                return argv[i + 2 :] if argv[i + 1] == "pip" else None
            if w.startswith("-m") and len(w) > 2:
                return argv[i + 1 :] if w[2:] == "pip" else None
            if not w.startswith("-"):
                return None
    return None


def pip_install_words(cmd: Command) -> tuple[list[str], list[str]] | None:
    """(options, requirement words) of a pip install, or None if not one."""
    argv = pip_argv(cmd)
    if argv is None:
        return None
    opts: list[str] = []
    pos: list[str] = []
    sub = None
    i = 0
    while i < len(argv):
        w = argv[i]
        if w.startswith("-") and w != "-":
            opts.append(w)
            if w in _PIP_ARG and i + 1 < len(argv):
                opts.append(argv[i + 1])
                i += 1
        elif sub is None:
            sub = w
        else:
            pos.append(w)
        i += 1
    if sub != "install":
        return None
    return opts, pos


def npm_sub(cmd: Command) -> tuple[str | None, list[str]]:
    return split_sub(cmd, _NPM_ARG)


def gem_sub(cmd: Command) -> tuple[str | None, list[str]]:
    return split_sub(cmd, _GEM_ARG)


def has_var(word: str) -> bool:
    return "$" in word or "`" in word


# ----------------------------------------------------------------------------------------------
# RUN context


def cache_mounts(ins: Instruction) -> list[str]:
    """Targets of the `--mount=type=cache` flags of a RUN."""
    out = []
    for value in ins.flag_values("mount"):
        fields = {}
        for part in value.split(","):
            key, _, val = part.partition("=")
            fields[key.strip().lower()] = val.strip()
        if fields.get("type") == "cache":
            target = fields.get("target") or fields.get("dst") or fields.get("destination") or ""
            out.append(target.rstrip("/") or "/")
    return out


def has_cache_mount(ins: Instruction, *paths: str) -> bool:
    """True if a cache mount covers one of the paths (the mount is the path or a parent of it)."""
    for target in cache_mounts(ins):
        for p in paths:
            p = p.rstrip("/")
            if p == target or p.startswith(target + "/") or target == "/":
                return True
    return False


def run_commands(ins: Instruction) -> list[Command]:
    target = ins.onbuild if ins.onbuild is not None else ins
    return list(target.commands)


def stage_of(df: Dockerfile, ins: Instruction) -> Stage | None:
    return df.stages[ins.stage] if 0 <= ins.stage < len(df.stages) else None


def lineage(df: Dockerfile, stage: Stage) -> list[Stage]:
    """The stage and the stages it is built FROM (nearest first)."""
    out = []
    seen = set()
    cur: Stage | None = stage
    while cur is not None and cur.index not in seen:
        seen.add(cur.index)
        out.append(cur)
        cur = df.stages[cur.parent_stage] if cur.parent_stage is not None else None
    return out


def env_before(df: Dockerfile, ins: Instruction) -> dict[str, str]:
    """Variables set by ENV (and ARG defaults) in the instruction's stage lineage, before it."""
    stage = stage_of(df, ins)
    env: dict[str, str] = {}
    if stage is None:
        return env
    for st in reversed(lineage(df, stage)):
        for other in st.instructions:
            if other is ins or (st is stage and other.line >= ins.line):
                break
            if other.keyword in ("ENV", "ARG"):
                for word in other.args:
                    key, eq, value = word.partition("=")
                    if eq:
                        env[key] = value
                    elif other.keyword == "ENV":
                        env.setdefault(key, "")
    return env


def truthy(value: str | None) -> bool:
    return value is not None and value.strip().lower() not in ("", "0", "false", "no", "off")


def stage_shell(df: Dockerfile, ins: Instruction) -> list[str] | None:
    """The SHELL in force for an instruction (None: the default /bin/sh -c)."""
    stage = stage_of(df, ins)
    if stage is None:
        return None
    shell = None
    for st in reversed(lineage(df, stage)):
        for other in st.instructions:
            if st is stage and other.line >= ins.line:
                break
            if other.keyword == "SHELL" and other.json_form:
                shell = list(other.args)
    return shell


def later_in_run(cmds: list[Command], index: int, pred) -> bool:
    return any(pred(c) for c in cmds[index + 1 :])


# ----------------------------------------------------------------------------------------------
# fixes: insert text into physical lines, keeping everything else byte for byte


def _line_offsets(df: Dockerfile, ins: Instruction) -> tuple[str, list[int]]:
    lines = df.lines[ins.line - 1 : ins.end_line]
    text = "\n".join(lines)
    starts = [0]
    for ln in lines[:-1]:
        starts.append(starts[-1] + len(ln) + 1)
    return text, starts


def insert_fix(
    df: Dockerfile,
    ins: Instruction,
    pattern: str,
    occurrence: int,
    addition: str,
    description: str,
    safe: bool = True,
    expected: int | None = None,
) -> Fix | None:
    """Insert `addition` at the end of the `occurrence`-th match of `pattern` in the instruction.

    The pattern must match inside one physical line. Returns None when it matches other than
    `expected` times (the number of commands it stands for), so a fix is offered only where the
    text to change is certain.
    """
    if ins.shell_error or ins.json_form:
        return None
    text, starts = _line_offsets(df, ins)
    matches = [m for m in re.finditer(pattern, text) if "\n" not in m.group()]
    if occurrence >= len(matches) or (expected is not None and len(matches) != expected):
        return None
    m = matches[occurrence]
    pos = m.end()
    idx = max(i for i, s in enumerate(starts) if s <= pos)
    line_no = ins.line + idx
    line = df.lines[line_no - 1]
    col = pos - starts[idx]
    new = line[:col] + addition + line[col:]
    return Fix(description, (TextEdit(line_no, line_no, new + "\n"),), safe=safe)


def count_matching(cmds: Iterable[Command], upto: Command, pred) -> int:
    """How many commands before `upto` (in order) satisfy pred: the occurrence index of `upto`."""
    n = 0
    for c in cmds:
        if c is upto:
            return n
        if pred(c):
            n += 1
    return n


def prog_pattern(names: Iterable[str]) -> str:
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return rf"(?<![\w.-])(?:[\w./-]*/)?(?:{alt})(?![\w.-])"


def sub_pattern(names: Iterable[str], subs: Iterable[str]) -> str:
    """`prog [options] sub` on one line; the match ends right after `sub`."""
    alt = "|".join(re.escape(s) for s in sorted(subs, key=len, reverse=True))
    return prog_pattern(names) + rf"(?:[ \t]+-[^\s]*(?:[ \t]+[^\s-][^\s]*)??)*?[ \t]+(?:{alt})(?![\w-])"


def iter_stage_instructions(df: Dockerfile, *keywords: str) -> Iterator[tuple[Stage, Instruction]]:
    for stage in df.stages:
        for ins in stage.instructions:
            if not keywords or ins.keyword in keywords:
                yield stage, ins


# ----------------------------------------------------------------------------------------------
# version pinning: classify one package word as "pinned", "unpinned" or "unknown"

PIN_LEVELS = ("version", "exact")


def _local_or_url(word: str, suffixes: tuple[str, ...]) -> bool:
    w = word.lower()
    return (
        w.startswith(("./", "../", "/", "~", "file:"))
        or w in (".", "..")
        or "://" in w
        or w.endswith(suffixes)
    )


def apt_pin(word: str, level: str) -> str:
    if has_var(word):
        return "unknown"
    if _local_or_url(word, (".deb",)):
        return "pinned"
    if word.endswith("-") or word.startswith("-"):
        return "unknown"  # `pkg-` removes a package
    if "=" in word:
        version = word.split("=", 1)[1]
        if not version:
            return "unpinned"
        return "unpinned" if level == "exact" and "*" in version else "pinned"
    return "unpinned"  # `pkg`, `pkg/bookworm-backports` (a release, not a version)


def apk_pin(word: str, level: str) -> str:
    if has_var(word):
        return "unknown"
    if _local_or_url(word, (".apk",)):
        return "pinned"
    if word.startswith("!"):
        return "unknown"
    m = re.search(r"(=|~=?|>=?|<=?)([^=~<>].*)?$", word)
    if not m or not m.group(2):
        return "unpinned"
    if level == "exact" and m.group(1) != "=":
        return "unpinned"
    return "pinned"


def rpm_pin(word: str, level: str) -> str:
    """yum / dnf / microdnf: `name-1.2.3`, `name-1.2-3.el9.x86_64`; zypper also `name=1.2`."""
    if has_var(word):
        return "unknown"
    if _local_or_url(word, (".rpm",)) or word.startswith("@"):
        return "pinned"  # a file, or a group / module
    m = re.search(r"(>=|<=|=|>|<)(.+)$", word)
    if m:
        return "unpinned" if level == "exact" and m.group(1) != "=" else "pinned"
    if re.search(r"-\d[\w.+~:^]*(?:-\d[\w.+~^]*)?$", word) and not word[0].isdigit():
        return "unpinned" if level == "exact" and "*" in word else "pinned"
    return "unpinned"


def pip_pin(word: str, level: str) -> str:
    if has_var(word):
        return "unknown"
    spec = word.split(";", 1)[0].strip()
    low = spec.lower()
    if re.match(r"^(git|hg|svn|bzr)\+", low):
        # VCS: pinned only with an @ref after the repository path
        tail = low.split("://", 1)[-1]
        path = tail.split("#", 1)[0]
        return "pinned" if "@" in path.split("/", 1)[-1] else "unpinned"
    if _local_or_url(spec, (".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz")) or "/" in spec:
        return "pinned"
    if " @ " in spec or re.match(r"^[\w.\-\[\],]+@", spec):
        return "pinned"  # PEP 508 direct reference
    m = re.search(r"(===|==|~=|!=|>=|<=|>|<)", spec)
    if not m:
        return "unpinned"
    if level == "exact":
        return "pinned" if m.group(1) in ("==", "===") and "*" not in spec else "unpinned"
    if m.group(1) == "!=" and not re.search(r"(===|==|~=|>=|<=|>|<)", spec.replace("!=", "")):
        return "unpinned"  # only an exclusion
    return "pinned"


def npm_pin(word: str, level: str) -> str:
    if has_var(word):
        return "unknown"
    low = word.lower()
    if low.startswith(("git+", "git:", "github:", "gitlab:", "bitbucket:")) or low.endswith(".git") or "://" in low and ".git" in low:
        return "pinned" if "#" in low and not low.endswith("#") else "unpinned"
    if _local_or_url(word, (".tgz", ".tar.gz", ".tar")):
        return "pinned"
    if "/" in word and not word.startswith("@"):
        # `user/repo` GitHub shorthand
        return "pinned" if "#" in word else "unpinned"
    name, at, version = word[1:].partition("@")
    if not at or not version:
        return "unpinned"
    if version.lower() in ("latest", "next", "beta", "alpha", "canary", "nightly", "*", "x"):
        return "unpinned"
    if level == "exact" and not re.fullmatch(r"v?\d+\.\d+\.\d+(?:[-+][\w.\-+]+)?", version):
        return "unpinned"
    if not re.search(r"\d", version) and level == "version":
        return "unpinned"  # a dist-tag
    return "pinned"


def pip_requirement_words(words: list[str]) -> list[str]:
    """Join `name @ url` into one word (PEP 508 direct references split by the shell)."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 2 < len(words) and words[i + 1] == "@":
            out.append(f"{words[i]} @ {words[i + 2]}")
            i += 3
            continue
        out.append(words[i])
        i += 1
    return out


def pipeline_of(ins: Instruction, cmd: Command) -> list[Command]:
    """The commands of the pipeline `cmd` belongs to, in order."""
    target = ins.onbuild if ins.onbuild is not None else ins
    return [c for c in target.commands if c.pipeline == cmd.pipeline and c.nested == cmd.nested]


def short_flags(word: str) -> str:
    """The letters of a short-option word (`-ou` -> "ou"), or "" for anything else."""
    if word.startswith("-") and not word.startswith("--") and len(word) > 1:
        return word[1:]
    return ""


def pin_hits(df: Dockerfile, ctx, words_of, classify, what: str, name_of=lambda w: w):
    """Hits for the unpinned packages of every command `words_of` recognises (None: not one)."""
    from dockguard.rules.base import Hit

    level = str(ctx.options.get("level", "version")).lower()
    if level not in PIN_LEVELS:
        level = "version"
    exempt = {str(e).lower() for e in ctx.options.get("exempt", ()) or ()}
    for _ins, cmd in df.iter_commands():
        words = words_of(cmd)
        if not words:
            continue
        unpinned = [w for w in words if classify(w, level) == "unpinned" and name_of(w).lower() not in exempt]
        if unpinned:
            shown = ", ".join(unpinned[:8]) + (f" (+{len(unpinned) - 8} more)" if len(unpinned) > 8 else "")
            yield Hit(f"{what} without {'an exact' if level == 'exact' else 'a'} pinned version: {shown}",
                      line=cmd.line, evidence=cmd.text or None)


FETCHERS = frozenset({"curl", "wget", "fetch", "aria2c", "http", "https", "xh"})
INTERPRETERS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox", "python", "python2", "python3",
                          "perl", "ruby", "node", "php", "pwsh", "powershell", "fish", "tcsh", "csh"})


def command_urls(cmd: Command) -> list[str]:
    return [w for w in cmd.args if is_url(w)]


def is_fetch(cmd: Command) -> bool:
    """A command that downloads a URL (curl/wget …) — not one that only names a URL as data."""
    return cmd.name in FETCHERS and bool(command_urls(cmd))


def command_fix(df: Dockerfile, ins: Instruction, cmd: Command, pred, pattern: str, addition: str,
                description: str, safe: bool = True) -> Fix | None:
    """Insert `addition` after the text `pattern` matches for `cmd`, the k-th command of its RUN
    satisfying `pred`; only when the pattern matches exactly as many times as such commands."""
    cmds = [c for c in run_commands(ins) if pred(c)]
    try:
        occurrence = next(i for i, c in enumerate(cmds) if c is cmd)
    except StopIteration:
        return None
    return insert_fix(df, ins, pattern, occurrence, addition, description, safe, expected=len(cmds))


@dataclass(frozen=True, slots=True)
class EnvSetting:
    line: int
    name: str
    value: str | None
    where: str  # "ENV", "ARG", "RUN"


def env_settings(df: Dockerfile) -> Iterator[EnvSetting]:
    """Every variable set by ENV/ARG (ONBUILD included) or inside RUN (`X=1 cmd`, `export X=1`)."""
    for ins, key, val in env_bindings(df):
        target = ins.onbuild if ins.onbuild is not None else ins
        yield EnvSetting(ins.line, key, val, target.keyword)
    for ins, cmd in df.iter_commands():
        for key, val in command_env(cmd):
            yield EnvSetting(cmd.line, key, val, "RUN")


def written_config(cmd: Command) -> tuple[str, str] | None:
    """For `echo 'text' >> file` / `printf … > file` / `tee`: (text, file), else None."""
    if cmd.name in ("echo", "printf") and ">" in cmd.text:
        target = cmd.text.rsplit(">", 1)[1].split()
        if target:
            text = " ".join(a for a in cmd.args if not (a.startswith("-") and len(a) <= 3))
            return text.replace("\\n", "\n"), target[0]
    return None


def positionals(args: list[str]) -> list[str]:
    return [a for a in args if not a.startswith("-")]


def clean(value: str | None) -> str:
    """A value as the program sees it (quotes were already removed by the parser)."""
    return (value or "").strip()


INSTALLERS = {
    "apt-get": ("install",), "apt": ("install",), "aptitude": ("install",),
    "apk": ("add",), "yum": ("install",), "dnf": ("install",), "microdnf": ("install",),
    "tdnf": ("install",), "zypper": ("install", "in"), "pacman": ("-S", "-Sy", "-Syu"),
}
_REMOVE_VERBS = {"apt-get": ("purge", "remove", "autoremove"), "apt": ("purge", "remove"), "apk": ("del",),
                 "yum": ("remove", "erase"), "dnf": ("remove", "erase"), "microdnf": ("remove",),
                 "tdnf": ("remove", "erase"), "zypper": ("remove", "rm"), "pacman": ("-R", "-Rs", "-Rns")}


def installed_packages(cmd: Command) -> list[str]:
    """Package names an install command adds (versions and flags stripped), else []."""
    verbs = INSTALLERS.get(cmd.name)
    if not verbs:
        return []
    words = cmd.args
    verb_at = next((i for i, w in enumerate(words) if w in verbs), None)
    if verb_at is None:
        return []
    out: list[str] = []
    skip_next = False
    for w in words[verb_at + 1 :]:
        if skip_next:
            skip_next = False
            continue
        if w in ("-t", "--target-release", "--virtual", "-t", "-X", "--repository", "--setopt", "-o"):
            skip_next = True
            continue
        if w.startswith("-") or "$" in w or w.startswith((".", "/")):
            continue
        name = re.split(r"[=<>~:]", w, 1)[0]
        if cmd.name in ("yum", "dnf", "microdnf", "tdnf", "zypper") and re.search(r"-\d", name):
            name = re.split(r"-\d", name, 1)[0]
        out.append(name.lower())
    return out


def removed_packages(cmd: Command) -> set[str]:
    verbs = _REMOVE_VERBS.get(cmd.name)
    if not verbs:
        return set()
    words = cmd.args
    verb_at = next((i for i, w in enumerate(words) if w in verbs), None)
    if verb_at is None:
        return set()
    return {re.split(r"[=<>~:]", w, 1)[0].lower() for w in words[verb_at + 1 :] if not w.startswith("-")}


def virtual_group(cmd: Command) -> str | None:
    """`apk add --virtual .build-deps …` -> ".build-deps"."""
    if cmd.name == "apk":
        return cmd.flag_value("--virtual", "-t")
    return None


def final_packages(df: Dockerfile, ctx) -> list[tuple[str, int]]:
    """(package, line) installed in the shipped stages and not removed later in them."""
    installed: list[tuple[str, int, str | None]] = []
    removed: set[str] = set()
    for stage in reversed(shipped_stages(df, ctx)):
        for ins, cmd in stage_commands(stage):
            group = virtual_group(cmd)
            for pkg in installed_packages(cmd):
                installed.append((pkg, cmd.line, group))
            gone = removed_packages(cmd)
            if gone:
                removed |= gone
    return [(p, line) for p, line, group in installed if p not in removed and (group is None or group.lower() not in removed)]
