from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._tlsrule import TLS_FIX_CA, TLS_RATIONALE
from dockguard.rules.dockerfile._util import clean, env_settings, positionals, truthy_off

RULE = Rule(
    id="DG123",
    title="git with TLS verification disabled",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P09",),
    peers={"checkov": ("CKV2_DOCKER_14",)},
    rationale=(
        "git skips certificate checks when `GIT_SSL_NO_VERIFY` is set to any value (even 0), "
        "with `-c http.sslVerify=false`, or with `git config http.sslVerify false`: the "
        "source you build from can be swapped. " + TLS_RATIONALE
    ),
    remediation="Unset GIT_SSL_NO_VERIFY and keep http.sslVerify on; for a private CA set `http.sslCAInfo`. " + TLS_FIX_CA,
    examples=(
        bad("FROM alpine:3.20\nRUN GIT_SSL_NO_VERIFY=1 git clone https://example.com/repo.git\n"),
        bad("FROM alpine:3.20\nRUN git -c http.sslVerify=false clone https://example.com/repo.git\n"),
        good("FROM alpine:3.20\nRUN git clone https://example.com/repo.git\n"),
    ),
)


def _ssl_key(key: str) -> bool:
    key = key.lower()
    return key.startswith("http.") and key.endswith(".sslverify")


def check(df: Dockerfile, ctx):
    for s in env_settings(df):
        if s.name == "GIT_SSL_NO_VERIFY" and s.value is not None:
            yield Hit(f"{s.where} GIT_SSL_NO_VERIFY={clean(s.value)}: git skips certificate checks (any value does)", line=s.line)
    for ins, cmd in df.iter_commands():
        if cmd.name != "git":
            continue
        args = cmd.args
        for i, word in enumerate(args):
            if word == "-c" and i + 1 < len(args):
                key, _, value = args[i + 1].partition("=")
                if _ssl_key(key) and truthy_off(value):
                    yield Hit(f"git -c {key}={value}: certificate checks are off", line=cmd.line)
                    break
        else:
            words = positionals(args)
            if words[:1] == ["config"] and len(words) >= 3 and _ssl_key(words[1]) and truthy_off(words[2]):
                yield Hit(f"git config {words[1]} {words[2]}: certificate checks are off", line=cmd.line)
