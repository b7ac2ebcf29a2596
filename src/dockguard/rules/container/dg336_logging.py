"""DG336: Logs are disabled or not rotated."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG336',
    title='Logs are disabled or not rotated',
    severity=Severity.LOW,
    kind="container",
    practices=('P31',),
    peers={},
    cis=(),
    rationale=(
        "With the `none` log driver nothing of the container's output is kept for an investigation; the local `json-file` driver without `max-size` grows until the disk is full."
    ),
    remediation=(
        'Use a driver that ships logs off the host (syslog, journald, fluentd, gelf, awslogs, splunk …) or rotate local logs: `--log-opt max-size=10m --log-opt max-file=3` (compose `logging.options`).'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --log-driver none nginx:1.27', 'docker-run'),
        bad('docker run --log-driver json-file nginx:1.27', 'docker-run'),
        good('docker run --log-driver json-file --log-opt max-size=10m nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: none\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: syslog\n      options:\n        syslog-address: tcp://10.0.0.5:514\n', 'compose'),
        good('{"Image": "nginx:1.27", "HostConfig": {"LogConfig": {"Type": "local"}}}', 'engine-api'),
    ),
)


def check(spec: ContainerSpec, ctx):
    driver = (spec.log_driver or "").lower()
    line = spec.line_of("log_driver", "log_options")
    if driver == "none":
        yield Hit(f"{spec.name} discards its logs (log driver none)", line=line, object=spec.name)
    elif driver == "json-file" and "max-size" not in spec.log_options:
        yield Hit(f"{spec.name} logs to json-file without max-size: the log grows without bound", line=line, object=spec.name)
