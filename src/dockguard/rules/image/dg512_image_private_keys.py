from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.image._common import PACKAGE_TREES, files, key_file_kind, obj, read

RULE = Rule(
    id="DG512",
    title="A private key or keystore is in the image",
    severity=Severity.HIGH,
    kind="image",
    practices=("P06",),
    peers={"dockle": ("CIS-DI-0010",)},
    cis=("4.10",),
    rationale="Keys in an image are readable by everyone who can pull it; TLS, SSH and signing keys must come from a secret store at run time.",
    remediation="Remove the key from the build context (.dockerignore), rotate it, and mount it at run time as a secret.",
    examples=(
        bad("files:\n  app/keystore.p12: {content: binary}\n", lang="image"),
        bad("files:\n  root/.ssh/id_ed25519: {content: key, mode: '0600'}\n", lang="image"),
        good("files:\n  etc/ssl/certs/ca.pem: '-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n'\n", lang="image"),
    ),
)


def check(image: Image, ctx):
    seen_by_engine = {h.path for h in (image.secrets or []) if h.detector.startswith("private-key")}
    pem = []
    for e in files(image):
        if e.type != "file" or PACKAGE_TREES.match(e.path) or e.path in seen_by_engine:
            continue
        kind = key_file_kind(e.path)
        if kind == "keystore":
            yield Hit(f"keystore /{e.path}", object=obj(e.path, image, e.layer))
        elif kind == "ssh-key":
            yield Hit(f"SSH private key /{e.path}", object=obj(e.path, image, e.layer))
        elif kind == "pem":
            pem.append(e)
    if pem:
        data = read(image, [e.path for e in pem], 64 << 10)
        for e in pem:
            if b"PRIVATE KEY" in data.get(e.path, b""):
                yield Hit(f"private key /{e.path}", object=obj(e.path, image, e.layer))
