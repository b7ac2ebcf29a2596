import re

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._tlsrule import SIG_RATIONALE
from dockguard.rules.dockerfile._util import written_config

RULE = Rule(
    id="DG126",
    title="APT installs packages without authentication",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P09",),
    peers={"checkov": ("CKV2_DOCKER_8", "CKV2_DOCKER_11")},
    rationale=(
        "`--allow-unauthenticated`, `--force-yes` (which also overrides authentication), "
        "`--allow-insecure-repositories`, `-o APT::Get::AllowUnauthenticated=true` and "
        "`[trusted=yes]` sources make APT install unsigned packages. " + SIG_RATIONALE
    ),
    remediation=(
        "Remove the option; for a third-party repository install its key into "
        "/etc/apt/keyrings and reference it with `signed-by=` in the source line."
    ),
    examples=(
        bad("FROM debian:12-slim\nRUN apt-get install -y --allow-unauthenticated curl\n"),
        bad("FROM debian:12-slim\nRUN apt-get --force-yes install curl\n"),
        good("FROM debian:12-slim\nRUN apt-get install -y --no-install-recommends curl\n"),
    ),
)

_FLAGS = ("--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories", "--allow-releaseinfo-change", "--no-check-gpg")
_OPT = re.compile(r"(APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|APT::Get::force-yes|Acquire::Check-Valid-Until)\s*=?\s*\"?(true|1|yes)", re.I)


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        if cmd.name in ("apt-get", "apt", "aptitude"):
            found = [f for f in _FLAGS[:3] if cmd.has_flag(f)]
            if cmd.name == "aptitude" and cmd.has_flag("--allow-untrusted"):
                found.append("--allow-untrusted")
            for i, word in enumerate(cmd.args):
                opt = cmd.args[i + 1] if word == "-o" and i + 1 < len(cmd.args) else (word[2:] if word.startswith("-o") and len(word) > 2 else "")
                if opt and _OPT.search(opt) and "Check-Valid-Until" not in opt:
                    found.append(f"-o {opt}")
            if found:
                yield Hit(f"{cmd.name} {' '.join(found)}: packages are installed without signature checks", line=cmd.line)
                continue
        written = written_config(cmd)
        if written:
            text, target = written
            if "/etc/apt" in target or target.endswith((".list", ".sources")):
                if re.search(r"\[[^\]]*trusted=yes", text) or re.search(r"^Trusted:\s*yes", text, re.I | re.M):
                    yield Hit(f"APT source marked trusted=yes in {target}: its packages are not verified", line=cmd.line)
                elif _OPT.search(text) and "Check-Valid-Until" not in text:
                    yield Hit(f"unauthenticated packages allowed in {target}", line=cmd.line)
