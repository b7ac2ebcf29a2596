from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import effective_user, is_root_user, user_value

RULE = Rule(
    id="DG102",
    title="The final USER is a name, not a numeric UID",
    severity=Severity.INFO,
    kind="dockerfile",
    practices=("P04", "P30"),
    peers={"hadolint": ("DL3066",)},
    rationale=(
        "Kubernetes `runAsNonRoot` and admission policies check the image's user before the "
        "container starts; a user name (`USER app`) cannot be verified to be non-root without "
        "reading /etc/passwd, so such pods are refused or need an explicit `runAsUser`."
    ),
    remediation="Use the numeric UID (and GID) of the user you created: `USER 10001:10001`.",
    examples=(
        bad("FROM alpine:3.20\nRUN adduser -D -u 10001 app\nUSER app\n"),
        good("FROM alpine:3.20\nRUN adduser -D -u 10001 app\nUSER 10001:10001\n"),
    ),
)


def check(df: Dockerfile, ctx):
    ins, _ = effective_user(df, ctx)
    if ins is None:
        return
    value = user_value(ins)
    if not value or is_root_user(value) or "$" in value:
        return
    user = value.split(":", 1)[0]
    if not user.isdigit():
        yield Hit(f"USER {value}: use the numeric UID so runAsNonRoot can verify it", line=ins.line)
