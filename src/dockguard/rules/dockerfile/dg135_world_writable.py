from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import dest_arg

RULE = Rule(
    id="DG135",
    title="Files made world-writable",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P08",),
    peers={},
    rationale=(
        "`chmod 777`, `chmod 666`, `chmod -R a+w`, `o+w` or `COPY --chmod=777` let every user in "
        "the container (and any process that breaks into it) rewrite the application, its "
        "configuration or its scripts: a way to persist or escalate. Directories with the sticky "
        "bit (`1777`, as /tmp) are not reported."
    ),
    remediation=(
        "Give ownership to the user that writes (`COPY --chown=10001:10001`, `chown 10001 /data`) "
        "and use 755 for directories and 644 (or 600) for files."
    ),
    examples=(
        bad("FROM alpine:3.20\nRUN chmod -R 777 /app\n"),
        bad("FROM alpine:3.20\nCOPY --chmod=666 config.yml /etc/app/\n"),
        good("FROM alpine:3.20\nRUN chown -R 10001:10001 /app && chmod -R 755 /app && chmod 1777 /scratch\n"),
    ),
)


def world_writable(mode: str) -> bool:
    mode = mode.strip()
    if mode.isdigit() and all(c in "01234567" for c in mode):
        digits = mode.zfill(4)
        if len(digits) == 4 and int(digits[0]) & 1:
            return False  # sticky: /tmp-like
        return bool(int(digits[-1]) & 2)
    for clause in mode.split(","):
        who = ""
        i = 0
        while i < len(clause) and clause[i] in "ugoa":
            who += clause[i]
            i += 1
        rest = clause[i:]
        if not rest or rest[0] not in "+=":
            continue
        perms = rest[1:]
        if "t" in perms:
            continue
        if "w" in perms and ("o" in who or "a" in who):
            return True
    return False


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        if cmd.name != "chmod":
            continue
        words = [a for a in cmd.args if a not in ("-R", "--recursive", "-v", "-f", "-c", "--verbose", "--silent", "--quiet")]
        words = [w for w in words if not w.startswith("--")]
        if len(words) >= 2 and world_writable(words[0]):
            yield Hit(f"chmod {words[0]} {' '.join(words[1:])}: world-writable", line=cmd.line)
    for ins in df.iter_instructions("COPY", "ADD"):
        mode = ins.flag("chmod")
        if mode and world_writable(mode):
            yield Hit(f"{ins.keyword} --chmod={mode} {dest_arg(ins) or ''}: world-writable", line=ins.line)
