from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG186",
    title="Interactive or system command that does nothing useful in a build",
    severity=Severity.INFO,
    kind="dockerfile",
    practices=("P08",),
    peers={"hadolint": ("DL3001",)},
    tags=("structure",),
    rationale=(
        "A build has no terminal, no init and no running services: `ssh`, `vim`, `shutdown`, "
        "`service`, `systemctl`, `top`, `free`, `ps`, `kill`, `mount`, `ifconfig` in a RUN are "
        "leftovers (or an SSH/remote-access setup that does not belong in a container)."
    ),
    remediation="Remove the command; start services from the container's entrypoint, not at build time.",
    examples=(
        bad("FROM debian:12\nRUN service nginx start\n"),
        good("FROM debian:12\nRUN nginx -t\n"),
    ),
)

_POINTLESS = frozenset({"ssh", "vim", "vi", "nano", "shutdown", "reboot", "halt", "poweroff", "service",
                        "systemctl", "top", "htop", "free", "ps", "kill", "killall", "mount", "ifconfig"})


def check(df: Dockerfile, ctx):
    for _ins, cmd in df.iter_commands():
        if cmd.name in _POINTLESS and cmd.pipe_position == 0 and not (cmd.name == "systemctl" and cmd.args[:1] in (["enable"], ["disable"], ["mask"])):
            yield Hit(f"`{cmd.name}` does nothing useful in a RUN", line=cmd.line)
