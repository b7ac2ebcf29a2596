import re

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import FETCHERS, INTERPRETERS, URL_RE, command_urls, is_fetch, pipeline_of

RULE = Rule(
    id="DG116",
    title="A remote script is piped into a shell",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P09",),
    peers={},
    rationale=(
        "`curl … | sh`, `wget -O- … | bash`, `bash <(curl …)` and `sh -c \"$(curl …)\"` run "
        "whatever the server sends, unread and unverified, as the build user (usually root). "
        "A compromised server or CDN, or anyone on the path for http://, owns the image. A "
        "truncated download can also run half a script. Over plain HTTP this is critical."
    ),
    remediation=(
        "Download the script to a file, verify it against a pinned checksum or signature, then "
        "run it: `curl -fsSLo install.sh https://…/install.sh && echo \"<sha256>  install.sh\" | "
        "sha256sum -c - && sh install.sh`. Better: install the package from a signed repository, "
        "or use `ADD --checksum=sha256:…`."
    ),
    examples=(
        bad("FROM debian:12-slim\nRUN curl -fsSL https://example.com/install.sh | sh\n"),
        bad("FROM debian:12-slim\nRUN sh -c \"$(wget -qO- http://example.com/install.sh)\"\n"),
        good(
            "FROM debian:12-slim\nRUN curl -fsSLo install.sh https://example.com/install.sh \\\n"
            " && echo \"24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d  install.sh\" | sha256sum -c - \\\n"
            " && sh install.sh\n"
        ),
    ),
)

_SUBST = re.compile(r"(?:\$\(|<\(|`)\s*(?:\w+=\S+\s+)*(?:sudo\s+)?(?:\S*/)?(" + "|".join(sorted(FETCHERS)) + r")\b")
_CODE_FLAGS = ("-c", "-e", "-E", "--eval", "-m", "-r")


def _severity(urls: list[str]) -> Severity | None:
    return Severity.CRITICAL if any(u.lower().startswith("http://") for u in urls) else None


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        # `curl … | sh`
        if is_fetch(cmd) and cmd.pipe_position < cmd.pipe_length - 1:
            later = [c for c in pipeline_of(ins, cmd) if c.pipe_position > cmd.pipe_position]
            for c in later:
                if c.name in INTERPRETERS and not any(a in _CODE_FLAGS for a in c.args[:2]):
                    urls = command_urls(cmd)
                    yield Hit(f"{cmd.name} {urls[0]} is piped into {c.name}", line=cmd.line, severity=_severity(urls))
                    break
            continue
        # `bash <(curl …)`, `sh -c "$(curl …)"`, `eval "$(wget -O- …)"`, `source <(curl …)`
        if cmd.name in INTERPRETERS or cmd.name in ("eval", "source", "."):
            for word in cmd.args:
                m = _SUBST.search(word)
                if m:
                    urls = URL_RE.findall(word)
                    shown = urls[0] if urls else "a remote script"
                    yield Hit(f"{cmd.name} runs {shown} fetched by {m.group(1)}", line=cmd.line, severity=_severity(urls))
                    break
