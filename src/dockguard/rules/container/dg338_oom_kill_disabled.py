"""DG338: OOM killer disabled without a memory limit."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG338',
    title='OOM killer disabled without a memory limit',
    severity=Severity.HIGH,
    kind="container",
    practices=('P26',),
    peers={},
    cis=(),
    rationale=(
        "With --oom-kill-disable and no memory limit, a leaking container cannot be killed by the kernel: the host's own processes are killed instead, or the host hangs."
    ),
    remediation=(
        'Remove --oom-kill-disable (compose `oom_kill_disable`), or set a memory limit with it.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --oom-kill-disable nginx:1.27', 'docker-run'),
        good('docker run --oom-kill-disable -m 256m nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    oom_kill_disable: true\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    oom_kill_disable: true\n    mem_limit: 256m\n', 'compose'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.oom_kill_disable and not (spec.memory and spec.memory > 0):
        yield Hit(f"{spec.name} disables the OOM killer without a memory limit", line=spec.line_of("oom_kill_disable"), object=spec.name)
