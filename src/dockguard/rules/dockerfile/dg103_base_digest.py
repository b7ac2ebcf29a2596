from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good
from dockguard.rules.dockerfile._util import external_bases

RULE = Rule(
    id="DG103",
    title="Base image not pinned by digest",
    severity=Severity.INFO,
    kind="dockerfile",
    practices=("P03", "P13"),
    peers={},
    rationale=(
        "A tag is mutable: `python:3.12-slim` names a different image tomorrow, so two builds of "
        "the same Dockerfile can differ and a compromised registry can swap the image under the "
        "tag. A digest (`@sha256:…`) names exactly one image. The trade-off is yours: a tag gets "
        "security patches on every rebuild, a digest only when you bump it (let Renovate or "
        "Dependabot do that). With `level: tag` (the default) this is advice (info); with "
        "`level: digest` it is policy (medium)."
    ),
    remediation=(
        "Pin the digest next to the tag, which stays readable: "
        "`FROM python:3.12-slim@sha256:<digest>` (get it with `docker buildx imagetools inspect "
        "python:3.12-slim` or `crane digest`), and let a bot bump it."
    ),
    options=(
        Option("level", "tag", "`tag`: a missing digest is advice (info); `digest`: a missing digest is a medium finding"),
    ),
    examples=(
        bad("FROM python:3.12-slim\nUSER 10001\n"),
        good(
            "FROM python:3.12-slim@sha256:2b8c5f3e1a0d4e6b7c9f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d\nUSER 10001\n"
        ),
    ),
)


def check(df: Dockerfile, ctx):
    level = str(ctx.options.get("level", "tag")).lower()
    severity = Severity.MEDIUM if level == "digest" else Severity.INFO
    for base in external_bases(df):
        line = base.stage.line
        if base.resolved is None and base.ref is None or base.tag_unknown:
            names = ", ".join(dict.fromkeys(base.unknown_args))
            yield Hit(
                f"FROM {base.text}: ARG {names} has no default, so the base image cannot be checked "
                f"(pass it a pinned value, or give the ARG a default with a digest)",
                line=line,
                severity=Severity.INFO,
            )
            continue
        if base.ref is not None and base.ref.digest is None:
            yield Hit(f"FROM {base.text}: base image not pinned by digest (@sha256:…)", line=line, severity=severity)
