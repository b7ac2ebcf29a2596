"""DG341: Image tag is latest or missing."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good

RULE = Rule(
    id='DG341',
    title='Image tag is latest or missing',
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P30',),
    peers={'kube-score': ('container-image-tag',), 'docker-bench': ('check_5_28',), 'checkov': ('CKV_K8S_14', 'CKV_K8S_43')},
    cis=('5.28',),
    rationale=(
        'Without a tag (or with `latest`) each pull may bring a different image: builds are not reproducible, a rollback does not roll back, and a compromised upstream tag goes straight to production. A digest pins the exact image.'
    ),
    remediation=(
        'Use a version tag and preferably a digest: `nginx:1.27.1@sha256:…`. The `require_digest` option also reports tags without a digest.'
    ),
    options=(
        Option('require_digest', False, 'Also report images pinned by tag only, without a digest.'),
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run nginx', 'docker-run'),
        bad('docker run nginx:latest', 'docker-run'),
        good('docker run nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: redis:latest\n', 'compose'),
        good('services:\n  web:\n    image: redis:7.4@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: registry.example.com:5000/team/app\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: registry.example.com:5000/team/app:2.1\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    image = spec.image
    if not image or "$" in image:
        return
    if "@" in image:
        return
    last = image.rsplit("/", 1)[-1]
    tag = last.split(":", 1)[1] if ":" in last else None
    if tag is None or tag == "latest":
        what = "no tag (latest)" if tag is None else "the latest tag"
        yield Hit(f"{spec.name} uses image {image} with {what}", line=spec.line_of("image"), object=spec.name)
    elif ctx.options.get("require_digest"):
        yield Hit(f"{spec.name} uses image {image} without a digest", line=spec.line_of("image"), object=spec.name, severity=Severity.LOW)
