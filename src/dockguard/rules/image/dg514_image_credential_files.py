from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.image._common import PACKAGE_TREES, credential_kind, files, obj, read

RULE = Rule(
    id="DG514",
    title="A cloud or registry credential file is in the image",
    severity=Severity.CRITICAL,
    kind="image",
    practices=("P06",),
    peers={"dockle": ("CIS-DI-0010",)},
    cis=("4.10",),
    rationale=(
        "Credential files (~/.docker/config.json, ~/.aws/credentials, .npmrc, .pypirc, .git-credentials, "
        "kubeconfig …) left by a build step give whoever pulls the image the builder's access."
    ),
    remediation="Use `RUN --mount=type=secret` for build-time credentials, delete nothing in a later layer (it stays), rebuild and rotate.",
    examples=(
        bad("files:\n  root/.aws/credentials: '[default]\\naws_access_key_id = AKIA\\naws_secret_access_key = x\\n'\n", lang="image"),
        bad("files:\n  root/.git-credentials: 'https://ci:Zq8wL2pX9vR4@git.acme.test\\n'\n", lang="image"),
        good("files:\n  root/.npmrc: 'registry=https://registry.npmjs.org/\\n'\n", lang="image"),
    ),
)


def check(image: Image, ctx):
    candidates = []
    for e in files(image):
        if e.type != "file" or PACKAGE_TREES.match(e.path):
            continue
        kind = credential_kind(e.path)
        if kind:
            candidates.append((e, kind))
    if not candidates:
        return
    data = read(image, [e.path for e, (_, rx) in candidates if rx is not None], 1 << 20)
    for e, (what, rx) in candidates:
        if rx is not None:
            text = data.get(e.path, b"").decode("latin-1")
            if not rx.search(text):
                continue
        yield Hit(f"{what}: /{e.path}", object=obj(e.path, image, e.layer))
