from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG500",
    title="Part of the image could not be read",
    severity=Severity.MEDIUM,
    kind="image",
    practices=("P06", "P12"),
    rationale=(
        "A layer that is truncated, corrupt, fails its digest check, expands like a decompression bomb or "
        "holds entries that climb out of the root is a part no other check has seen, and a sign of tampering."
    ),
    remediation="Rebuild or re-pull the image from a trusted source and check its digest; the rest of the image was still checked.",
    examples=(
        bad("layers:\n  - files:\n      ../etc/evil: x\n", lang="image"),
        good("layers:\n  - files:\n      etc/ok: x\n", lang="image"),
    ),
)


def check(image: Image, ctx):
    for problem in image.errors:
        yield Hit(problem, object=image.reference)
