import fnmatch
import posixpath

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._secrets import secret_file, secret_name, value_is_reference
from dockguard.rules.dockerfile._util import dest_arg, kv_pairs, shipped_stages, source_args, unset_names

RULE = Rule(
    id="DG133",
    title="A secret is removed in a later step but stays in an earlier layer",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P05", "P06"),
    peers={},
    cis=("4.10",),
    rationale=(
        "Every instruction makes a layer, and a layer never changes: a key copied in one step "
        "and deleted with `RUN rm` in a later one is still in the first layer (`docker save` "
        "shows it), and `ENV TOKEN=…` followed by `RUN unset TOKEN` (or `ENV TOKEN=`) leaves the "
        "value in the image config and history. The deletion gives a false sense of safety."
    ),
    remediation=(
        "Never put the secret in a layer: `RUN --mount=type=secret,id=key,target=/root/.ssh/id_rsa git clone …` "
        "mounts it for one step only. If a file must be used and removed, do both in the same "
        "RUN, from a secret mount, or in a builder stage whose output you copy (not the secret)."
    ),
    examples=(
        bad("FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\nRUN git clone git@example.com:org/app.git && true\nRUN rm /root/.ssh/id_rsa\n"),
        bad("FROM alpine:3.20\nENV API_TOKEN=abcd1234efgh5678\nRUN ./fetch-deps.sh\nRUN unset API_TOKEN\n"),
        good(
            "# syntax=docker/dockerfile:1\nFROM alpine:3.20\n"
            "RUN --mount=type=ssh git clone git@example.com:org/app.git\n"
        ),
    ),
)

_REMOVERS = frozenset({"rm", "shred", "unlink", "srm", "wipe"})


def _copied_paths(ins) -> list[tuple[str, str]]:
    """(secret source, path it lands at in the image) for a COPY/ADD."""
    dest = dest_arg(ins) or ""
    out = []
    for src in source_args(ins):
        if not secret_file(src):
            continue
        base = src.rstrip("/").rsplit("/", 1)[-1]
        landed = posixpath.join(dest, base) if dest.endswith("/") or dest in (".", "./") else dest
        out.append((src, landed))
    return out


def _matches(removed: str, landed: str, workdir: str) -> bool:
    def norm(p: str) -> str:
        return posixpath.normpath(p if p.startswith("/") else posixpath.join(workdir or "/", p))

    r, l_ = norm(removed), norm(landed)
    return r == l_ or l_.startswith(r.rstrip("/") + "/") or ("*" in removed and fnmatch.fnmatch(l_, r))


def check(df: Dockerfile, ctx):
    for stage in shipped_stages(df, ctx):
        copied: list[tuple[str, str, int]] = []  # source, landed path, line
        env_set: dict[str, int] = {}
        workdir = "/"
        for ins in stage.instructions:
            if ins.keyword == "WORKDIR" and ins.args:
                workdir = posixpath.join(workdir, ins.args[0])
            elif ins.keyword in ("COPY", "ADD") and ins.flag("from") is None:
                for src, landed in _copied_paths(ins):
                    landed = posixpath.normpath(posixpath.join(workdir, landed))
                    copied.append((src, landed, ins.line))
            elif ins.keyword == "ENV":
                for key, value in kv_pairs(ins, df.escape):
                    if secret_name(key):
                        if value_is_reference(value) and key in env_set:
                            yield Hit(
                                f"ENV {key} is cleared here, but the value set on line {env_set[key]} stays in that layer's config and the history",
                                line=ins.line,
                            )
                            env_set.pop(key)
                        elif not value_is_reference(value):
                            env_set[key] = ins.line
            elif ins.keyword == "RUN":
                for cmd in ins.commands:
                    for name in unset_names(cmd) & set(env_set):
                        yield Hit(
                            f"unset {name} does not remove it: ENV on line {env_set[name]} keeps it in the image config and history",
                            line=cmd.line,
                        )
                    if cmd.name in _REMOVERS:
                        targets = [a for a in cmd.args if not a.startswith("-")]
                        for src, landed, line in copied:
                            if any(_matches(t, landed, workdir) for t in targets):
                                yield Hit(
                                    f"{cmd.name} of {landed} does not remove it: {src} copied on line {line} stays in that layer",
                                    line=cmd.line,
                                )
                                break
