"""DG306: A host directory is bind-mounted read-write."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.container import _util as u

RULE = Rule(
    id='DG306',
    title='A host directory is bind-mounted read-write',
    severity=Severity.LOW,
    kind="container",
    practices=('P27',),
    peers={},
    cis=(),
    rationale=(
        'A read-write bind mount lets the container change files on the host (and plant files other processes trust); most configuration and content mounts only need to be read.'
    ),
    remediation=(
        'Add `:ro` (`--mount …,readonly`, compose `read_only: true`, Kubernetes `readOnly: true`) to mounts the container does not write; keep written data in named volumes.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run -v /srv/site:/usr/share/nginx/html nginx:1.27', 'docker-run'),
        good('docker run -v /srv/site:/usr/share/nginx/html:ro nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./html:/usr/share/nginx/html\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./html:/usr/share/nginx/html:ro\n      - data:/data\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  volumes:\n    - name: h\n      hostPath: {path: /srv/data}\n  containers:\n    - name: app\n      image: nginx:1.27\n      volumeMounts:\n        - {name: h, mountPath: /data}\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  volumes:\n    - name: h\n      hostPath: {path: /srv/data}\n  containers:\n    - name: app\n      image: nginx:1.27\n      volumeMounts:\n        - {name: h, mountPath: /data, readOnly: true}\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    for m, path in u.host_mounts(spec):
        if m.read_only or not m.target or u.is_socket_path(path) or u.is_sensitive(path):
            continue  # DG304 / DG305 report those
        yield Hit(f"{spec.name} bind-mounts {m.source} read-write at {m.target}", line=u.mount_line(spec, m), object=spec.name)
