import re

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import INTERPRETERS, command_urls, is_fetch, pipeline_of

RULE = Rule(
    id="DG115",
    title="Download used without checksum or signature verification",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P09",),
    peers={},
    rationale=(
        "A file fetched with curl or wget and then installed, unpacked or run is trusted blindly: "
        "a compromised mirror or release page changes the image. Verifying a known checksum "
        "(`sha256sum -c`) or a signature (`gpg --verify`, `cosign verify-blob`) in the same RUN "
        "makes the build fail instead. Downloads of keys and checksum files are not reported."
    ),
    remediation=(
        "Pin the expected digest next to the URL and check it in the same RUN: "
        "`curl -fsSLo tool.tgz \"$URL\" && echo \"$SHA256  tool.tgz\" | sha256sum -c - && tar xzf tool.tgz`, "
        "or use `ADD --checksum=sha256:… <url>`."
    ),
    examples=(
        bad("FROM debian:12-slim\nRUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz && tar -xzf /tmp/tool.tgz -C /usr/local\n"),
        bad("FROM debian:12-slim\nRUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local\n"),
        good(
            "FROM debian:12-slim\nRUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz \\\n"
            " && echo \"24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d  /tmp/tool.tgz\" | sha256sum -c - \\\n"
            " && tar -xzf /tmp/tool.tgz -C /usr/local\n"
        ),
        good("FROM debian:12-slim\nRUN curl -fsS http://localhost:8080/health\n", note="a request, not a download that is used"),
    ),
)

VERIFIERS = frozenset({"sha256sum", "sha512sum", "sha384sum", "sha224sum", "sha1sum", "md5sum", "b2sum", "shasum",
                       "gpg", "gpgv", "gpg2", "cosign", "minisign", "signify", "rpm", "openssl", "slsa-verifier",
                       "sigstore", "notation", "cksum", "sha3sum", "rhash"})
# Consumers that install, unpack or run what was downloaded.
UNPACK = frozenset({"tar", "unzip", "gunzip", "bunzip2", "xz", "unxz", "zstd", "bsdtar", "7z", "7za", "cpio", "jar"})
INSTALL = frozenset({"dpkg", "rpm", "apk", "install", "chmod", "mv", "cp", "ln", "java", "pip", "pip3", "npm", "gem"})
_KEYISH = re.compile(r"\.(asc|sig|gpg|pub|key|pem|crt|sha256|sha512|sha256sum|sha512sum|md5|sums?|txt|json|html)(\?.*)?$|/(KEYS|SHA256SUMS|SHA512SUMS|checksums?)(\.txt)?$", re.I)


def _short_value(args: list[str], i: int, letter: str) -> str | None:
    """`-fsSLo file` / `-ofile` / `-qO-`: the value of short option `letter` in args[i], if there."""
    word = args[i]
    if not word.startswith("-") or word.startswith("--") or letter not in word[1:]:
        return None
    rest = word[word.index(letter, 1) + 1 :]
    if rest:
        return rest
    return args[i + 1] if i + 1 < len(args) else None


def _saved_file(cmd) -> str | None:
    """Where curl/wget writes the download ("-" for stdout), or None when unknown."""
    args = cmd.args
    urls = command_urls(cmd)
    for i, word in enumerate(args):
        if word in ("--output", "--output-document", "-o" if cmd.name == "curl" else "-O") and i + 1 < len(args):
            return args[i + 1]
        if word.startswith(("--output=", "--output-document=")):
            return word.split("=", 1)[1]
        if cmd.name == "curl":
            value = _short_value(args, i, "o")
            if value is not None:
                return value
            if word == "--remote-name" or (word.startswith("-") and not word.startswith("--") and "O" in word):
                return urls[0].rsplit("/", 1)[-1] if urls else "?"
        elif cmd.name == "wget":
            value = _short_value(args, i, "O")
            if value is not None:
                return value
    if cmd.name == "wget":
        return urls[0].rsplit("/", 1)[-1] if urls else None
    if ">" in cmd.text:
        after = cmd.text.rsplit(">", 1)[1].split()
        return after[0] if after else None
    return "-"


def check(df: Dockerfile, ctx):
    for ins in df.iter_instructions("RUN"):
        commands = ins.commands
        if not commands:
            continue
        if any(c.name in VERIFIERS for c in commands):
            continue
        names = {c.name for c in commands}
        for cmd in commands:
            if not is_fetch(cmd):
                continue
            urls = [u for u in command_urls(cmd) if not _KEYISH.search(u)]
            if not urls:
                continue
            saved = _saved_file(cmd)
            if saved is None:
                continue
            if saved == "-" or saved == "/dev/stdout":
                pipe = pipeline_of(ins, cmd)
                after = [c.name for c in pipe if c.pipe_position > cmd.pipe_position]
                if after and after[0] in UNPACK:
                    yield Hit(f"{urls[0]} is unpacked by {after[0]} straight from {cmd.name}, unverified", line=cmd.line)
                continue
            if _KEYISH.search(saved):
                continue
            used = names & (UNPACK | INSTALL | INTERPRETERS)
            if used or any(c.argv and c.argv[0].endswith(saved.rsplit("/", 1)[-1]) and c is not cmd for c in commands):
                yield Hit(f"{urls[0]} is downloaded and used without a checksum or signature check", line=cmd.line)
