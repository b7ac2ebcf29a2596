"""DG334: Container runs as root."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good
from dockguard.rules.container import _util as u

RULE = Rule(
    id='DG334',
    title='Container runs as root',
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P30', 'P34'),
    peers={'pss': ('runAsNonRoot', 'runAsUser'), 'kubesec': ('RunAsNonRoot',), 'kube-score': ('container-security-context-user-group-id',), 'falco': ('Container Run as Root User',), 'checkov': ('CKV_K8S_23', 'CKV_K8S_40')},
    cis=(),
    rationale=(
        "A process running as root in the container is root on the host's kernel, owns every file of mounted volumes and is one kernel bug or misconfiguration away from the host. The user set at run time overrides the image's USER."
    ),
    remediation=(
        'Run as an unprivileged user: `docker run --user 10001:10001`, compose `user: "10001:10001"`, Kubernetes `securityContext: {runAsNonRoot: true, runAsUser: 10001}`; or give the image a non-root USER.'
    ),
    options=(
        Option('report_unknown', True, 'Report containers whose user is left to an image whose user is not known here.'),
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --user root nginx:1.27', 'docker-run'),
        bad('docker run -u 0:0 nginx:1.27', 'docker-run'),
        good('docker run --user 10001:10001 nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    user: root\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    user: "1000"\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        runAsUser: 0\n', 'kubernetes'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes', 'neither runAsNonRoot nor a user: the image decides (unknown)'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        runAsNonRoot: true\n        runAsUser: 10001\n', 'kubernetes'),
        bad('{"Image": "nginx:1.27", "User": "root:root"}', 'engine-api'),
    ),
)


def check(spec: ContainerSpec, ctx):
    line = spec.line_of("user", "run_as_non_root", "image")
    root = u.is_root_user(spec.user)
    if root:
        if spec.run_as_non_root:
            yield Hit(f"{spec.name}: runAsUser 0 with runAsNonRoot: true, the container will not start", line=line, object=spec.name)
        else:
            yield Hit(f"{spec.name} runs as root (user {spec.user})", line=line, object=spec.name, severity=Severity.HIGH)
        return
    if root is False:
        return
    if spec.source == "kubernetes":
        if spec.run_as_non_root:
            return
        image = u.is_root_user(spec.image_user)
        who = "the image's user, root" if image else "the image's user, unknown"
        yield Hit(f"{spec.name} sets neither runAsNonRoot: true nor runAsUser ({who})", line=line, object=spec.name,
                  severity=Severity.MEDIUM if image else Severity.LOW)
        return
    image = u.is_root_user(spec.image_user)
    if image:
        yield Hit(f"{spec.name} runs as root (the image's default user; no user is set)", line=line, object=spec.name, severity=Severity.HIGH)
    elif image is None and ctx.options.get("report_unknown"):
        yield Hit(f"{spec.name} sets no user: it runs as the image's user (unknown here)", line=line, object=spec.name, severity=Severity.INFO)
