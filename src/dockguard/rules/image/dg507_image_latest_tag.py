from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG507",
    title="The image is referenced by the `latest` tag",
    severity=Severity.LOW,
    kind="image",
    practices=("P03", "P13"),
    peers={"dockle": ("DKL-DI-0006",)},
    rationale="`latest` moves: what is deployed, scanned and rolled back to can differ without anyone seeing it.",
    remediation="Tag images with a version (or the commit) and deploy by digest (`name@sha256:…`).",
    examples=(
        bad("reference: app:latest\nfiles: {}\n", lang="image"),
        good("reference: app:1.4.2\nfiles: {}\n", lang="image"),
    ),
)


def _is_latest(ref: str) -> bool:
    if "@sha256:" in ref:
        return False
    last = ref.rsplit("/", 1)[-1]
    return last.endswith(":latest") or ":" not in last


def check(image: Image, ctx):
    if image.source in ("registry", "daemon", "memory") and _is_latest(image.reference):
        if not (image.source == "daemon" and image.reference.startswith("sha256:")):
            yield Hit(f"{image.reference}: no version tag (latest)", object=image.reference)
            return
    if image.source in ("docker-archive", "oci-layout") and image.tags and all(_is_latest(t) for t in image.tags):
        yield Hit(f"tagged only {', '.join(image.tags)}", object=image.reference)
