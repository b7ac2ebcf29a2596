"""DG325: Container is not on a user-defined network."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG325',
    title='Container is not on a user-defined network',
    severity=Severity.LOW,
    kind="container",
    practices=('P28',),
    peers={'kics': ('ce14a68b-1668-41a0-ab7d-facd9f784742',), 'docker-bench': ('check_5_30',)},
    cis=('5.30',),
    rationale=(
        "On Docker's default bridge (docker0) every container can reach every other one and names do not resolve; a user-defined network per link (web <-> db) limits who talks to whom. A compose service without `networks` shares the project's single default network with every other service."
    ),
    remediation=(
        'docker network create backend && docker run --network backend …; in compose, declare `networks:` and attach each service only to the networks it needs.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run nginx:1.27', 'docker-run'),
        bad('docker run --network bridge nginx:1.27', 'docker-run'),
        good('docker run --network backend nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    networks:\n      - frontend\nnetworks:\n  frontend: {}\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    network_mode: none\n', 'compose'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.source == "kubernetes":
        return  # pods get their own network namespace; network policies are a cluster concern
    mode = (spec.network_mode or "").lower()
    if mode in ("host", "none") or mode.startswith(("container:", "service:")) or spec.networks:
        return
    if spec.source == "compose":
        yield Hit(f"{spec.name} declares no networks: it shares the project's default network with every service",
                  line=spec.line_of("image"), object=spec.name)
    else:
        yield Hit(f"{spec.name} runs on the default bridge network", line=spec.line_of("network_mode", "image"), object=spec.name)
