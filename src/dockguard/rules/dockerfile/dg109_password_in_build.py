from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import pipeline_of, short_flags

RULE = Rule(
    id="DG109",
    title="A password is set or removed during the build",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P05", "P06"),
    peers={"checkov": ("CKV2_DOCKER_17",), "dockle": ("DKL-LI-0001",)},
    rationale=(
        "`chpasswd`, `passwd --stdin`, `useradd -p` and `usermod -p` write a password into "
        "/etc/shadow of a layer, and the clear-text password into the image history (the RUN "
        "line). Every copy of the image shares it. `passwd -d` leaves an account with an empty "
        "password. Containers should have no login passwords at all."
    ),
    remediation=(
        "Do not set passwords in images: run as a non-root user with a locked password "
        "(`useradd -r`/`adduser -D` lock it), and give services their credentials at run time "
        "through secrets. If a build step needs a secret, use `RUN --mount=type=secret`."
    ),
    examples=(
        bad("FROM ubuntu:24.04\nRUN echo 'root:root' | chpasswd\n"),
        bad("FROM alpine:3.20\nRUN adduser -D app && passwd -d app\n"),
        good("FROM ubuntu:24.04\nRUN useradd -r -u 10001 app\n"),
    ),
)


def _feeder_user(ins, cmd) -> str | None:
    for other in pipeline_of(ins, cmd):
        if other is cmd:
            break
        if other.name in ("echo", "printf") and other.args:
            for word in other.args:
                if ":" in word and not word.startswith("-"):
                    return word.split(":", 1)[0]
    return None


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        name, args = cmd.name, cmd.args
        if name == "chpasswd":
            who = _feeder_user(ins, cmd)
            target = f" for {who}" if who else ""
            yield Hit(f"password set{target} with chpasswd: it stays in the image and its history", line=cmd.line)
        elif name == "passwd":
            if any(a in ("-d", "--delete") for a in args):
                yield Hit("passwd -d: the account is left with an empty password", line=cmd.line)
            elif "--stdin" in args or cmd.pipe_position > 0:
                yield Hit("password set with passwd during the build: it stays in the image and its history", line=cmd.line)
        elif name in ("useradd", "usermod", "adduser"):
            for i, word in enumerate(args):
                if word in ("-p", "--password") or word.startswith("--password="):
                    value = word.partition("=")[2] if "=" in word else (args[i + 1] if i + 1 < len(args) else "")
                    if value in ("", "*", "!", "!!", "x"):
                        continue
                    yield Hit(f"{name} {word.split('=')[0]}: a password hash is baked into the image", line=cmd.line)
                    break
                flags = short_flags(word)
                if flags and "p" in flags and name != "adduser" and not word.startswith("--") and flags[-1] == "p":
                    yield Hit(f"{name} -p: a password hash is baked into the image", line=cmd.line)
                    break
