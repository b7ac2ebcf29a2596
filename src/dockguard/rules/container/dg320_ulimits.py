"""DG320: A ulimit is raised to unlimited."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG320',
    title='A ulimit is raised to unlimited',
    severity=Severity.LOW,
    kind="container",
    practices=('P26',),
    peers={'docker-bench': ('check_5_19',)},
    cis=('5.19',),
    rationale=(
        'Ulimits bound open files, processes and core-dump sizes per container; raising one to unlimited (-1) removes that bound, and unlimited core dumps can leak memory contents to disk.'
    ),
    remediation=(
        "Override the daemon's default ulimits only when needed, with finite values (`--ulimit nofile=65536:65536`, compose `ulimits: {nofile: {soft: 65536, hard: 65536}}`)."
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --ulimit core=-1 nginx:1.27', 'docker-run'),
        good('docker run --ulimit nofile=1024:2048 nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    ulimits:\n      nproc: -1\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    ulimits:\n      nofile:\n        soft: 20000\n        hard: 40000\n', 'compose'),
    ),
)


def check(spec: ContainerSpec, ctx):
    for ul in spec.ulimits:
        if ul.soft < 0 or ul.hard < 0:
            yield Hit(f"{spec.name} sets ulimit {ul.name} to unlimited", line=spec.line_of("ulimits"), object=spec.name)
