from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._secrets import find_token, secret_name, value_is_reference
from dockguard.rules.dockerfile._util import kv_pairs, shipped_stages

RULE = Rule(
    id="DG130",
    title="A secret is passed through ENV or ARG",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P05",),
    peers={"hadolint": ("DL3064",), "trivy": ("DS-0031",), "dockle": ("CIS-DI-0010",)},
    cis=("4.10",),
    rationale=(
        "ENV values are stored in the image configuration: `docker inspect` shows them to anyone "
        "who can pull the image, and every process of the container inherits them. ARG values "
        "used by a RUN are recorded in the image history (`docker history`). Names like "
        "PASSWORD, TOKEN, SECRET or API_KEY say a secret goes that way. Names that hold a "
        "reference (`*_FILE`, `*_PATH`, `*_URL`, `*_ID`) and empty values are not reported; "
        "builder stages that do not ship are reported as low."
    ),
    remediation=(
        "Mount the secret only for the step that needs it: `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci` "
        "and build with `docker build --secret id=npm_token,env=NPM_TOKEN .`; give the running "
        "container its secrets at run time (Docker/Kubernetes secrets, a `*_FILE` variable "
        "pointing at a mounted file, a secret manager). Removing it later (`RUN unset`) does "
        "not help: the layer keeps it."
    ),
    examples=(
        bad("FROM node:20-slim\nARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci\n"),
        bad("FROM postgres:16\nENV POSTGRES_PASSWORD=hunter2hunter2\n"),
        good("FROM postgres:16\nENV POSTGRES_PASSWORD_FILE=/run/secrets/pg_password\n"),
        good(
            "# syntax=docker/dockerfile:1\nFROM node:20-slim\n"
            "RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n"
        ),
    ),
)


def check(df: Dockerfile, ctx):
    shipped = {s.index for s in shipped_stages(df, ctx)}
    for ins in df.instructions:
        target = ins.onbuild if ins.onbuild is not None else ins
        if target.keyword not in ("ENV", "ARG"):
            continue
        for key, value in kv_pairs(target, df.escape):
            if not secret_name(key):
                continue
            if value is not None and find_token(value):
                continue  # a real token value: DG131 reports it, critical
            builder = ins.stage >= 0 and ins.stage not in shipped
            if target.keyword == "ENV":
                if value_is_reference(value):
                    continue
                sev = Severity.LOW if builder else None
                how = "stored in the image config" if not builder else "in a builder stage's config (not shipped, but in its cache)"
                yield Hit(f"ENV {key}: a secret {how}", line=ins.line, severity=sev)
            else:
                if ins.stage < 0:
                    # a global ARG is only visible to FROM lines unless a stage declares it again
                    if value is not None and not value_is_reference(value):
                        yield Hit(f"ARG {key} has a secret-looking default in the Dockerfile", line=ins.line, severity=Severity.LOW)
                    continue
                sev = Severity.LOW if builder else Severity.MEDIUM
                default = " with a default value in the Dockerfile" if value and not value_is_reference(value) else ""
                if default:
                    sev = Severity.LOW if builder else Severity.HIGH
                yield Hit(f"ARG {key}{default}: build arguments are recorded in the image history", line=ins.line, severity=sev)
