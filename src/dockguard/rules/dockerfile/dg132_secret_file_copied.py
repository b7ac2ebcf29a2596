from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._secrets import secret_file
from dockguard.rules.dockerfile._util import dest_arg, shipped_stages, source_args

RULE = Rule(
    id="DG132",
    title="A secret file is copied into the image",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P06",),
    peers={"dockle": ("CIS-DI-0010",)},
    cis=("4.10",),
    rationale=(
        "Private keys (`id_rsa`, `*.key`, key `*.pem`), `.env` files, cloud and registry "
        "credentials (`.aws/credentials`, `credentials.json`, `.docker/config.json`, "
        "`kubeconfig`), `.npmrc`/`.pypirc`/`.netrc` tokens and `.ssh` directories copied with COPY "
        "or ADD are in a layer of the image for good: deleting them in a later step does not "
        "remove them (see DG133). Builder stages that do not ship are reported as low."
    ),
    remediation=(
        "Do not copy secrets: mount them for the step that needs them, `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci` "
        "or `RUN --mount=type=ssh git clone git@…`, and give the running container its secrets "
        "at run time. Add the files to `.dockerignore` so a `COPY .` cannot pick them up."
    ),
    examples=(
        bad("FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\n"),
        bad("FROM node:20-slim\nCOPY .env ./\n"),
        good("FROM node:20-slim\nCOPY .env.example ./\nCOPY ca.pem /usr/local/share/ca-certificates/ca.crt\n"),
    ),
)


def check(df: Dockerfile, ctx):
    shipped = {s.index for s in shipped_stages(df, ctx)}
    for ins in df.iter_instructions("COPY", "ADD"):
        dest = dest_arg(ins) or ""
        found = [(s, secret_file(s)) for s in source_args(ins)]
        found = [(s, level) for s, level in found if level]
        if not found and (dest.rstrip("/").endswith("/.ssh") or "/.ssh/" in dest) and not dest.endswith((".pub", "known_hosts", "/config")):
            found = [(dest, "high")]
        if not found:
            continue
        builder = ins.stage not in shipped
        level = "high" if any(lv == "high" for _, lv in found) else "medium"
        sev = Severity.LOW if builder else (Severity.HIGH if level == "high" else Severity.MEDIUM)
        names = ", ".join(s for s, _ in found)
        where = " into a builder stage (not shipped, but in the build cache)" if builder else " into the image"
        yield Hit(f"{ins.keyword} {names}{where}: secret files stay in the layer", line=ins.line, severity=sev)
