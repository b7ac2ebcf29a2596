from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.image._common import scan_text, suspicious_assignment

RULE = Rule(
    id="DG502",
    title="A secret is stored in the image environment",
    severity=Severity.CRITICAL,
    kind="image",
    practices=("P05", "P06"),
    peers={"dockle": ("CIS-DI-0010",)},
    cis=("4.10",),
    rationale=(
        "Config.Env is part of the image: anyone who can pull it reads the value (`docker inspect`), and "
        "every container and child process inherits it."
    ),
    remediation="Remove the ENV; pass the secret at run time from a secret store, or use `RUN --mount=type=secret` during the build.",
    examples=(
        bad("config: {Env: {DB_PASSWORD: Zq8wL2pX9vR4tY7u}}\nfiles: {}\n", lang="image"),
        good("config: {Env: {DB_PASSWORD_FILE: /run/secrets/db, PATH: /usr/bin}}\nfiles: {}\n", lang="image"),
    ),
)


def check(image: Image, ctx):
    from dockguard.redact import redact

    for name, value in image.env.items():
        matches = scan_text(f"{name}={value}")
        if matches:
            m = matches[0]
            yield Hit(f"ENV {name}: {m.detector.description} ({m.detector.id}): {m.redacted}",
                      object=f"{image.reference} Config.Env", evidence=m.redacted)
        elif suspicious_assignment(name, value):
            yield Hit(f"ENV {name} holds a value that looks secret: {redact(value)}",
                      object=f"{image.reference} Config.Env", evidence=redact(value))
