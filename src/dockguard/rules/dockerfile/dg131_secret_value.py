import re

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.redact import redact
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._secrets import find_token, url_password
from dockguard.rules.dockerfile._util import kv_pairs

RULE = Rule(
    id="DG131",
    title="A secret value is written in the Dockerfile",
    severity=Severity.CRITICAL,
    kind="dockerfile",
    practices=("P05", "P06"),
    peers={},
    cis=("4.10",),
    rationale=(
        "A token, password or key written in ENV, ARG, LABEL, a RUN command or a URL is in the "
        "Dockerfile's repository and in the image (config or history) for anyone who can read "
        "either: known token formats (GitHub `ghp_…`, GitLab `glpat-…`, AWS `AKIA…`, Slack "
        "`xox…`, private keys), `https://user:password@host`, `curl -u user:password`, "
        "`Authorization:` headers with a literal value, and proxies with credentials persisted "
        "by ENV. Values are redacted in this report."
    ),
    remediation=(
        "Revoke the secret now: it is public to everyone with the repository or the image. Then "
        "pass it only to the step that needs it with `RUN --mount=type=secret,id=…` (or "
        "`--mount=type=ssh` for git over SSH) and give the running container its secrets at run "
        "time."
    ),
    examples=(
        bad("FROM alpine:3.20\nRUN git clone https://deploy:s3cr3tPassw0rd@git.example.com/app.git\n"),
        bad("FROM alpine:3.20\nENV HTTPS_PROXY=http://alice:Winter2024pw@proxy.corp:3128\n"),
        good(
            "# syntax=docker/dockerfile:1\nFROM alpine:3.20\n"
            "RUN --mount=type=secret,id=git_token,env=GIT_TOKEN git clone https://oauth2:${GIT_TOKEN}@git.example.com/app.git\n"
        ),
    ),
)

_AUTH_HEADER = re.compile(r"^\s*(authorization|private-token|x-api-key|api-key|x-auth-token)\s*:\s*(?:(?:bearer|basic|token)\s+)?(\S+)", re.I)
_PROXY = {"http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy"}


def _literal(value: str) -> bool:
    return bool(value) and "$" not in value and len(value) >= 4


def _value_hits(text: str, what: str, line: int):
    token = find_token(text)
    if token:
        yield Hit(f"{what} holds {token[0]}: {redact(token[1])}", line=line)
        return
    creds = url_password(text)
    if creds:
        host, user, password = creds
        yield Hit(f"{what} has a password in a URL for {host} (user {user}): {redact(password)}", line=line)


def check(df: Dockerfile, ctx):
    for ins in df.instructions:
        target = ins.onbuild if ins.onbuild is not None else ins
        kw = target.keyword
        if kw in ("ENV", "ARG", "LABEL"):
            for key, value in kv_pairs(target, df.escape):
                if not value:
                    continue
                hits = list(_value_hits(value, f"{kw} {key}", ins.line))
                if hits and kw == "ENV" and key.lower() in _PROXY and not find_token(value):
                    host, user, password = url_password(value)
                    yield Hit(
                        f"ENV {key} persists proxy credentials (user {user}, password {redact(password)}) in the image",
                        line=ins.line,
                    )
                    continue
                yield from hits
        elif kw in ("ADD", "COPY"):
            yield from _value_hits(" ".join(target.args), kw, ins.line)
    for ins, cmd in df.iter_commands():
        found = list(_value_hits(" ".join(cmd.argv + [f"{k}={v}" for k, v in cmd.assignments.items()]), cmd.name or "RUN", cmd.line))
        if found:
            yield found[0]
            continue
        args = cmd.args
        for i, word in enumerate(args):
            nxt = args[i + 1] if i + 1 < len(args) else ""
            if cmd.name == "curl" and word in ("-u", "--user", "-U", "--proxy-user"):
                user, sep, password = nxt.partition(":")
                if sep and _literal(password):
                    yield Hit(f"curl {word} {user}:…: a password on the command line: {redact(password)}", line=cmd.line)
                    break
            elif cmd.name in ("curl", "wget", "http") and word in ("-H", "--header"):
                m = _AUTH_HEADER.match(nxt)
                if m and _literal(m.group(2)):
                    yield Hit(f"{cmd.name} sends a literal {m.group(1)} header: {redact(m.group(2))}", line=cmd.line)
                    break
            elif cmd.name == "wget" and word.startswith(("--password=", "--http-password=", "--ftp-password=")):
                value = word.split("=", 1)[1]
                if _literal(value):
                    yield Hit(f"wget {word.split('=')[0]}: a password on the command line: {redact(value)}", line=cmd.line)
                    break
            elif cmd.name in ("mysql", "mysqladmin", "mysqldump", "mariadb") and word.startswith("-p") and len(word) > 2 and not word.startswith("--"):
                if _literal(word[2:]):
                    yield Hit(f"{cmd.name} -p…: a password on the command line: {redact(word[2:])}", line=cmd.line)
                    break
            elif cmd.name in ("docker", "podman", "helm", "skopeo", "sshpass") and word in ("-p", "--password") and _literal(nxt):
                yield Hit(f"{cmd.name} {word}: a password on the command line: {redact(nxt)}", line=cmd.line)
                break
