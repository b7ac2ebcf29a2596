"""Kubernetes manifests -> ContainerSpec, with the kubelet's securityContext merge and lines."""

import pytest

from dockguard.errors import InputError
from dockguard.sources.kubernetes import load_text

MANIFEST = """\
apiVersion: v1
kind: ServiceAccount
metadata: {name: web-sa, namespace: prod}
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  template:
    metadata:
      annotations:
        container.apparmor.security.beta.kubernetes.io/app: unconfined
    spec:
      serviceAccountName: web-sa
      hostNetwork: true
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000
        seccompProfile: {type: RuntimeDefault}
        sysctls:
          - {name: kernel.msgmax, value: "65536"}
      initContainers:
        - name: init
          image: busybox
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
            runAsUser: 0
            allowPrivilegeEscalation: false
            capabilities: {add: [NET_ADMIN], drop: [ALL]}
            procMount: Unmasked
          volumeMounts:
            - {name: sock, mountPath: /var/run/docker.sock, readOnly: true}
          ports:
            - {containerPort: 80, hostPort: 80}
          resources:
            limits: {memory: 256Mi, cpu: 500m}
            requests: {memory: 128Mi}
          env:
            - {name: PLAIN, value: x}
            - name: FROM_SECRET
              valueFrom: {secretKeyRef: {name: s, key: k}}
          livenessProbe:
            httpGet: {host: 10.0.0.1, port: 80, path: /}
      volumes:
        - name: sock
          hostPath: {path: /var/run/docker.sock}
"""


def test_deployment_merge_and_lines():
    init, app = load_text(MANIFEST, "web.yaml")
    assert init.name == "Deployment/web/init" and init.container_type == "initContainer"
    assert init.user == "1000" and init.lines["user"] == 21  # pod-level
    assert app.user == "0" and app.lines["user"] == 33  # container wins
    assert app.run_as_non_root is True and app.seccomp == "runtime/default" and app.lines["seccomp"] == 22
    assert app.apparmor == "unconfined" and app.privileged and app.lines["privileged"] == 32
    assert app.no_new_privileges is True and app.allow_privilege_escalation is False
    assert app.cap_add == ["NET_ADMIN"] and app.cap_drop == ["ALL"]
    assert app.systempaths_unconfined and app.proc_mount == "Unmasked"
    assert app.network_mode == "host" and app.lines["network_mode"] == 18
    assert app.sysctls == {"kernel.msgmax": "65536"}
    (sock,) = app.mounts
    assert (sock.type, sock.source, sock.read_only, sock.line) == ("hostPath", "/var/run/docker.sock", True, 38)
    assert [(p.host_port, p.container_port, p.line) for p in app.ports] == [("80", "80", 40)]
    assert app.memory == 256 * 2**20 and app.nano_cpus == 500_000_000 and app.requests_cpu is None
    assert app.env == {"PLAIN": "x"} and app.secrets == ["s"]
    assert app.probes == ["liveness"] and app.probe_hosts == ["10.0.0.1"]
    assert app.automount_service_account_token is False and app.namespace == "prod"
    # the unmounted hostPath volume still shows on the pod's first container
    assert any(m.type == "hostPath" for m in init.mounts)


def test_cronjob_list_and_legacy_annotations():
    text = """\
apiVersion: v1
kind: List
items:
  - apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: nightly
      annotations: {seccomp.security.alpha.kubernetes.io/pod: unconfined}
    spec:
      schedule: "0 0 * * *"
      jobTemplate:
        spec:
          template:
            spec:
              hostPID: true
              containers:
                - {name: job, image: "busybox:1.36"}
"""
    (job,) = load_text(text, "cron.yaml")
    assert job.name == "CronJob/nightly/job" and job.pid_mode == "host" and job.seccomp == "unconfined"


@pytest.mark.parametrize("text,msg", [
    ("services:\n  a: {image: x}\n", "a compose file"),
    ("a: [\n", "invalid YAML"),
    ("just: text\n", "not a Kubernetes manifest"),
])
def test_bad_input(text, msg):
    with pytest.raises(InputError) as err:
        load_text(text, "x.yaml")
    assert msg in str(err.value)
