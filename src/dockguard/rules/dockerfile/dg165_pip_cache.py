from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG165",
    title="pip install without --no-cache-dir",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P07",),
    peers={"hadolint": ("DL3042",)},
    fixable=True,
    tags=("hygiene", "pip"),
    rationale=(
        "pip keeps downloaded wheels in ~/.cache/pip, often hundreds of megabytes, inside the "
        "layer. Not reported when PIP_NO_CACHE_DIR is set (ENV, or a prefix on the command), "
        "`--cache-dir` is given, or a `--mount=type=cache` covers the pip cache."
    ),
    remediation="`pip install --no-cache-dir …`, `ENV PIP_NO_CACHE_DIR=1`, or `RUN --mount=type=cache,target=/root/.cache/pip pip install …`.",
    examples=(
        bad("FROM python:3.12-slim\nRUN pip install -r requirements.txt\n"),
        good("FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n"),
        good("FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r requirements.txt\n"),
        good("FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n"),
    ),
)


def _is(cmd) -> bool:
    return u.pip_install_words(cmd) is not None


def _cache_mounted(ins) -> bool:
    return any("pip" in t or t.rstrip("/").endswith("/.cache") for t in u.cache_mounts(ins))


def check(df: Dockerfile, ctx):
    for stage in u.shipped_stages(df, ctx):
        for ins in stage.instructions:
            if ins.keyword != "RUN" or _cache_mounted(ins):
                continue
            env = None
            exported: set[str] = set()
            for cmd in u.run_commands(ins):
                exported |= {k for k, _ in u.command_env(cmd) if cmd.name in ("export", "declare", "typeset")}
                if not _is(cmd):
                    continue
                opts, _ = u.pip_install_words(cmd)
                if any(o.startswith(("--no-cache-dir", "--cache-dir")) for o in opts):
                    continue
                if "PIP_NO_CACHE_DIR" in cmd.assignments or "PIP_NO_CACHE_DIR" in exported:
                    continue
                if env is None:
                    env = u.env_before(df, ins)
                if env.get("PIP_NO_CACHE_DIR"):
                    continue
                words = u.pip_argv(cmd) or []
                fix = None
                if cmd.argv[0].rsplit("/", 1)[-1].startswith("pip") or "pip" in cmd.argv[1:3]:
                    fix = u.command_fix(df, ins, cmd, _is, r"(?<![\w.-])(?:[\w./-]*/)?(?:pip[\d.]*|python[\d.]*\s+-m\s*pip)(?:[ \t]+-[^\s]+)*[ \t]+install(?![\w-])",
                                        " --no-cache-dir", "add --no-cache-dir")
                yield Hit(f"pip install without --no-cache-dir: {' '.join(words[1:6])}".rstrip(), line=cmd.line, fix=fix)
