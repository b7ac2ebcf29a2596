from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG136",
    title="A setuid or setgid bit is added",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P08",),
    peers={"dockle": ("CIS-DI-0008",)},
    cis=("4.8",),
    rationale=(
        "A setuid-root program runs as root whoever starts it: any bug in it is a privilege "
        "escalation from the container's non-root user. Images should remove the setuid bits "
        "they do not need, not add new ones. (Run containers with `no-new-privileges` too.)"
    ),
    remediation=(
        "Drop the `chmod u+s`/`4755`; grant the one capability the program needs at run time "
        "(`--cap-add NET_BIND_SERVICE`) or `setcap` it, and strip existing bits: "
        "`RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true`."
    ),
    examples=(
        bad("FROM alpine:3.20\nRUN chmod u+s /usr/local/bin/tool\n"),
        bad("FROM alpine:3.20\nRUN chmod 4755 /usr/local/bin/tool\n"),
        good("FROM alpine:3.20\nRUN chmod 0755 /usr/local/bin/tool && chmod a-s /bin/su\n"),
    ),
)


def special_bits(mode: str) -> str | None:
    """"setuid", "setgid" or None for a chmod mode."""
    mode = mode.strip()
    if mode.isdigit() and len(mode) >= 4 and all(c in "01234567" for c in mode):
        first = int(mode[-4])
        if first & 4:
            return "setuid"
        if first & 2:
            return "setgid"
        return None
    result = None
    for clause in mode.split(","):
        who = ""
        i = 0
        while i < len(clause) and clause[i] in "ugoa":
            who += clause[i]
            i += 1
        rest = clause[i:]
        if not rest or rest[0] not in "+=" or "s" not in rest[1:]:
            continue
        if not who or "u" in who or "a" in who:
            return "setuid"
        if "g" in who:
            result = "setgid"
    return result


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        if cmd.name != "chmod":
            continue
        words = [w for w in cmd.args if not w.startswith("--") and w not in ("-R", "-v", "-f", "-c")]
        if len(words) >= 2:
            bit = special_bits(words[0])
            if bit:
                sev = Severity.LOW if bit == "setgid" else None
                yield Hit(f"chmod {words[0]} {' '.join(words[1:])}: adds the {bit} bit", line=cmd.line, severity=sev)
    for ins in df.iter_instructions("COPY", "ADD"):
        mode = ins.flag("chmod")
        bit = special_bits(mode) if mode else None
        if bit:
            yield Hit(f"{ins.keyword} --chmod={mode}: adds the {bit} bit", line=ins.line)
