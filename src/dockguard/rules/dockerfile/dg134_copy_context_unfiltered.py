from dockguard.dockerignore import DockerIgnore
from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import shipped_stages, source_args

RULE = Rule(
    id="DG134",
    title="The whole build context is copied without a .dockerignore that keeps secrets out",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P11", "P06"),
    peers={"dockle": ("DKL-LI-0003",)},
    rationale=(
        "`COPY . .` (or a glob such as `COPY * ./`) copies everything in the build context: the "
        "`.git` directory with its history, `.env` files, private keys, cloud credentials. "
        "Without a `.dockerignore` (or BuildKit's per-Dockerfile `<name>.dockerignore`) they end "
        "up in a layer of the image, and anyone who pulls it can read them. A `.dockerignore` "
        "that exists but does not exclude `.git`, `.env` and keys leaves the same hole."
    ),
    remediation=(
        "Add a `.dockerignore` beside the build context with at least `.git`, `**/.env`, "
        "`**/*.pem`, `**/*.key`, `**/id_rsa*`, `**/.ssh`, `**/.aws` (or start with `*` and "
        "re-include what the build needs with `!src/`), or copy only what the image needs: "
        "`COPY src/ /app/src/`."
    ),
    examples=(
        bad("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n", note="no .dockerignore in the context"),
        good("FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt app.py ./\n"),
    ),
)

# What a context must not send into an image: (label, probe paths in the context)
PROBES = (
    (".git", (".git/HEAD", ".git/config")),
    (".env", (".env",)),
    ("*.pem", ("server.pem",)),
    ("*.key", ("server.key",)),
    ("id_rsa", ("id_rsa",)),
    (".ssh", (".ssh/id_ed25519",)),
    (".aws", (".aws/credentials",)),
)

_BROAD = {".", "./", "*", "./*", "**", "./**", "/", ".*", "*.*"}


def _broad(src: str) -> bool:
    s = src.strip()
    return s in _BROAD or s.rstrip("/") in (".", "")


def check(df: Dockerfile, ctx):
    if df.path == "-":
        return  # standard input: there is no build context to look at
    shipped = {s.index for s in shipped_stages(df, ctx)}
    ignore = DockerIgnore(df.dockerignore) if df.dockerignore is not None else None
    missing: list[str] = []
    if ignore is not None:
        missing = [label for label, probes in PROBES if not all(ignore.excluded(p) for p in probes)]
        if not missing:
            return
    for stage in df.stages:
        for ins in stage.instructions:
            if ins.keyword not in ("COPY", "ADD") or ins.flag("from") is not None:
                continue
            broad = [s for s in source_args(ins) if _broad(s)]
            if not broad:
                continue
            builder = stage.index not in shipped
            sev = Severity.LOW if builder else None
            where = " (a builder stage: only what you copy from it ships)" if builder else ""
            if ignore is None:
                yield Hit(
                    f"{ins.keyword} {broad[0]} copies the whole context and no .dockerignore was found{where}",
                    line=ins.line,
                    severity=sev,
                )
            else:
                yield Hit(
                    f"{ins.keyword} {broad[0]} copies the whole context and .dockerignore does not exclude: "
                    f"{', '.join(missing)}{where}",
                    line=ins.line,
                    severity=sev or Severity.LOW,
                )
