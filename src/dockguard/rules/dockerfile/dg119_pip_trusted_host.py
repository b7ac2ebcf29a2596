from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._tlsrule import TLS_FIX_CA, TLS_RATIONALE
from dockguard.rules.dockerfile._util import clean, env_settings, positionals

RULE = Rule(
    id="DG119",
    title="pip trusts a host without TLS verification",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P09",),
    peers={"checkov": ("CKV2_DOCKER_4", "CKV2_DOCKER_16")},
    rationale=(
        "`pip --trusted-host`, `PIP_TRUSTED_HOST` and `pip config set global.trusted-host` make pip "
        "accept that index over plain HTTP or with any certificate. " + TLS_RATIONALE
    ),
    remediation="Remove the trusted host and reach the index over verified HTTPS. " + TLS_FIX_CA,
    examples=(
        bad("FROM python:3.12-slim\nRUN pip install --trusted-host pypi.org flask==3.0.3\n"),
        bad("FROM python:3.12-slim\nENV PIP_TRUSTED_HOST=pypi.internal\n"),
        good("FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n"),
    ),
)


def _is_pip(cmd) -> bool:
    name = cmd.name
    if name.startswith("pip") or name in ("uv", "pipenv", "poetry"):
        return True
    return name.startswith("python") and "-m" in cmd.args and "pip" in cmd.args


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        if not _is_pip(cmd):
            continue
        host = cmd.flag_value("--trusted-host")
        if host is not None or cmd.has_flag("--trusted-host"):
            yield Hit(f"{cmd.name} --trusted-host {host or ''}".rstrip() + ": TLS checks are off for that host", line=cmd.line)
            continue
        words = positionals(cmd.args)
        if "config" in words and "set" in words:
            rest = words[words.index("set") + 1 :]
            if rest and rest[0].split("=", 1)[0].endswith("trusted-host"):
                yield Hit(f"pip config sets {rest[0].split('=', 1)[0]}: TLS checks are off for that host", line=cmd.line)
    for s in env_settings(df):
        if s.name == "PIP_TRUSTED_HOST" and clean(s.value):
            yield Hit(f"{s.where} PIP_TRUSTED_HOST={clean(s.value)}: TLS checks are off for that host", line=s.line)
