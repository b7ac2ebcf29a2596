from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG169",
    title="apt used in a script instead of apt-get",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P53",),
    peers={"hadolint": ("DL3027",), "checkov": ("CKV_DOCKER_9",)},
    fixable=True,
    tags=("hygiene", "apt"),
    rationale=(
        "`apt` is the interactive front end: its command line and output are not stable and it "
        "warns so when not on a terminal. Scripts should use `apt-get` / `apt-cache`."
    ),
    remediation="Replace `apt` with `apt-get` (or `apt-cache` for `search`/`show`/`policy`).",
    examples=(
        bad("FROM debian:12\nRUN apt update && apt install -y --no-install-recommends curl\n"),
        good("FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n"),
    ),
)

# apt sub-commands apt-get runs the same way (full-upgrade is apt-get's dist-upgrade: not a rename)
_SAME = frozenset({"install", "reinstall", "remove", "purge", "update", "upgrade", "autoremove", "autopurge",
                   "clean", "autoclean", "source", "build-dep", "satisfy", "download", "changelog"})


def _is(cmd) -> bool:
    return cmd.name == "apt"


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        if not _is(cmd):
            continue
        sub = u.apt_sub(cmd)[0]
        fix = None
        if sub in _SAME and all(u.apt_sub(c)[0] in _SAME for c in u.run_commands(ins) if _is(c)):
            fix = u.command_fix(df, ins, cmd, _is, r"(?<![\w./$-])apt(?=[ \t])", "-get", "replace apt with apt-get")
        yield Hit(f"`apt {sub}` in a script: use apt-get" if sub else "`apt` in a script: use apt-get", line=cmd.line, fix=fix)
