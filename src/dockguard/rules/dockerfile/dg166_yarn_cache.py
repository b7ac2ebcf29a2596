from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG166",
    title="yarn cache left in the image",
    severity=Severity.INFO,
    kind="dockerfile",
    practices=("P07",),
    peers={"hadolint": ("DL3060",)},
    tags=("hygiene", "yarn"),
    rationale=(
        "Yarn (v1) keeps every downloaded package in its global cache; without `yarn cache clean` "
        "in the same RUN it ships in the layer. Only stages that end up in the image are checked; "
        "a `--mount=type=cache` on the yarn cache keeps it out."
    ),
    remediation="`yarn install --frozen-lockfile && yarn cache clean`, or `RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install`.",
    examples=(
        bad("FROM node:20-slim\nRUN yarn install --frozen-lockfile\n"),
        good("FROM node:20-slim\nRUN yarn install --frozen-lockfile && yarn cache clean\n"),
    ),
)

_INSTALLS = frozenset({"install", "add"})


def _sub(cmd):
    sub, pos = u.split_sub(cmd, frozenset({"--cwd", "--cache-folder", "--modules-folder", "--network-timeout", "--registry"}))
    if sub == "global" and pos:
        return pos[0]
    return sub


def _installs(cmd) -> bool:
    return cmd.name == "yarn" and (_sub(cmd) in _INSTALLS or _sub(cmd) is None)


def _cleans(cmd) -> bool:
    if cmd.name == "yarn":
        sub, pos = u.split_sub(cmd, frozenset())
        return sub == "cache" and pos[:1] == ["clean"]
    return cmd.name == "rm" and any("yarn" in a and "cache" in a for a in cmd.args)


def check(df: Dockerfile, ctx):
    for stage in u.shipped_stages(df, ctx):
        for ins in stage.instructions:
            if ins.keyword != "RUN" or any("yarn" in t for t in u.cache_mounts(ins)):
                continue
            cmds = u.run_commands(ins)
            for i, cmd in enumerate(cmds):
                if _installs(cmd) and "YARN_CACHE_FOLDER" not in cmd.assignments and not u.later_in_run(cmds, i, _cleans):
                    yield Hit(f"`{cmd.text or 'yarn install'}` without `yarn cache clean` in the same RUN", line=cmd.line)
                    break
