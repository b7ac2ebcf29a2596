from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG108",
    title="sudo used in RUN",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P04", "P08"),
    peers={
        "hadolint": ("DL3004",),
        "trivy": ("DS-0010",),
        "checkov": ("CKV2_DOCKER_1",),
        "dockle": ("DKL-DI-0001",),
    },
    rationale=(
        "RUN steps already run as the current USER; `sudo` in a build means either it is not "
        "needed (root) or the image ships sudo with a sudoers rule that lets the application "
        "user become root, defeating the non-root USER. sudo also has unpredictable TTY and "
        "signal behaviour in containers."
    ),
    remediation=(
        "Run the step as root (`USER root` before it, then `USER 10001` after), and do not "
        "install sudo in the image. At run time use `gosu`/`su-exec` only in an entrypoint that "
        "drops privileges."
    ),
    examples=(
        bad("FROM debian:12-slim\nRUN sudo apt-get install -y curl\n"),
        good("FROM debian:12-slim\nUSER root\nRUN apt-get install -y curl\nUSER 10001\n"),
        good("FROM debian:12-slim\nRUN apt-get install -y sudoku\n"),
    ),
)


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        used = [w for w in cmd.wrappers if w in ("sudo", "doas")]
        if cmd.name in ("sudo", "doas"):
            used.append(cmd.name)
        if used:
            yield Hit(f"{used[0]} in RUN: {cmd.text or ' '.join(cmd.argv)}", line=cmd.line)
