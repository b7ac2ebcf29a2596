"""DG348: User or group ID is low (may collide with host users)."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good

RULE = Rule(
    id='DG348',
    title='User or group ID is low (may collide with host users)',
    severity=Severity.LOW,
    kind="container",
    practices=('P30', 'P34'),
    peers={'kube-score': ('container-security-context-user-group-id',), 'kubesec': ('RunAsUser',)},
    cis=(),
    rationale=(
        'A UID/GID under 10000 may match a real user of the node; if the container escapes, it acts as that user. kube-score and kubesec prefer IDs above 10000.'
    ),
    remediation=(
        'Use `runAsUser`/`runAsGroup` above 10000 (`--user 10001:10001`).'
    ),
    options=(
        Option('min_id', 10000, 'The lowest UID/GID accepted.'),
    ),
    enabled_by_default=False,
    tags=("runtime",),
    examples=(
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        runAsUser: 1000\n        runAsGroup: 1000\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        runAsUser: 10001\n        runAsGroup: 10001\n', 'kubernetes'),
        bad('docker run --user 1000:1000 nginx:1.27', 'docker-run'),
        good('docker run --user 20000:20000 nginx:1.27', 'docker-run'),
    ),
)


def check(spec: ContainerSpec, ctx):
    low = int(ctx.options.get("min_id", 10000))
    ids = []
    user = (spec.user or "").split(":")
    group = spec.run_as_group or (user[1] if len(user) > 1 else None)
    for what, v in (("user", user[0] if user[0] else None), ("group", group)):
        if v is not None and v.isdigit() and 0 < int(v) < low:
            ids.append(f"{what} {v}")
    if ids:
        yield Hit(f"{spec.name} runs as {' and '.join(ids)} (below {low})", line=spec.line_of("user", "run_as_group"), object=spec.name)
