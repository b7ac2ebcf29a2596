"""DG312: Container shares the host's IPC namespace."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.container import _util as u

RULE = Rule(
    id='DG312',
    title="Container shares the host's IPC namespace",
    severity=Severity.HIGH,
    kind="container",
    practices=('P25', 'P34'),
    peers={'kics': ('baa3890f-bed7-46f5-ab8f-1da8fc91c729',), 'pss': ('hostNamespaces',), 'kubesec': ('HostIPC',), 'docker-bench': ('check_5_17',), 'checkov': ('CKV_K8S_18',)},
    cis=('5.17',),
    rationale=(
        "With the host's IPC namespace the container can read and write the host's shared memory segments, semaphores and message queues."
    ),
    remediation=(
        "Remove --ipc host (compose `ipc: host`, Kubernetes `hostIPC: true`); use the runtime's private namespace."
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --ipc host busybox:1.36', 'docker-run'),
        good('docker run busybox:1.36', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    ipc: host\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n', 'compose'),
        bad('{"Image": "busybox:1.36", "HostConfig": {"IpcMode": "host"}}', 'engine-api'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  hostIPC: true\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  hostIPC: false\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if (spec.ipc_mode or "").lower() == "host":
        yield Hit(f"{spec.name} shares the host's ipc namespace ({u.flag(spec, 'ipc')})", line=spec.line_of('ipc_mode'), object=spec.name)
