from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG162",
    title="apt package lists left in the image",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P07",),
    peers={"hadolint": ("DL3009",), "dockle": ("DKL-DI-0005",)},
    tags=("hygiene", "apt"),
    rationale=(
        "`apt-get update` writes tens of megabytes of package lists to /var/lib/apt/lists; unless "
        "the same RUN removes them they stay in a layer of the shipped image. Only the stages that "
        "end up in the image are checked; a `--mount=type=cache` on /var/lib/apt keeps them out."
    ),
    remediation="End the RUN with `&& rm -rf /var/lib/apt/lists/*`, or use `RUN --mount=type=cache,target=/var/lib/apt,sharing=locked …`.",
    examples=(
        bad("FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n"),
        good("FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n"),
        good("FROM debian:12 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\nFROM scratch\nCOPY --from=build /x /x\n"),
    ),
)


def _removes_lists(cmd) -> bool:
    if cmd.name not in ("rm", "find"):
        return False
    return any(a.startswith("/var/lib/apt/lists") or a.rstrip("/") in ("/var/lib/apt", "/var/lib") for a in cmd.args)


def check(df: Dockerfile, ctx):
    for stage in u.shipped_stages(df, ctx):
        for ins in stage.instructions:
            if ins.keyword != "RUN" or u.has_cache_mount(ins, "/var/lib/apt/lists"):
                continue
            cmds = u.run_commands(ins)
            for i, cmd in enumerate(cmds):
                if cmd.name in ("apt-get", "apt") and u.apt_sub(cmd)[0] == "update":
                    if not u.later_in_run(cmds, i, _removes_lists):
                        yield Hit(f"{cmd.name} update without removing /var/lib/apt/lists in the same RUN", line=cmd.line)
                    break
