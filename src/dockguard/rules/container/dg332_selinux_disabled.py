"""DG332: SELinux labeling is disabled or overridden."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG332',
    title='SELinux labeling is disabled or overridden',
    severity=Severity.HIGH,
    kind="container",
    practices=('P29',),
    peers={'pss': ('seLinuxOptions',), 'docker-bench': ('check_5_3',)},
    cis=('5.3',),
    rationale=(
        '`label=disable` turns off SELinux separation for the container; a custom SELinux type, user or role other than the container types lets it act outside the container domain.'
    ),
    remediation=(
        'Remove `label=disable` / `label:disable`; in Kubernetes use only the container_t, container_init_t or container_kvm_t types and leave user and role unset.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --security-opt label=disable nginx:1.27', 'docker-run'),
        good('docker run --security-opt label=level:s0:c100,c200 nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - label:disable\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        seLinuxOptions: {type: spc_t}\n', 'kubernetes'),
        good("apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        seLinuxOptions: {level: 's0:c123,c456'}\n", 'kubernetes'),
    ),
)


ALLOWED_TYPES = {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}


def check(spec: ContainerSpec, ctx):
    label = (spec.selinux or "").lower()
    if spec.source != "kubernetes" and ("disable" in label.split(",") or label.startswith("disable")):
        yield Hit(f"{spec.name} disables SELinux labeling (label=disable)", line=spec.line_of("selinux", "security_opt"), object=spec.name)
        return
    opts = spec.selinux_options
    if spec.source != "kubernetes":
        for part in label.split(","):
            if part.startswith("type:") and part[5:] not in ALLOWED_TYPES:
                opts = {**opts, "type": part[5:]}
    bad = []
    if opts.get("type", "") not in ALLOWED_TYPES:
        bad.append(f"type {opts['type']}")
    for key in ("user", "role"):
        if opts.get(key):
            bad.append(f"{key} {opts[key]}")
    if bad:
        yield Hit(f"{spec.name} sets SELinux {', '.join(bad)}", line=spec.line_of("selinux", "security_opt"), object=spec.name)
