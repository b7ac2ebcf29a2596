from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Option, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG152",
    title="npm packages installed without a pinned version",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P09",),
    peers={"hadolint": ("DL3016",)},
    options=(
        Option("level", "version", "version: any version or range (`@^4.18`); exact: `@4.18.2`"),
        Option("exempt", ["npm"], "package names that may stay unpinned"),
    ),
    tags=("pinning", "npm"),
    rationale=(
        "The npm registry keeps every version: an explicit version keeps builds reproducible and "
        "keeps a freshly published (possibly hijacked) release out. `npm install`/`npm ci` without "
        "package names read the lock file and are not reported; dist-tags such as `@latest` are."
    ),
    remediation="Name a version: `npm install -g typescript@5.4.5`, or install from package-lock.json with `npm ci`.",
    examples=(
        bad("FROM node:20-slim\nRUN npm install -g typescript\n"),
        bad("FROM node:20-slim\nRUN npm i -g pm2@latest\n"),
        good("FROM node:20-slim\nRUN npm ci && npm install -g typescript@5.4.5 ./local-pkg\n"),
    ),
)

_INSTALL = frozenset({"install", "i", "add", "isntall", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal"})


def _words(cmd):
    if cmd.name not in ("npm", "pnpm"):
        return None
    sub, pos = u.npm_sub(cmd)
    if sub not in _INSTALL:
        return None
    return pos


def _name(word: str) -> str:
    return "@" + word[1:].split("@", 1)[0] if word.startswith("@") else word.split("@", 1)[0]


def check(df: Dockerfile, ctx):
    yield from u.pin_hits(df, ctx, _words, u.npm_pin, "npm install", _name)
