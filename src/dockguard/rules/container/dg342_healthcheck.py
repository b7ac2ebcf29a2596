"""DG342: No health check."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG342',
    title='No health check',
    severity=Severity.LOW,
    kind="container",
    practices=('P26',),
    peers={'kics': ('698ed579-b239-4f8f-a388-baa4bcb13ef8',), 'kube-score': ('pod-probes',), 'docker-bench': ('check_5_27',), 'checkov': ('CKV_K8S_8', 'CKV_K8S_9')},
    cis=('5.27',),
    rationale=(
        'Without a health check (Kubernetes: probes) a hung or half-broken container keeps receiving traffic and is never restarted.'
    ),
    remediation=(
        "Add a HEALTHCHECK to the image, `--health-cmd` at run time, compose `healthcheck:`, or Kubernetes liveness/readiness probes. A `docker run`/compose service that relies on the image's HEALTHCHECK is reported only when the image is known to have none."
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --no-healthcheck nginx:1.27', 'docker-run'),
        good("docker run --health-cmd 'curl -f http://localhost/' nginx:1.27", 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n      disable: true\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n      test: [CMD, curl, -f, http://localhost/]\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      readinessProbe:\n        httpGet: {path: /, port: 80}\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.source == "kubernetes":
        if spec.container_type not in (None, "container") or spec.kind in ("Job", "CronJob"):
            return
        if not spec.probes:
            yield Hit(f"{spec.name} has no liveness or readiness probe", line=spec.line_of("image"), object=spec.name)
        return
    if spec.healthcheck is False:
        yield Hit(f"{spec.name} has no health check" + (" (disabled)" if spec.source != "docker" else ""),
                  line=spec.line_of("healthcheck", "image"), object=spec.name)
