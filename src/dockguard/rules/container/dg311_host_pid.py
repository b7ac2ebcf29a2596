"""DG311: Container shares the host's PID namespace."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.container import _util as u

RULE = Rule(
    id='DG311',
    title="Container shares the host's PID namespace",
    severity=Severity.HIGH,
    kind="container",
    practices=('P25', 'P34'),
    peers={'kics': ('4f31dd9f-2cc3-4751-9b53-67e4af83dac0',), 'pss': ('hostNamespaces',), 'kubesec': ('HostPID',), 'docker-bench': ('check_5_16',), 'checkov': ('CKV_K8S_17',)},
    cis=('5.16',),
    rationale=(
        "With the host's PID namespace the container sees and can signal every host process, read their environment and /proc entries, and ptrace them with enough privilege."
    ),
    remediation=(
        "Remove --pid host (compose `pid: host`, Kubernetes `hostPID: true`); use the runtime's private namespace."
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --pid host busybox:1.36', 'docker-run'),
        good('docker run busybox:1.36', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    pid: host\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n', 'compose'),
        bad('{"Image": "busybox:1.36", "HostConfig": {"PidMode": "host"}}', 'engine-api'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  hostPID: true\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  hostPID: false\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if (spec.pid_mode or "").lower() == "host":
        yield Hit(f"{spec.name} shares the host's pid namespace ({u.flag(spec, 'pid')})", line=spec.line_of('pid_mode'), object=spec.name)
