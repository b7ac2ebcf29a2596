import re

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Option, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG151",
    title="pip packages installed without a pinned version",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P09",),
    peers={"hadolint": ("DL3013",)},
    options=(
        Option("level", "version", "version: any version specifier (`>=1.2,<2`); exact: `==` only"),
        Option("exempt", ["pip", "setuptools", "wheel"], "package names that may stay unpinned (installer tooling by default)"),
    ),
    tags=("pinning", "pip"),
    rationale=(
        "PyPI keeps every release, so a pin costs nothing and protects the build from a malicious "
        "or broken new release of a dependency (supply-chain attacks publish new versions). "
        "Requirement files (`-r`), constraints, local paths, wheels and VCS URLs with an `@ref` "
        "count as pinned."
    ),
    remediation="Pin with `pip install flask==3.0.3`, or install from a lock file: `pip install -r requirements.txt` (with hashes: `--require-hashes`).",
    examples=(
        bad("FROM python:3.12-slim\nRUN pip install --no-cache-dir flask requests==2.32.3\n"),
        good("FROM python:3.12-slim\nRUN pip install --no-cache-dir --upgrade pip && pip install --no-cache-dir -r requirements.txt flask==3.0.3 .\n"),
    ),
)


def _words(cmd):
    parsed = u.pip_install_words(cmd)
    if parsed is None:
        return None
    return u.pip_requirement_words(parsed[1])


def _name(word: str) -> str:
    return re.split(r"[\[<>=!~;@ ]", word, maxsplit=1)[0]


def check(df: Dockerfile, ctx):
    yield from u.pin_hits(df, ctx, _words, u.pip_pin, "pip install", _name)
