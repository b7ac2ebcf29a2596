from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.image._common import scan_text, suspicious_assignment

RULE = Rule(
    id="DG504",
    title="A secret is stored in an image label",
    severity=Severity.HIGH,
    kind="image",
    practices=("P06",),
    peers={"dockle": ("CIS-DI-0010",)},
    rationale="Labels are public metadata: registries, scanners and `docker inspect` show them to anyone who can pull.",
    remediation="Remove the label and rotate the secret; labels should hold only descriptive metadata.",
    examples=(
        bad("config: {Labels: {deploy.token: '" + "glp" + "at-" + "Zq8wL2pX9vR4tY7uQ3aB'}}\nfiles: {}\n", lang="image"),
        good("config: {Labels: {org.opencontainers.image.source: 'https://git.acme.test/app'}}\nfiles: {}\n", lang="image"),
    ),
)


def check(image: Image, ctx):
    from dockguard.redact import redact

    for name, value in image.labels.items():
        matches = scan_text(f"{name}={value}")
        if matches:
            m = matches[0]
            yield Hit(f"label {name}: {m.detector.description} ({m.detector.id}): {m.redacted}",
                      object=f"{image.reference} Config.Labels", evidence=m.redacted)
        elif suspicious_assignment(name.replace(".", "_"), value):
            yield Hit(f"label {name} holds a value that looks secret: {redact(value)}",
                      object=f"{image.reference} Config.Labels", evidence=redact(value))
