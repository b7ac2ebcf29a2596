from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good

RULE = Rule(
    id="DG185",
    title="useradd with a high UID without -l",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P07",),
    peers={"hadolint": ("DL3046",)},
    options=(Option("min_uid", 65536, "UIDs from this value on are reported"),),
    tags=("structure",),
    rationale="useradd writes /var/log/lastlog and faillog as sparse files sized by the UID; image layers do not keep them sparse, so a UID of 1000000 adds ~300 MB.",
    remediation="Add `-l` (`--no-log-init`): `useradd -l -u 1000000 app`.",
    examples=(
        bad("FROM debian:12\nRUN useradd -u 1000000 app\n"),
        good("FROM debian:12\nRUN useradd -l -u 1000000 app && useradd -u 10001 small\n"),
    ),
)


def check(df: Dockerfile, ctx):
    limit = int(ctx.options.get("min_uid", 65536))
    for _ins, cmd in df.iter_commands():
        if cmd.name != "useradd" or cmd.has_flag("-l", "--no-log-init"):
            continue
        uid = cmd.flag_value("-u", "--uid")
        if uid and uid.isdigit() and int(uid) >= limit:
            yield Hit(f"useradd -u {uid} without -l writes a {int(uid) * 292 // 1_000_000} MB lastlog", line=cmd.line)
