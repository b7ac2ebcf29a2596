"""DG302: Container adds a capability beyond the default set."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good
from dockguard.rules.container import _util as u

RULE = Rule(
    id='DG302',
    title='Container adds a capability beyond the default set',
    severity=Severity.HIGH,
    kind="container",
    practices=('P22',),
    peers={'kics': ('ce76b7d0-9e77-464d-b86f-c5c48e03e22d',), 'pss': ('capabilities_baseline',), 'kubesec': ('CapSysAdmin',), 'docker-bench': ('check_5_4',), 'falco': ('Launch Excessively Capable Container',), 'checkov': ('CKV_K8S_39',)},
    cis=('5.4',),
    rationale=(
        'Capabilities such as SYS_ADMIN, SYS_MODULE, SYS_PTRACE, NET_ADMIN or DAC_READ_SEARCH give the container powers over the host kernel that are enough to escape; any capability beyond the runtime default widens the kernel attack surface.'
    ),
    remediation=(
        "Remove the --cap-add (compose `cap_add`, Kubernetes `capabilities.add`); if one is really needed, list it in this rule's `allowed` option with a comment saying why."
    ),
    options=(
        Option('allowed', [], 'Capabilities that may be added anyway (e.g. NET_RAW for ping).'),
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --cap-add SYS_ADMIN nginx:1.27', 'docker-run'),
        bad('docker run --cap-add=all nginx:1.27', 'docker-run'),
        good('docker run --cap-drop ALL --cap-add NET_BIND_SERVICE nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    cap_add:\n      - NET_ADMIN\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    cap_add:\n      - CHOWN\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          add: [SYS_PTRACE]\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          add: [NET_BIND_SERVICE]\n          drop: [ALL]\n', 'kubernetes'),
        bad('{"Image": "nginx:1.27", "HostConfig": {"CapAdd": ["CAP_SYS_MODULE"]}}', 'engine-api'),
    ),
)


def check(spec: ContainerSpec, ctx):
    allowed = {str(c).upper().removeprefix("CAP_") for c in ctx.options.get("allowed", [])}
    extra = [c for c in dict.fromkeys(spec.cap_add) if c not in u.PSS_BASELINE_CAPS and c not in allowed]
    if not extra:
        return
    dangerous = [c for c in extra if c in u.DANGEROUS_CAPS]
    sev = Severity.HIGH if dangerous else Severity.MEDIUM
    if "ALL" in extra or "SYS_ADMIN" in extra or "SYS_MODULE" in extra:
        sev = Severity.CRITICAL
    note = f" (dangerous: {', '.join(dangerous)})" if dangerous else ""
    yield Hit(f"{spec.name} adds capabilities {', '.join(extra)}{note}", line=spec.line_of("cap_add"), object=spec.name, severity=sev)
