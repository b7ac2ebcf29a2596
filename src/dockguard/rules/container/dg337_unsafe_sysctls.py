"""DG337: Sysctl outside the safe set."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good

RULE = Rule(
    id='DG337',
    title='Sysctl outside the safe set',
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P24', 'P34'),
    peers={'pss': ('sysctls',)},
    cis=(),
    rationale=(
        'Most kernel parameters are not isolated per container, or can affect other workloads (memory, network buffers); the Pod Security Standards allow only a small namespaced set.'
    ),
    remediation=(
        'Set only the safe sysctls (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_*, net.ipv4.tcp_fin_timeout) or add one to the `allowed` option after review.'
    ),
    options=(
        Option('allowed', [], 'More sysctls that may be set.'),
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --sysctl net.core.somaxconn=1024 redis:7', 'docker-run'),
        good('docker run --sysctl net.ipv4.ip_unprivileged_port_start=0 redis:7', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    sysctls:\n      net.ipv4.ip_forward: 1\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    sysctls:\n      - net.ipv4.tcp_syncookies=1\n', 'compose'),
        bad("apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  securityContext:\n    sysctls:\n      - {name: kernel.msgmax, value: '65536'}\n  containers:\n    - name: app\n      image: nginx:1.27\n", 'kubernetes'),
        good("apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  securityContext:\n    sysctls:\n      - {name: net.ipv4.ping_group_range, value: '0 2147483647'}\n  containers:\n    - name: app\n      image: nginx:1.27\n", 'kubernetes'),
    ),
)


SAFE = {"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes"}


def check(spec: ContainerSpec, ctx):
    allowed = SAFE | set(ctx.options.get("allowed", []))
    for name in spec.sysctls:
        if name.replace("/", ".") not in allowed:
            yield Hit(f"{spec.name} sets sysctl {name} (not in the safe set)", line=spec.line_of(f"sysctl:{name}", "sysctls"), object=spec.name)
