"""DG324: tmpfs mount without noexec or nosuid."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG324',
    title='tmpfs mount without noexec or nosuid',
    severity=Severity.LOW,
    kind="container",
    practices=('P27',),
    peers={},
    cis=(),
    rationale=(
        'A tmpfs without noexec lets a process write and run a binary in memory (a favourite of droppers); without nosuid a setuid binary placed there keeps its power. Docker mounts --tmpfs with exec and suid unless told otherwise.'
    ),
    remediation=(
        'Mount scratch space with `noexec,nosuid` (and a size): `--tmpfs /tmp:rw,noexec,nosuid,size=64m`; compose `tmpfs: ["/tmp:noexec,nosuid,size=64m"]`.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --tmpfs /tmp nginx:1.27', 'docker-run'),
        good('docker run --tmpfs /tmp:rw,noexec,nosuid,size=64m nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    tmpfs: /run\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    tmpfs:\n      - /run:noexec,nosuid,size=16m\n', 'compose'),
        bad('{"Image": "nginx:1.27", "HostConfig": {"Tmpfs": {"/tmp": "rw"}}}', 'engine-api'),
    ),
)


def check(spec: ContainerSpec, ctx):
    for m in spec.mounts:
        if m.type != "tmpfs":
            continue
        opts = {o.split("=")[0] for o in m.options}
        missing = [o for o in ("noexec", "nosuid") if o not in opts]
        if missing:
            yield Hit(f"{spec.name}: tmpfs {m.target} without {', '.join(missing)}",
                      line=m.line if m.line is not None else spec.line_of("tmpfs"), object=spec.name)
