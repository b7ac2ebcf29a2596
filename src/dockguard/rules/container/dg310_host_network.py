"""DG310: Container shares the host's network namespace."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.container import _util as u

RULE = Rule(
    id='DG310',
    title="Container shares the host's network namespace",
    severity=Severity.HIGH,
    kind="container",
    practices=('P25', 'P34'),
    peers={'kics': ('071a71ff-f868-47a4-ac0b-3c59e4ab5443',), 'pss': ('hostNamespaces',), 'kubesec': ('HostNetwork',), 'docker-bench': ('check_5_10',), 'checkov': ('CKV_K8S_19',)},
    cis=('5.10',),
    rationale=(
        "With the host's network namespace the container sees every host interface, can bind any host port, reach services listening on localhost and sniff traffic; port publishing and network isolation no longer apply."
    ),
    remediation=(
        "Remove --network host (compose `network_mode: host`, Kubernetes `hostNetwork: true`); use the runtime's private namespace and publish the ports needed."
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --network host busybox:1.36', 'docker-run'),
        good('docker run busybox:1.36', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    network_mode: host\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n', 'compose'),
        bad('{"Image": "busybox:1.36", "HostConfig": {"NetworkMode": "host"}}', 'engine-api'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  hostNetwork: true\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  hostNetwork: false\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if (spec.network_mode or "").lower() == "host":
        yield Hit(f"{spec.name} shares the host's network namespace ({u.flag(spec, 'network')})", line=spec.line_of('network_mode'), object=spec.name)
