from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import external_bases

RULE = Rule(
    id="DG104",
    title="Base image uses the latest tag or no tag",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P03",),
    peers={
        "hadolint": ("DL3006", "DL3007"),
        "trivy": ("DS-0001",),
        "checkov": ("CKV_DOCKER_7",),
        "dockle": ("DKL-DI-0006",),
    },
    rationale=(
        "`latest` (written, or implied by a missing tag) moves to every new release: builds are not "
        "reproducible and a major upgrade of the base arrives unannounced. ARGs in FROM are "
        "resolved from their defaults; a FROM whose tag comes from an ARG without a default is "
        "not reported here (DG103 says it cannot be checked), and stage names and `scratch` are "
        "exempt."
    ),
    remediation=(
        "Name a specific version tag, `FROM node:20.15-bookworm-slim`, and for full "
        "reproducibility its digest as well (DG103)."
    ),
    examples=(
        bad("FROM node\nUSER node\n"),
        bad("ARG TAG=latest\nFROM alpine:${TAG}\n"),
        good("FROM node:20.15-bookworm-slim\nUSER node\n"),
        good("FROM alpine:3.20 AS base\nFROM base\nFROM scratch\n", note="stage names and scratch are exempt"),
    ),
)


def check(df: Dockerfile, ctx):
    for base in external_bases(df):
        ref = base.ref
        if ref is None or base.tag_unknown or ref.digest is not None:
            continue
        via = ""
        if base.text != ref.raw and base.resolved is not None:
            via = f" (resolves to {base.resolved})"
        elif base.unknown_args:
            names = ", ".join(dict.fromkeys(base.unknown_args))
            via = f" (ARG {names} has no default: untagged unless the build passes one)" if ref.registry else f" (ARG {names} has no default)"
        if ref.tag is None:
            yield Hit(f"FROM {base.text}{via}: no tag, so the build pulls 'latest'", line=base.stage.line)
        elif ref.tag.lower() == "latest":
            yield Hit(f"FROM {base.text}{via}: the 'latest' tag changes with every release", line=base.stage.line)
