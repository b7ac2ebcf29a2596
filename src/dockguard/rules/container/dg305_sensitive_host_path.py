"""DG305: A sensitive host directory is mounted."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good
from dockguard.rules.container import _util as u

RULE = Rule(
    id='DG305',
    title='A sensitive host directory is mounted',
    severity=Severity.HIGH,
    kind="container",
    practices=('P24',),
    peers={'kics': ('1c1325ff-831d-43a1-973e-839ae57dfcc0',), 'docker-bench': ('check_5_6',), 'falco': ('Launch Sensitive Mount Container',)},
    cis=('5.6',),
    rationale=(
        'Mounting host system directories (/, /etc, /proc, /sys, /dev, /boot, /usr, /lib, /root, /var/lib/docker, /var/lib/kubelet …) exposes host credentials and configuration, and writing to them changes the host itself.'
    ),
    remediation=(
        "Mount only the application's own directory, read-only where it is not written (`:ro`, `read_only: true`, `readOnly: true`); use named volumes for data."
    ),
    options=(
        Option('extra_paths', [], 'More host paths to treat as sensitive.'),
        Option('allowed_paths', [], 'Host paths that may be mounted.'),
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run -v /etc:/host/etc nginx:1.27', 'docker-run'),
        bad('docker run -v /:/host:ro nginx:1.27', 'docker-run'),
        good('docker run -v /srv/app/config:/config:ro nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - type: bind\n        source: /proc\n        target: /host/proc\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./html:/usr/share/nginx/html:ro\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  volumes:\n    - name: root\n      hostPath: {path: /}\n  containers:\n    - name: app\n      image: nginx:1.27\n      volumeMounts:\n        - {name: root, mountPath: /host}\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  volumes:\n    - name: cfg\n      configMap: {name: cfg}\n  containers:\n    - name: app\n      image: nginx:1.27\n      volumeMounts:\n        - {name: cfg, mountPath: /config}\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    extra = {u.norm_path(p) for p in ctx.options.get("extra_paths", [])}
    allowed = {u.norm_path(p) for p in ctx.options.get("allowed_paths", [])}
    for m, path in u.host_mounts(spec):
        if u.is_socket_path(path) or path in allowed:
            continue  # DG304
        if u.is_sensitive(path) or path in extra:
            mode = "read-only" if m.read_only else "read-write"
            sev = Severity.MEDIUM if m.read_only else Severity.HIGH
            yield Hit(f"{spec.name} mounts the host's {path} at {m.target or '(pod volume)'} {mode}",
                      line=u.mount_line(spec, m), object=spec.name, severity=sev)
