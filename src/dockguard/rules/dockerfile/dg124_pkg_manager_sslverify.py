import re

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._tlsrule import TLS_FIX_CA, TLS_RATIONALE
from dockguard.rules.dockerfile._util import written_config

RULE = Rule(
    id="DG124",
    title="Package manager with TLS verification disabled",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P09",),
    peers={"checkov": ("CKV2_DOCKER_15",)},
    rationale=(
        "`--setopt=sslverify=0` (yum, dnf, their config-manager), `sslverify=0` written to a "
        ".repo or yum.conf, and apt's `Acquire::https::Verify-Peer false` make the package "
        "manager accept any repository certificate. " + TLS_RATIONALE
    ),
    remediation="Keep sslverify on; for a private CA set `sslcacert=` in the repo file. " + TLS_FIX_CA,
    examples=(
        bad("FROM fedora:40\nRUN dnf config-manager --save --setopt=sslverify=0\n"),
        good("FROM fedora:40\nRUN dnf config-manager --save --setopt=install_weak_deps=False\n"),
    ),
)

_YUM = frozenset({"yum", "dnf", "tdnf", "microdnf", "yum-config-manager", "dnf-config-manager"})
_SSLVERIFY = re.compile(r"^(?:[\w\-.*\\]+\.)?sslverify['\"]?=['\"]?(0|false|no|off)['\"]?$", re.I)
_APT_VERIFY = re.compile(r"Acquire::https?(::[^:=\s]+)?::Verify-(Peer|Host)\s*=?\s*\"?(false|0|no)", re.I)


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        if cmd.name in _YUM:
            for word in cmd.args:
                if word.startswith("--setopt="):
                    opt = word.split("=", 1)[1]
                    if _SSLVERIFY.match(opt.replace('"', "").replace("'", "")):
                        yield Hit(f"{cmd.name} --setopt={opt}: repository certificates are not checked", line=cmd.line)
                        break
        elif cmd.name in ("apt-get", "apt", "aptitude"):
            for i, word in enumerate(cmd.args):
                opt = cmd.args[i + 1] if word == "-o" and i + 1 < len(cmd.args) else (word[2:] if word.startswith("-o") and len(word) > 2 else "")
                if opt and _APT_VERIFY.search(opt):
                    yield Hit(f"{cmd.name} -o {opt}: repository certificates are not checked", line=cmd.line)
                    break
        written = written_config(cmd)
        if written:
            text, target = written
            compact = text.replace(" ", "")
            if (target.endswith((".repo", "yum.conf", "dnf.conf")) and re.search(r"sslverify=(0|false|no)", compact, re.I)) or (
                "apt" in target and _APT_VERIFY.search(text)
            ):
                yield Hit(f"certificate checks turned off in {target}", line=cmd.line)
