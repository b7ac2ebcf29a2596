from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG163",
    title="apk add without --no-cache",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P07",),
    peers={"hadolint": ("DL3019",), "trivy": ("DS-0025",), "dockle": ("DKL-DI-0004",)},
    fixable=True,
    tags=("hygiene", "apk"),
    rationale=(
        "Without `--no-cache` apk keeps the package index (and with a cache dir, the packages) in "
        "/var/cache/apk, inside the layer. Not reported when the same RUN removes /var/cache/apk "
        "afterwards or a `--mount=type=cache` covers it."
    ),
    remediation="`apk add --no-cache PKG…` (it also makes `apk update` / `--update` unnecessary).",
    examples=(
        bad("FROM alpine:3.20\nRUN apk add curl\n"),
        good("FROM alpine:3.20\nRUN apk add curl --no-cache\n"),
        good("FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n"),
    ),
)


def _removes_cache(cmd) -> bool:
    return cmd.name == "rm" and any(a.startswith("/var/cache/apk") for a in cmd.args)


def check(df: Dockerfile, ctx):
    for stage in u.shipped_stages(df, ctx):
        for ins in stage.instructions:
            if ins.keyword != "RUN" or u.has_cache_mount(ins, "/var/cache/apk", "/etc/apk/cache"):
                continue
            cmds = u.run_commands(ins)
            for i, cmd in enumerate(cmds):
                if not u.is_apk_add(cmd) or cmd.has_flag("--no-cache"):
                    continue
                if u.later_in_run(cmds, i, _removes_cache):
                    continue
                fix = u.command_fix(df, ins, cmd, u.is_apk_add, u.sub_pattern(("apk",), ("add",)), " --no-cache", "add --no-cache")
                pkgs = u.apk_sub(cmd)[1]
                yield Hit(f"apk add without --no-cache: {', '.join(pkgs[:6]) or '(no packages)'}", line=cmd.line, fix=fix)
