import posixpath

from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.image._common import PACKAGE_TREES, files, is_env_file, obj

RULE = Rule(
    id="DG513",
    title="A .git directory, .env file or .ssh directory is in the image",
    severity=Severity.HIGH,
    kind="image",
    practices=("P06", "P11"),
    peers={"dockle": ("DKL-LI-0003",)},
    rationale=(
        "`COPY . .` without a .dockerignore ships the repository history (with every secret ever committed), "
        "local .env files and SSH material."
    ),
    remediation="Add .git, .env* and .ssh to .dockerignore, copy only what the application needs, and rotate what leaked.",
    examples=(
        bad("files:\n  app/.git/config: '[core]\\n'\n", lang="image"),
        bad("files:\n  app/.env: 'DEBUG=1\\n'\n", lang="image"),
        good("files:\n  app/.env.example: 'DB_PASSWORD=\\n'\n  app/main.py: 'print(1)\\n'\n", lang="image"),
    ),
)


def check(image: Image, ctx):
    reported_dirs: set[str] = set()
    for e in files(image):
        if PACKAGE_TREES.match(e.path):
            continue
        base = posixpath.basename(e.path)
        if e.type == "dir" and base in (".git", ".ssh") and e.path not in reported_dirs:
            reported_dirs.add(e.path)
            sev = Severity.MEDIUM if base == ".git" else Severity.HIGH
            what = "Git repository (its history may hold secrets)" if base == ".git" else "SSH directory"
            yield Hit(f"{what} /{e.path}", object=obj(e.path, image, e.layer), severity=sev)
        elif e.type == "file" and is_env_file(e.path):
            yield Hit(f".env file /{e.path}", object=obj(e.path, image, e.layer))
        elif e.type == "file" and "/.git/" in "/" + e.path and posixpath.basename(posixpath.dirname(e.path)) == ".git":
            gitdir = posixpath.dirname(e.path)
            if gitdir not in reported_dirs:
                reported_dirs.add(gitdir)
                yield Hit(f"Git repository (its history may hold secrets) /{gitdir}",
                          object=obj(gitdir, image, e.layer), severity=Severity.MEDIUM)
