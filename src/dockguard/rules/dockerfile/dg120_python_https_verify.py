from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._tlsrule import TLS_FIX_CA, TLS_RATIONALE
from dockguard.rules.dockerfile._util import clean, env_settings

RULE = Rule(
    id="DG120",
    title="PYTHONHTTPSVERIFY=0 disables certificate checks in Python",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P09",),
    peers={"checkov": ("CKV2_DOCKER_5",)},
    rationale="`PYTHONHTTPSVERIFY=0` turns off certificate verification of Python's HTTPS stack. " + TLS_RATIONALE,
    remediation="Remove the variable. " + TLS_FIX_CA,
    examples=(
        bad("FROM python:3.12-slim\nENV PYTHONHTTPSVERIFY=0\n"),
        good("FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for s in env_settings(df):
        if s.name == "PYTHONHTTPSVERIFY" and clean(s.value) == "0":
            yield Hit(f"{s.where} PYTHONHTTPSVERIFY=0: Python skips certificate checks", line=s.line)
