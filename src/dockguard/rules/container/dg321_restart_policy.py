"""DG321: Restart policy is unbounded."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good

RULE = Rule(
    id='DG321',
    title='Restart policy is unbounded',
    severity=Severity.LOW,
    kind="container",
    practices=('P26',),
    peers={'kics': ('2fc99041-ddad-49d5-853f-e35e70a48391',), 'docker-bench': ('check_5_15',)},
    cis=('5.15',),
    rationale=(
        'A container that restarts without bound (`always`, `unless-stopped`, `on-failure` without a count or above 5) hides a crash loop and keeps an exploited or broken service coming back, using resources each time.'
    ),
    remediation=(
        'Use `--restart on-failure:5` (compose `restart: on-failure:5`, or `deploy.restart_policy: {condition: on-failure, max_attempts: 5}`); the `max_retries` option sets the bound.'
    ),
    options=(
        Option('max_retries', 5, 'The largest on-failure retry count accepted.'),
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --restart=on-failure:10 nginx:1.27', 'docker-run'),
        bad('docker run --restart always nginx:1.27', 'docker-run'),
        good('docker run --restart on-failure:5 nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    restart: unless-stopped\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    deploy:\n      restart_policy:\n        condition: on-failure\n        max_attempts: 3\n', 'compose'),
        good('{"Image": "nginx:1.27", "HostConfig": {"RestartPolicy": {"Name": "no"}}}', 'engine-api'),
    ),
)


def check(spec: ContainerSpec, ctx):
    limit = int(ctx.options.get("max_retries", 5))
    policy = spec.restart_policy
    if policy in ("always", "unless-stopped"):
        yield Hit(f"{spec.name} restarts without bound (restart policy {policy})", line=spec.line_of("restart_policy"), object=spec.name)
    elif policy == "on-failure":
        n = spec.restart_max_retries
        if not n:
            yield Hit(f"{spec.name}: on-failure restart policy without a maximum retry count", line=spec.line_of("restart_policy"), object=spec.name)
        elif n > limit:
            yield Hit(f"{spec.name}: on-failure restart policy allows {n} retries (more than {limit})", line=spec.line_of("restart_policy"), object=spec.name)
