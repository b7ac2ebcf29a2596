import re

from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.image._common import scan_text, suspicious_assignment

RULE = Rule(
    id="DG503",
    title="A secret is recorded in the image history",
    severity=Severity.CRITICAL,
    kind="image",
    practices=("P05", "P06"),
    peers={"dockle": ("CIS-DI-0010",)},
    cis=("4.10",),
    rationale=(
        "The history (`docker history --no-trunc`) keeps every instruction: build arguments, `RUN` lines "
        "with tokens, `ENV` values later unset. Anyone who pulls the image reads them."
    ),
    remediation="Pass build secrets with `RUN --mount=type=secret` (BuildKit) instead of ARG/ENV or inline values, and rebuild.",
    examples=(
        bad("layers:\n  - created_by: '|1 API_TOKEN=Zq8wL2pX9vR4tY7uQ3 /bin/sh -c ./fetch.sh'\n    files: {}\n", lang="image"),
        good("layers:\n  - created_by: '/bin/sh -c apk add --no-cache curl'\n    files: {}\n", lang="image"),
    ),
)

_ARGS = re.compile(r"^\|\d+ ((?:\S+=\S*\s+)+)")
_ENV = re.compile(r"#\(nop\)\s+ENV\s+(\S+?)=(.*)$|^ENV\s+(\S+?)=(.*)$")


def check(image: Image, ctx):
    from dockguard.redact import redact

    for i, h in enumerate(image.history):
        text = h.created_by
        if not text:
            continue
        env = _ENV.search(text)
        if env:
            name = env.group(1) or env.group(3)
            if name in image.env:
                continue  # still in Config.Env: DG502 reports it
        where = f"{image.reference} history[{i}]"
        matches = scan_text(text)
        for m in matches[:3]:
            yield Hit(f"history entry {i}: {m.detector.description} ({m.detector.id}): {m.redacted}",
                      object=where, evidence=m.redacted)
        if matches:
            continue
        args = _ARGS.match(text)
        pairs = [a.split("=", 1) for a in args.group(1).split()] if args else []
        if env:
            pairs.append((env.group(1) or env.group(3), (env.group(2) or env.group(4) or "").strip()))
        for name, value in pairs:
            if suspicious_assignment(name, value):
                yield Hit(f"history entry {i}: build argument or ENV {name}={redact(value)} is kept in the image",
                          object=where, evidence=redact(value))
