"""DG309: Host devices are exposed to the container."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG309',
    title='Host devices are exposed to the container',
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P24',),
    peers={'docker-bench': ('check_5_18',), 'falco': ('Privileged Container Device Access',)},
    cis=('5.18',),
    rationale=(
        'A host device node gives direct access to hardware (disks, /dev/mem, fuse, kvm); with `rwm` the container can also create the node and write to it. Broad device cgroup rules (`a *:* rwm`) allow every device.'
    ),
    remediation=(
        'Remove --device / compose `devices` / `device_cgroup_rules` the workload does not need; otherwise give the narrowest access (`:r`), and never a wildcard device rule.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --device /dev/sda:/dev/xvda:rwm busybox:1.36', 'docker-run'),
        bad("docker run --device-cgroup-rule='a *:* rwm' busybox:1.36", 'docker-run'),
        good('docker run busybox:1.36', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    devices:\n      - /dev/fuse:/dev/fuse\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n', 'compose'),
        bad('{"Image": "busybox:1.36", "HostConfig": {"Devices": [{"PathOnHost": "/dev/mem", "PathInContainer": "/dev/mem", "CgroupPermissions": "rw"}]}}', 'engine-api'),
    ),
)


RISKY = ("/dev/mem", "/dev/kmem", "/dev/port", "/dev/sd", "/dev/nvme", "/dev/vd", "/dev/xvd", "/dev/hd", "/dev/dm-",
         "/dev/mapper", "/dev/loop", "/dev/kvm", "/dev/fuse", "/dev/net/tun", "/dev/bus", "/dev/snd", "/dev/tty", "/dev/console")


def check(spec: ContainerSpec, ctx):
    for d in spec.devices:
        risky = d.host_path.startswith(RISKY) or d.host_path in ("/dev", "/dev/")
        sev = Severity.HIGH if risky and "w" in d.permissions else None
        perms = d.permissions if d.permissions else "rwm"
        yield Hit(f"{spec.name} gets host device {d.host_path} with access {perms}" + (" (m lets it create device nodes)" if "m" in perms else ""),
                  line=d.line if d.line is not None else spec.line_of("devices"), object=spec.name, severity=sev)
    for rule in spec.device_cgroup_rules:
        parts = rule.split()
        if parts and (parts[0] == "a" or (len(parts) > 1 and parts[1].startswith("*"))):
            yield Hit(f"{spec.name} allows devices by wildcard cgroup rule {rule!r}", line=spec.line_of("device_cgroup_rules"),
                      object=spec.name, severity=Severity.HIGH)
