"""DG307: Pod uses a hostPath volume."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.container import _util as u

RULE = Rule(
    id='DG307',
    title='Pod uses a hostPath volume',
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P24', 'P34'),
    peers={'pss': ('hostPathVolumes',), 'checkov': ('CKV_K8S_154',)},
    cis=(),
    rationale=(
        "A hostPath volume ties the pod to a node and exposes the node's filesystem; the Pod Security Standards' baseline profile forbids every hostPath volume."
    ),
    remediation=(
        'Use a persistentVolumeClaim, configMap, secret, emptyDir or a CSI volume instead of hostPath; if a node agent needs it, run it in a namespace whose policy allows it.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  volumes:\n    - name: logs\n      hostPath: {path: /srv/logs}\n  containers:\n    - name: app\n      image: nginx:1.27\n      volumeMounts:\n        - {name: logs, mountPath: /logs, readOnly: true}\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  volumes:\n    - name: logs\n      persistentVolumeClaim: {claimName: logs}\n  containers:\n    - name: app\n      image: nginx:1.27\n      volumeMounts:\n        - {name: logs, mountPath: /logs}\n', 'kubernetes'),
        good('docker run -v /srv/logs:/logs:ro busybox:1.36', 'docker-run', "bind mounts are DG305/DG306's concern"),
        good('services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - /srv/logs:/logs:ro\n', 'compose'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.source != "kubernetes":
        return
    for m in spec.mounts:
        if m.type == "hostPath":
            where = f"mounted at {m.target}" if m.target else "defined in the pod"
            yield Hit(f"{spec.name}: hostPath volume {m.source} {where}", line=u.mount_line(spec, m), object=spec.name)
