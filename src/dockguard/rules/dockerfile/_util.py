"""Helpers shared by the Dockerfile rules: stages, image references, ENV/ARG pairs, words.

Pure functions over the model; standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from dockguard.model.dockerfile import Command, Dockerfile, Instruction, Stage

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
        ref = parse_image(stripped) if stripped and not stripped.startswith("/") else None
        return BaseImage(stage, text, None, ref, False, False, tuple(unknown))
    if resolved.lower() == "scratch":
        return BaseImage(stage, text, resolved, None, False, True)
    return BaseImage(stage, text, resolved, parse_image(resolved), False, False)


def external_bases(df: Dockerfile) -> Iterator[BaseImage]:
    """The FROM of every stage that names an image (not an earlier stage, not scratch)."""
    for stage in df.stages:
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
    return value is not None and value.strip().strip("'\"").lower() in ("0", "false", "no", "off", "n")


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
