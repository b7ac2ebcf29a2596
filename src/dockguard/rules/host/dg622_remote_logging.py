from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, info, na, warn, where

RULE = Rule(
    id="DG622",
    title="Container logs are not sent to a central log service",
    severity=Severity.LOW,
    kind="host",
    practices=("P44",),
    peers={"docker-bench": ("2.13",)},
    cis=("2.13",),
    rationale="Logs kept only on the host (json-file, local) are lost with it and can be erased by whoever compromises it.",
    remediation='Set "log-driver" to a remote driver (syslog with "log-opts": {"syslog-address": "tcp+tls://…"}, gelf, fluentd, awslogs, splunk, gcplogs) or forward journald.',
    examples=(
        bad("{}", lang="daemon-json", note="json-file is the default"),
        bad('{"log-driver": "local"}', lang="daemon-json"),
        good('{"log-driver": "syslog", "log-opts": {"syslog-address": "tcp+tls://logs.example:6514"}}', lang="daemon-json"),
        good('{"log-driver": "fluentd"}', lang="daemon-json"),
    ),
)

LOCAL = {"json-file", "local", "none", "etwlogs"}
REMOTE = {"syslog", "gelf", "fluentd", "awslogs", "splunk", "gcplogs", "logentries", "loki"}


def check(host: Host, ctx):
    if host.info is not None and host.info.get("LoggingDriver"):
        driver, source = host.info["LoggingDriver"], "docker info"
    else:
        driver, why = config_value(host, "log-driver", "json-file")
        if why:
            yield na(why)
            return
        source = where(host, "log-driver")
    if driver in LOCAL:
        yield warn(f"log driver {driver} keeps logs on the host only", evidence=f"log-driver={driver} ({source})")
    elif driver == "journald":
        yield info("log driver journald: logs stay in the host journal unless the journal is forwarded", evidence=f"log-driver=journald ({source})")
    elif driver == "syslog" and not str((host.daemon.get("log-opts") or {}).get("syslog-address", "")).strip():
        yield info("log driver syslog to the local syslog: forward it to a central service", evidence=f"log-driver=syslog ({source})")
