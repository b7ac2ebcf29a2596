import posixpath

from dockguard.dockerignore import DockerIgnore
from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import dest_arg, shipped_stages, source_args

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


def _carried_to_shipped(df: Dockerfile, stage, dest: str, shipped: set[int]) -> int | None:
    """Line of a `COPY --from=<stage>` in a shipped stage that takes the whole copied tree."""
    dest = posixpath.normpath(dest if dest.startswith("/") else posixpath.join("/", dest)) if dest else "/"
    for other in df.stages:
        if other.index not in shipped:
            continue
        for ins in other.find("COPY", "ADD"):
            src_stage = ins.flag("from")
            if not src_stage or df.stage_named(src_stage) is not stage:
                continue
            for src in source_args(ins):
                p = posixpath.normpath(src if src.startswith("/") else posixpath.join("/", src))
                if p == dest or dest.startswith(p.rstrip("/") + "/"):  # the whole tree, not a built file in it
                    return ins.line
    return None


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
            where = " (a builder stage: only what you copy from it ships)" if builder else ""
            if builder:
                carried = _carried_to_shipped(df, stage, dest_arg(ins) or "", shipped)
                if carried is not None:
                    builder = False
                    where = f" (and line {carried} copies it into the shipped stage)"
            sev = Severity.LOW if builder else None
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
