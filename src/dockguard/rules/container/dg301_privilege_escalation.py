"""DG301: Processes can gain new privileges (no-new-privileges not set)."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good

RULE = Rule(
    id='DG301',
    title='Processes can gain new privileges (no-new-privileges not set)',
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P21', 'P34'),
    peers={'kics': ('27fcc7d6-c49b-46e0-98f1-6c082a6a2750', '610e266e-6c12-4bca-9925-1ed0cd29742b'), 'pss': ('allowPrivilegeEscalation',), 'kubesec': ('AllowPrivilegeEscalation',), 'docker-bench': ('check_5_26',), 'checkov': ('CKV_K8S_20',)},
    cis=('5.26',),
    rationale=(
        'Without no-new-privileges (Kubernetes: allowPrivilegeEscalation: false) a process can gain privileges through setuid binaries or file capabilities, the first step of most container escapes. Kubernetes allows escalation unless the field is false; Docker unless the option is set (or the daemon sets it for all containers).'
    ),
    remediation=(
        'docker run --security-opt no-new-privileges; compose `security_opt: ["no-new-privileges:true"]`; Kubernetes `securityContext.allowPrivilegeEscalation: false`. If the daemon runs with --no-new-privileges, set this rule\'s option `daemon_no_new_privileges: true`.'
    ),
    options=(
        Option('daemon_no_new_privileges', False, 'The daemon runs with --no-new-privileges (then containers need not set it).'),
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run nginx:1.27', 'docker-run'),
        good('docker run --security-opt no-new-privileges:true nginx:1.27', 'docker-run'),
        good('docker run --security-opt=no-new-privileges nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - no-new-privileges:false\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - no-new-privileges:true\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        allowPrivilegeEscalation: true\n', 'kubernetes'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes', 'unset: Kubernetes allows escalation by default'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        allowPrivilegeEscalation: false\n', 'kubernetes'),
        bad('{"Image": "nginx:1.27", "HostConfig": {"SecurityOpt": []}}', 'engine-api'),
        good('{"Image": "nginx:1.27", "HostConfig": {"SecurityOpt": ["no-new-privileges"]}}', 'engine-api'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.no_new_privileges:
        return
    if spec.no_new_privileges is None and spec.source != "kubernetes" and ctx.options.get("daemon_no_new_privileges"):
        return
    if spec.source == "kubernetes":
        what = "allowPrivilegeEscalation is true" if spec.allow_privilege_escalation else "allowPrivilegeEscalation is not set to false (it defaults to true)"
        if spec.privileged or "SYS_ADMIN" in spec.cap_add:
            what += "; privileged or CAP_SYS_ADMIN always allows escalation"
        yield Hit(f"{spec.name}: {what}", line=spec.line_of("allow_privilege_escalation", "security_opt"), object=spec.name)
        return
    what = "no-new-privileges is disabled" if spec.no_new_privileges is False else "no-new-privileges is not set"
    yield Hit(f"{spec.name}: {what}", line=spec.line_of("no_new_privileges", "security_opt"), object=spec.name)
