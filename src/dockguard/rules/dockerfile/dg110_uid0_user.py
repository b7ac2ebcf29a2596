from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import short_flags

RULE = Rule(
    id="DG110",
    title="A user is created with UID 0 or a duplicate UID",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P04",),
    peers={"dockle": ("DKL-LI-0002",)},
    rationale=(
        "`useradd -o -u 0 admin` (or a line appended to /etc/passwd with UID 0) creates a second "
        "root account under another name: `USER admin` looks unprivileged but is root, and "
        "checks that look for the name `root` miss it. Two users sharing a UID share every file "
        "and process permission."
    ),
    remediation="Give every user its own UID above 10000, without `-o`/`--non-unique`; never UID 0.",
    examples=(
        bad("FROM debian:12-slim\nRUN useradd -o -u 0 admin\nUSER admin\n"),
        good("FROM debian:12-slim\nRUN useradd -r -u 10001 app\nUSER 10001\n"),
    ),
)


def _uid(args: list[str], long: str, short: str) -> str | None:
    for i, word in enumerate(args):
        if word == long or word == short:
            return args[i + 1] if i + 1 < len(args) else None
        if word.startswith(long + "="):
            return word.split("=", 1)[1]
        flags = short_flags(word)
        if flags and not word.startswith("--") and flags.endswith(short[1]) and flags.isalpha():
            return args[i + 1] if i + 1 < len(args) else None
    return None


def check(df: Dockerfile, ctx):
    seen: dict[str, int] = {}
    for ins, cmd in df.iter_commands():
        if cmd.name in ("useradd", "adduser", "usermod"):
            uid = _uid(cmd.args, "--uid", "-u")
            if uid is None:
                continue
            if uid.isdigit() and int(uid) == 0:
                yield Hit(f"{cmd.name} with UID 0: a second root account", line=cmd.line)
            elif uid.isdigit() and cmd.name != "usermod":
                if uid in seen:
                    yield Hit(f"{cmd.name}: UID {uid} is already used by a user created on line {seen[uid]}", line=cmd.line, severity=Severity.LOW)
                seen.setdefault(uid, cmd.line)
        elif cmd.name in ("echo", "printf") and ">> /etc/passwd" in cmd.text.replace(">>/etc/passwd", ">> /etc/passwd"):
            for word in cmd.args:
                parts = word.split(":")
                if len(parts) >= 4 and parts[2] == "0" and parts[0] != "root":
                    yield Hit(f"a user {parts[0]!r} with UID 0 is appended to /etc/passwd", line=cmd.line)
