"""DG304: A container-runtime API socket is mounted."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.container import _util as u

RULE = Rule(
    id='DG304',
    title='A container-runtime API socket is mounted',
    severity=Severity.CRITICAL,
    kind="container",
    practices=('P23',),
    peers={'kics': ('d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b',), 'kubesec': ('DockerSock',), 'docker-bench': ('check_5_32',), 'falco': ('Launch Sensitive Mount Container',), 'checkov': ('CKV_K8S_27',)},
    cis=('5.32',),
    rationale=(
        'Whoever can talk to the Docker, containerd, CRI-O or Podman API socket can start a privileged container and own the host; mounting it read-only does not help (the API is reached by connecting, not by writing the file). Compose `use_api_socket: true` hands the same socket in.'
    ),
    remediation=(
        'Remove the socket mount (`-v /var/run/docker.sock:…`, compose `use_api_socket`, hostPath of the socket). If a tool needs the API, give it an authorizing proxy that allows only the calls it needs, or run it rootless.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run -v /var/run/docker.sock:/var/run/docker.sock:ro portainer/portainer-ce:2.21', 'docker-run'),
        bad('docker run --mount type=bind,src=/run/containerd/containerd.sock,dst=/c.sock busybox:1.36', 'docker-run'),
        good('docker run -v /srv/data:/data nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n', 'compose'),
        bad('services:\n  web:\n    image: nginx:1.27\n    use_api_socket: true\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - data:/data\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  volumes:\n    - name: sock\n      hostPath: {path: /var/run/docker.sock}\n  containers:\n    - name: app\n      image: nginx:1.27\n      volumeMounts:\n        - {name: sock, mountPath: /var/run/docker.sock}\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  volumes:\n    - name: data\n      emptyDir: {}\n  containers:\n    - name: app\n      image: nginx:1.27\n      volumeMounts:\n        - {name: data, mountPath: /data}\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.use_api_socket:
        yield Hit(f"{spec.name} gets the Docker API socket (use_api_socket: true)", line=spec.line_of("use_api_socket"), object=spec.name)
    for m in spec.mounts:
        if m.type in ("bind", "hostPath", "volume") and m.source and u.is_socket_path(m.source if m.type != "volume" else ""):
            yield Hit(f"{spec.name} mounts the runtime socket {m.source} at {m.target or '(pod volume)'}",
                      line=u.mount_line(spec, m), object=spec.name)
