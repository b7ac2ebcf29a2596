import re

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG160",
    title="apt-get install without --no-install-recommends",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P08",),
    peers={"hadolint": ("DL3015",), "trivy": ("DS-0029",)},
    fixable=True,
    tags=("hygiene", "apt"),
    rationale=(
        "apt installs 'recommended' packages by default: often dozens of extra packages (and their "
        "vulnerabilities) that the application never uses. The flag may come anywhere in the "
        "command (also after the packages); `-o APT::Install-Recommends=false` or an apt.conf "
        "setting written earlier in the file also count."
    ),
    remediation="`apt-get install -y --no-install-recommends PKG…`; add back any recommended package the app really needs by name.",
    examples=(
        bad("FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"),
        good("FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl --no-install-recommends\n"),
    ),
)

_CONF = re.compile(r"APT::Install-Recommends\s*(?:=|\s)\s*[\"']?(?:0|false)", re.I)


def _is(cmd) -> bool:
    return cmd.name in ("apt-get", "apt") and u.apt_sub(cmd)[0] in u.APT_INSTALL


def check(df: Dockerfile, ctx):
    conf_line = next((i + 1 for i, ln in enumerate(df.lines) if _CONF.search(ln)), None)
    for ins, cmd in df.iter_commands():
        if not _is(cmd) or cmd.has_flag("--no-install-recommends"):
            continue
        if conf_line is not None and conf_line <= cmd.line:
            continue
        pkgs = u.apt_sub(cmd)[1]
        fix = u.command_fix(df, ins, cmd, _is, u.sub_pattern(("apt-get", "apt"), u.APT_INSTALL),
                            " --no-install-recommends", "add --no-install-recommends (review: fewer packages get installed)",
                            safe=False)
        yield Hit(f"{cmd.name} install without --no-install-recommends: {', '.join(pkgs[:6]) or '(no packages)'}",
                  line=cmd.line, fix=fix, evidence=cmd.text or None)
