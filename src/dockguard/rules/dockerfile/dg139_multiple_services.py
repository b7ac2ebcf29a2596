import re

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import shipped_stages

RULE = Rule(
    id="DG139",
    title="The container runs several services",
    severity=Severity.INFO,
    kind="dockerfile",
    practices=("P10",),
    peers={},
    rationale=(
        "One container, one application: a process supervisor (supervisord, runit, s6) or a CMD "
        "that starts services in the background (`nginx & php-fpm`, `service ssh start && …`) "
        "hides failures from the orchestrator (it sees one healthy PID), mixes privileges and "
        "attack surfaces, and cannot be scaled or updated per service."
    ),
    remediation=(
        "Run each service in its own container (a compose file or a Kubernetes pod with several "
        "containers) and let the orchestrator supervise them."
    ),
    examples=(
        bad("FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends supervisor\nCMD [\"/usr/bin/supervisord\", \"-n\"]\n"),
        bad("FROM php:8.3-fpm-alpine\nCMD php-fpm -D && nginx -g 'daemon off;'\n"),
        good("FROM nginx:1.27-alpine\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n"),
    ),
)

_SUPERVISORS = re.compile(r"(?:^|[/\s\"'])(supervisord|runsvdir|s6-svscan|circusd|monit|pm2-runtime|pm2|honcho|forego|overmind)\b")
_BACKGROUND = re.compile(r"[^&]&\s*(?!&)\S|(?:^|\s|;|&&)(?:service|systemctl)\s+\S+\s+start\b|\s-D\b.*&&")


def check(df: Dockerfile, ctx):
    chain = shipped_stages(df, ctx)
    final = [i for s in reversed(chain) for i in s.instructions if i.keyword in ("CMD", "ENTRYPOINT")]
    for ins in final[-2:]:
        text = " ".join(ins.args) if ins.json_form else ins.value
        m = _SUPERVISORS.search(text)
        if m:
            yield Hit(f"{ins.keyword} starts the process supervisor {m.group(1)}: several services in one container", line=ins.line)
        elif not ins.json_form and _BACKGROUND.search(" " + text):
            yield Hit(f"{ins.keyword} {text}: starts services in the background", line=ins.line)
        elif ins.json_form and len(ins.args) >= 3 and ins.args[0].rsplit("/", 1)[-1] in ("sh", "bash") and _BACKGROUND.search(" " + ins.args[-1]):
            yield Hit(f"{ins.keyword} {ins.args[-1]}: starts services in the background", line=ins.line)
