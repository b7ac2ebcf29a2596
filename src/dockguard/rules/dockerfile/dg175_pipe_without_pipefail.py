from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG175",
    title="RUN with a pipe but without pipefail",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P09",),
    peers={"hadolint": ("DL4006",)},
    tags=("robustness",),
    rationale=(
        "A pipeline's status is that of its last command: `curl -fsSL URL | tar xz` succeeds when "
        "the download fails, and the build goes on with missing or truncated content. Not "
        "reported when the RUN sets `-o pipefail` first, or the stage's SHELL includes it, or the "
        "SHELL is not a POSIX shell."
    ),
    remediation='Add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the RUN, or start the RUN with `set -o pipefail &&` (bash, or dash/busybox ash with pipefail support).',
    examples=(
        bad("FROM debian:12\nRUN curl -fsSL https://example.com/x.tgz | tar -xz -C /opt\n"),
        good('FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/x.tgz | tar -xz -C /opt\n'),
        good("FROM debian:12\nRUN set -eux -o pipefail; curl -fsSL https://example.com/x.tgz | tar -xz -C /opt\n"),
    ),
)

_POSIX = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"})


def _sets_pipefail(cmd) -> bool:
    if cmd.name != "set":
        return False
    args = cmd.args
    return any(a == "pipefail" and i > 0 and args[i - 1].startswith("-") and args[i - 1].endswith("o") for i, a in enumerate(args))


def check(df: Dockerfile, ctx):
    for ins in df.iter_instructions("RUN"):
        if ins.json_form:
            continue
        shell = u.stage_shell(df, ins)
        if shell:
            if shell[0].rsplit("/", 1)[-1].lower().removesuffix(".exe") not in _POSIX:
                continue
            if "pipefail" in shell:
                continue
        for cmd in ins.commands:
            if _sets_pipefail(cmd) and not cmd.nested:
                break
            if cmd.pipe_length > 1 and cmd.pipe_position == 0 and not cmd.nested:
                # Command names only: arguments may hold secrets (`echo 'root:pw' | chpasswd`).
                names = [c.name for c in ins.commands if c.pipeline == cmd.pipeline and not c.nested]
                yield Hit(f"pipe without pipefail: {' | '.join(names)}", line=cmd.line)
                break
