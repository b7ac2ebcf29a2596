from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import external_bases

RULE = Rule(
    id="DG105",
    title="Base image from a registry that is not trusted",
    severity=Severity.MEDIUM,
    kind="dockerfile",
    practices=("P01", "P46"),
    peers={"hadolint": ("DL3026",)},
    cis=("4.2",),
    rationale=(
        "Every FROM runs someone else's code in your build, builder stages included. When the "
        "configuration lists `trusted_registries`, a base image from anywhere else is reported "
        "(medium). Without that list, only registries that are not well-known public ones are "
        "reported, as info, to prompt you to write the list. `nginx` means "
        "`docker.io/library/nginx`; an entry `docker.io/library` trusts only official images, "
        "`ghcr.io/acme` trusts that organisation."
    ),
    remediation=(
        "Pull the image from a trusted registry (or mirror it there), or add its registry to "
        "`trusted_registries` in `.dockguard.yaml` if your policy trusts it."
    ),
    examples=(
        bad("FROM registry.example.net:5000/tools/builder:1.2\n", note="an unknown registry (info until trusted_registries is set)"),
        good("FROM alpine:3.20\n"),
    ),
)


def _normalise(entry: str) -> str:
    """`docker.io`, `ghcr.io/acme`, `library` (official images), `bitnami` -> a name prefix."""
    entry = entry.strip().rstrip("/").lower()
    first, _, rest = entry.partition("/")
    if first in ("index.docker.io", "registry-1.docker.io", "hub.docker.com", "registry.hub.docker.com"):
        first = "docker.io"
    if "." in first or ":" in first or first == "localhost":
        return f"{first}/{rest}" if rest else first
    return f"docker.io/{entry}"


def trusted(name: str, entries: list[str]) -> bool:
    for entry in entries:
        norm = _normalise(entry)
        if name == norm or name.startswith(norm + "/"):
            return True
    return False


# Used only when the configuration has no trusted_registries: public registries of known publishers.
WELL_KNOWN = (
    "docker.io", "gcr.io", "registry.k8s.io", "k8s.gcr.io", "mcr.microsoft.com", "public.ecr.aws",
    "quay.io", "ghcr.io", "registry.access.redhat.com", "registry.redhat.io", "cgr.dev",
    "docker.elastic.co", "nvcr.io", "registry.gitlab.com", "registry.suse.com",
    "container-registry.oracle.com", "dhi.io",
)


def check(df: Dockerfile, ctx):
    settings = getattr(ctx, "settings", None)
    entries = list(getattr(settings, "trusted_registries", None) or ())
    for base in external_bases(df):
        if base.ref is None or base.resolved is None and base.unknown_args:
            continue
        if entries:
            if not trusted(base.ref.name, entries):
                yield Hit(f"FROM {base.text}: {base.ref.name} is not in trusted_registries", line=base.stage.line)
        elif not trusted(base.ref.name, list(WELL_KNOWN)) and not base.ref.registry.endswith(
            (".gcr.io", ".pkg.dev", ".amazonaws.com", ".azurecr.io")
        ):
            yield Hit(
                f"FROM {base.text}: {base.ref.registry} is not a well-known public registry; "
                "list the registries you trust in trusted_registries",
                line=base.stage.line,
                severity=Severity.INFO,
            )
