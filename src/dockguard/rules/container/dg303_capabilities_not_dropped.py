"""DG303: Capabilities are not all dropped."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good
from dockguard.rules.container import _util as u

RULE = Rule(
    id='DG303',
    title='Capabilities are not all dropped',
    severity=Severity.LOW,
    kind="container",
    practices=('P22',),
    peers={'kics': ('ce76b7d0-9e77-464d-b86f-c5c48e03e22d',), 'pss': ('capabilities_restricted',), 'kubesec': ('CapDropAll', 'CapDropAny'), 'checkov': ('CKV_K8S_28', 'CKV_K8S_37')},
    cis=(),
    rationale=(
        "The runtime's default set still holds capabilities most services never use (NET_RAW for spoofing, MKNOD, SETFCAP, DAC_OVERRIDE …). Dropping ALL and adding back only what is needed is the Pod Security Standards' restricted profile."
    ),
    remediation=(
        "docker run --cap-drop ALL [--cap-add NET_BIND_SERVICE]; compose `cap_drop: [ALL]`; Kubernetes `capabilities: {drop: [ALL]}`. Additions beyond the rule's `allowed_add` option are reported."
    ),
    options=(
        Option('allowed_add', ['NET_BIND_SERVICE'], 'Capabilities that may be added back after dropping ALL.'),
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run nginx:1.27', 'docker-run'),
        good('docker run --cap-drop=ALL --cap-add=NET_BIND_SERVICE nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    cap_drop:\n      - NET_RAW\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    cap_drop:\n      - ALL\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          drop: [ALL]\n          add: [CHOWN]\n', 'kubernetes', 'restricted allows only NET_BIND_SERVICE back'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          drop: [ALL]\n', 'kubernetes'),
        good('{"Image": "nginx:1.27", "HostConfig": {"CapDrop": ["all"]}}', 'engine-api'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.privileged:
        return  # DG300 says more
    if "ALL" not in spec.cap_drop:
        dropped = f" (drops only {', '.join(spec.cap_drop)})" if spec.cap_drop else ""
        yield Hit(f"{spec.name} does not drop ALL capabilities{dropped}", line=spec.line_of("cap_drop", "cap_add"), object=spec.name)
        return
    allowed = {str(c).upper().removeprefix("CAP_") for c in ctx.options.get("allowed_add", [])}
    extra = [c for c in spec.cap_add if c not in allowed and c in u.PSS_BASELINE_CAPS]
    if extra:
        yield Hit(f"{spec.name} adds back {', '.join(extra)} after dropping ALL (allowed: {', '.join(sorted(allowed)) or 'none'})",
                  line=spec.line_of("cap_add"), object=spec.name)
