"""One setting, four forms: the same setting as a `docker run` line, a compose service, a Kubernetes
container and a live container created on a real daemon yields the same rule."""

from __future__ import annotations

import shlex
import textwrap

import pytest

from dockguard.config import Config
from dockguard.engine import Engine
from dockguard.rules.loader import load_rules
from dockguard.sources.compose import load_text as compose_load
from dockguard.sources.docker_run import parse_command
from dockguard.sources.kubernetes import load_text as k8s_load

RULES = load_rules(("container",))

# rule, docker run flags (also used for `docker create` on the live daemon, unless live=False),
# compose service keys, (Kubernetes container keys, pod keys) or None where Kubernetes has no such setting
CASES = [
    ("DG300", "--privileged", "privileged: true", ("securityContext: {privileged: true}", "")),
    ("DG301", "--security-opt no-new-privileges=false", "security_opt: ['no-new-privileges:false']",
     ("securityContext: {allowPrivilegeEscalation: true}", "")),
    ("DG302", "--cap-add SYS_ADMIN", "cap_add: [SYS_ADMIN]", ("securityContext: {capabilities: {add: [SYS_ADMIN]}}", "")),
    ("DG303", "--cap-drop NET_RAW", "cap_drop: [NET_RAW]", ("securityContext: {capabilities: {drop: [NET_RAW]}}", "")),
    ("DG304", "-v /var/run/docker.sock:/var/run/docker.sock", "volumes: ['/var/run/docker.sock:/var/run/docker.sock']",
     ("volumeMounts: [{name: s, mountPath: /var/run/docker.sock}]", "volumes: [{name: s, hostPath: {path: /var/run/docker.sock}}]")),
    ("DG305", "-v /etc:/host/etc", "volumes: ['/etc:/host/etc']",
     ("volumeMounts: [{name: e, mountPath: /host/etc}]", "volumes: [{name: e, hostPath: {path: /etc}}]")),
    ("DG306", "-v /srv/dg-data:/data", "volumes: ['/srv/dg-data:/data']",
     ("volumeMounts: [{name: d, mountPath: /data}]", "volumes: [{name: d, hostPath: {path: /srv/dg-data}}]")),
    ("DG308", "--mount type=bind,source=/mnt,target=/m,bind-propagation=rshared",
     "volumes: [{type: bind, source: /mnt, target: /m, bind: {propagation: rshared}}]",
     ("volumeMounts: [{name: m, mountPath: /m, mountPropagation: Bidirectional}]", "volumes: [{name: m, emptyDir: {}}]")),
    ("DG309", "--device /dev/null:/dev/xnull:rwm", "devices: ['/dev/null:/dev/xnull:rwm']", None),
    ("DG310", "--network host", "network_mode: host", ("", "hostNetwork: true")),
    ("DG311", "--pid host", "pid: host", ("", "hostPID: true")),
    ("DG312", "--ipc host", "ipc: host", ("", "hostIPC: true")),
    ("DG313", "--uts host", "uts: host", None),
    ("DG314", "--userns host", "userns_mode: host", None),
    ("DG316", "", "", ("", "")),
    ("DG317", "-m 64m --memory-swap -1", "{mem_limit: 64m, memswap_limit: -1}", None),
    ("DG318", "", "", ("", "")),
    ("DG319", "--pids-limit -1", "pids_limit: -1", None),
    ("DG320", "--ulimit core=-1", "ulimits: {core: -1}", None),
    ("DG321", "--restart always", "restart: always", None),
    ("DG322", "--cgroup-parent dg-custom", "cgroup_parent: dg-custom", None),
    ("DG323", "", "read_only: false", ("", "")),
    ("DG324", "--tmpfs /scratch", "tmpfs: [/scratch]", None),
    ("DG325", "", "", None),
    ("DG326", "-p 8080:80", "ports: ['8080:80']", ("ports: [{containerPort: 80, hostPort: 8080}]", "")),
    ("DG327", "-p 127.0.0.1:80:80", "ports: ['127.0.0.1:80:80']", ("ports: [{containerPort: 80, hostPort: 80, hostIP: 127.0.0.1}]", "")),
    ("DG329", "--security-opt seccomp=unconfined", "security_opt: ['seccomp:unconfined']",
     ("securityContext: {seccompProfile: {type: Unconfined}}", "")),
    ("DG331", "--security-opt apparmor=unconfined", "security_opt: ['apparmor:unconfined']",
     ("securityContext: {appArmorProfile: {type: Unconfined}}", "")),
    ("DG332", "--security-opt label=disable", "security_opt: ['label:disable']",
     ("securityContext: {seLinuxOptions: {type: spc_t}}", "")),
    ("DG333", "--security-opt systempaths=unconfined", "security_opt: ['systempaths=unconfined']",
     ("securityContext: {procMount: Unmasked}", "")),
    ("DG334", "--user root", "user: root", ("securityContext: {runAsUser: 0}", "")),
    ("DG335", "-e DB_PASSWORD=Sup3r-S3cret-Value", "environment: {DB_PASSWORD: Sup3r-S3cret-Value}",
     ("env: [{name: DB_PASSWORD, value: Sup3r-S3cret-Value}]", "")),
    ("DG336", "--log-driver none", "logging: {driver: none}", None),
    ("DG337", "--sysctl kernel.msgmax=65536", "sysctls: {kernel.msgmax: 65536}",
     ("", "securityContext: {sysctls: [{name: kernel.msgmax, value: '65536'}]}")),
    ("DG338", "--oom-kill-disable", "oom_kill_disable: true", None),
    ("DG342", "--no-healthcheck", "healthcheck: {disable: true}", ("", "")),
]


def engine_for(rule_id: str) -> Engine:
    return Engine(RULES, Config(), only=[rule_id])


def fired(rule_id: str, spec) -> list:
    return [f for f in engine_for(rule_id).check(spec, "container", spec.path) if f.rule_id == rule_id]


def compose_text(extra: str) -> str:
    if extra.startswith("{"):  # several keys in flow style
        extra = "\n".join(f"{k.strip()}" for k in extra.strip("{}").replace(": ", ": ").split(", "))
    body = textwrap.indent(extra, "    ") + "\n" if extra else ""
    return "services:\n  svc:\n    image: busybox:1.36\n" + body


def pod_text(container: str, pod: str) -> str:
    c = f"      {container}\n" if container else ""
    p = f"  {pod}\n" if pod else ""
    return ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n" + p +
            "  containers:\n    - name: c\n      image: busybox:1.36\n" + c)


@pytest.mark.parametrize("rule_id,flags,compose,k8s", CASES, ids=[c[0] for c in CASES])
def test_static_forms(rule_id, flags, compose, k8s):
    run = parse_command(f"docker run {flags} busybox:1.36")
    assert not run.unresolved
    assert fired(rule_id, run), f"{rule_id}: docker run {flags}"
    (svc,) = compose_load(compose_text(compose), "compose.yaml", env={})
    hits = fired(rule_id, svc)
    assert hits, f"{rule_id}: compose {compose}"
    if compose:  # the finding points at the line of the setting
        assert all(h.location.line and h.location.line >= 3 for h in hits)
    if k8s is not None:
        (c,) = k8s_load(pod_text(*k8s), "pod.yaml")
        assert fired(rule_id, c), f"{rule_id}: kubernetes {k8s}"


def test_live_forms(dockerd, busybox_image):
    """The same flags on `docker create` against the real daemon; one live audit of all of them."""
    from dockguard.sources import docker_live

    created = {}
    try:
        for rule_id, flags, _, _ in CASES:
            name = f"dg4f-{rule_id.lower()}"
            dockerd.cli("rm", "-f", name, check=False)
            proc = dockerd.cli("create", "--name", name, *shlex.split(flags), busybox_image, "true", check=False)
            assert proc.returncode == 0, f"{rule_id}: docker create {flags}: {proc.stderr}"
            created[name] = rule_id
        specs, errors = docker_live.load(dockerd.host)
        assert not errors
        by_name = {s.name: s for s in specs}
        missing = []
        for name, rule_id in created.items():
            spec = by_name[name]
            assert spec.source == "docker" and spec.path.startswith("unix://")
            if not fired(rule_id, spec):
                missing.append(rule_id)
        assert not missing, f"rules not fired on live containers: {missing}"
        # the test image's user is known (root by default): a plain container is reported as root
        plain = by_name["dg4f-dg316"]
        assert plain.image_user == "" and fired("DG334", plain)
        assert not fired("DG322", plain), "the daemon's own cgroup parent is not the container's setting"
    finally:
        for name in created:
            dockerd.cli("rm", "-f", name, check=False)
