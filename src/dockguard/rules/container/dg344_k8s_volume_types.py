"""DG344: Volume type outside the restricted set."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG344',
    title='Volume type outside the restricted set',
    severity=Severity.LOW,
    kind="container",
    practices=('P34',),
    peers={'pss': ('restrictedVolumes',)},
    cis=(),
    rationale=(
        'The restricted Pod Security Standard allows only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes; other in-tree types (nfs, iscsi, gitRepo …) reach node or network resources directly.'
    ),
    remediation=(
        'Use a persistentVolumeClaim or CSI volume instead of in-tree volume types.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  volumes:\n    - name: n\n      nfs: {server: 10.0.0.2, path: /export}\n  containers:\n    - name: app\n      image: nginx:1.27\n      volumeMounts:\n        - {name: n, mountPath: /n}\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  volumes:\n    - name: n\n      persistentVolumeClaim: {claimName: n}\n  containers:\n    - name: app\n      image: nginx:1.27\n      volumeMounts:\n        - {name: n, mountPath: /n}\n', 'kubernetes'),
    ),
)


ALLOWED = {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret", "hostPath"}


def check(spec: ContainerSpec, ctx):
    if spec.source != "kubernetes":
        return
    for m in spec.mounts:
        if m.type not in ALLOWED:  # hostPath: DG307
            yield Hit(f"{spec.name} mounts a {m.type} volume ({m.source}) at {m.target}", line=m.line if m.line is not None else spec.line, object=spec.name)
