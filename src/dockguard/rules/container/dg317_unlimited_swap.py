"""DG317: Swap is unlimited."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG317',
    title='Swap is unlimited',
    severity=Severity.LOW,
    kind="container",
    practices=('P26',),
    peers={},
    cis=(),
    rationale=(
        '`--memory-swap -1` (compose `memswap_limit: -1`) lets the container swap without bound: the memory limit no longer protects the host, which slows to a crawl instead.'
    ),
    remediation=(
        'Leave --memory-swap unset (twice the memory limit) or set it equal to --memory to forbid swap.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run -m 512m --memory-swap -1 nginx:1.27', 'docker-run'),
        good('docker run -m 512m --memory-swap 512m nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    mem_limit: 512m\n    memswap_limit: -1\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    mem_limit: 512m\n    memswap_limit: 512m\n', 'compose'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.memory_swap is not None and spec.memory_swap < 0:
        yield Hit(f"{spec.name} may use unlimited swap (memory-swap -1)", line=spec.line_of("memory_swap"), object=spec.name)
