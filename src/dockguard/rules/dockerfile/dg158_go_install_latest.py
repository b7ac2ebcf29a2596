from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG158",
    title="go install of @latest or a branch instead of a version",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P09",),
    peers={"hadolint": ("DL3062",)},
    tags=("pinning", "go"),
    rationale=(
        "`go install pkg@latest` (or `@master`/`@main`) builds whatever was published last: builds "
        "are not reproducible and a compromised upstream lands in the image. The Go checksum "
        "database only protects a fixed version."
    ),
    remediation="Name a version: `go install golang.org/x/tools/gopls@v0.16.1`.",
    examples=(
        bad("FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@latest\n"),
        good("FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@v0.16.1 && go install ./cmd/app\n"),
    ),
)

_FLOATING = frozenset({"latest", "master", "main", "head", "trunk", "develop"})


def check(df: Dockerfile, ctx):
    for _ins, cmd in df.iter_commands():
        if cmd.name != "go":
            continue
        sub, pos = u.split_sub(cmd, frozenset({"-o", "-C", "-p", "-tags", "-ldflags", "-gcflags", "-mod", "-modfile", "-pkgdir", "-toolexec", "-overlay", "-pgo", "-buildmode", "-compiler", "-asmflags", "-gccgoflags", "-installsuffix"}))
        if sub not in ("install", "get"):
            continue
        floating = [w for w in pos if "@" in w and not u.has_var(w) and w.rsplit("@", 1)[1].lower() in _FLOATING]
        if floating:
            yield Hit(f"go {sub} of a moving version: {', '.join(floating)}", line=cmd.line, evidence=cmd.text or None)
