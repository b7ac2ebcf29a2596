from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.image._common import layer_label, obj, sensitive_name

RULE = Rule(
    id="DG519",
    title="A secret file deleted in a later layer is still shipped",
    severity=Severity.HIGH,
    kind="image",
    practices=("P06",),
    rationale=(
        "Deleting a file in a later layer only hides it: the layer that added it is still in the image, and "
        "`docker save` gives it back whole."
    ),
    remediation=(
        "Do not add the file at all: use `RUN --mount=type=secret` or a build stage that is not shipped, then "
        "rebuild and rotate the secret."
    ),
    examples=(
        bad("layers:\n  - files: {root/.ssh/id_rsa: key}\n    created_by: COPY id_rsa /root/.ssh/\n  - remove: [root/.ssh/id_rsa]\n    created_by: /bin/sh -c rm /root/.ssh/id_rsa\n", lang="image"),
        good("layers:\n  - files: {app/tmp.txt: x}\n  - remove: [app/tmp.txt]\n", lang="image"),
    ),
)


def check(image: Image, ctx):
    tree = image.files
    hidden = getattr(tree, "hidden", None)
    if hidden is None:
        return
    for entry, by in hidden():
        what = sensitive_name(entry.path)
        if what is None:
            continue
        verb = "replaced" if tree.get(entry.path) is not None else "removed"
        yield Hit(
            f"{what} /{entry.path} added in {layer_label(image, entry.layer)}, {verb} in "
            f"{layer_label(image, by)}: still shipped",
            object=obj(entry.path, image, entry.layer),
        )
