from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.image._common import layer_label, obj

RULE = Rule(
    id="DG518",
    title="A secret is in a file of the image",
    severity=Severity.HIGH,
    kind="image",
    practices=("P06",),
    peers={"dockle": ("CIS-DI-0010",)},
    cis=("4.10",),
    rationale=(
        "Every layer ships: a token, key or password in any file (even one a later layer deleted) is readable "
        "by anyone who pulls the image (`docker save` and untar)."
    ),
    remediation=(
        "Remove the secret from the build (use `RUN --mount=type=secret`, .dockerignore), rebuild without the "
        "layer that added it, and rotate the secret: deleting it in a later layer does not remove it."
    ),
    examples=(
        # token-shaped values are assembled from parts so that no literal token sits in the source
        bad("files:\n  app/config.py: \"STRIPE_KEY = '" + "sk_" + "live_" + "Zq8wL2pX9vR4tY7uQ3aBcD5e'\\n\"\n", lang="image"),
        bad("layers:\n  - files: {app/token.txt: '" + "gh" + "p_" + "Zq8wL2pX9vR4tY7uQ3aBcD5eF6gH7iJ8kL9m'}\n  - remove: [app/token.txt]\n    created_by: /bin/sh -c rm app/token.txt\n", lang="image"),
        good("files:\n  app/config.py: \"STRIPE_KEY = os.environ['STRIPE_KEY']\\n\"\n", lang="image"),
    ),
)

_SEV = {s.label: s for s in Severity}


def check(image: Image, ctx):
    hits = image.secrets
    if hits is None:
        from dockguard.secrets.engine import default_scanner
        from dockguard.secrets.scan import scan_image_files

        hits = scan_image_files(image, default_scanner())
    for h in hits:
        msg = f"{h.description} ({h.detector}) in /{h.path}:{h.line}: {h.redacted}"
        if h.removed_in is not None:
            msg += (f"; removed in {layer_label(image, h.removed_in)}, still shipped in "
                    f"{layer_label(image, h.layer)}")
        yield Hit(msg, object=obj(h.path, image, h.layer, h.line), severity=_SEV.get(h.severity),
                  evidence=h.redacted, extra={"detector": h.detector, "file": "/" + h.path, "layer": h.layer})
