from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import final_packages, shipped_stages, stage_commands

RULE = Rule(
    id="DG137",
    title="Build tools are left in a single-stage image",
    severity=Severity.INFO,
    kind="dockerfile",
    practices=("P07", "P08"),
    peers={},
    cis=("4.3",),
    rationale=(
        "Compilers, make, language toolchains and `-dev` headers are needed to build, not to run. "
        "Left in the shipped image they add size and CVEs and hand an intruder a toolchain. A "
        "multi-stage build compiles in one stage and copies only the result into a minimal one. "
        "Packages removed later in the same stage (`apk del .build-deps`, `apt-get purge`) are "
        "not reported; multi-stage files are not checked."
    ),
    remediation=(
        "Build in a first stage and copy the artefact: `FROM golang:1.22 AS build … RUN go build "
        "-o /out/app` then `FROM gcr.io/distroless/static-debian12` + `COPY --from=build /out/app /app`. "
        "For Node.js install production dependencies only in the final stage (`npm ci --omit=dev`)."
    ),
    examples=(
        bad("FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc make libc6-dev\nCOPY . /src\nRUN make -C /src\n"),
        good(
            "FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev make \\\n"
            " && make -C /src && apk del .build-deps\n"
        ),
        good("FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\n"),
    ),
)

TOOLS = {
    "gcc", "g++", "gcc-c++", "clang", "llvm", "make", "cmake", "build-essential", "build-base", "autoconf",
    "automake", "libtool", "golang", "go", "golang-go", "rust", "rustc", "cargo", "maven", "gradle",
    "openjdk-17-jdk", "openjdk-21-jdk", "openjdk-11-jdk", "default-jdk", "musl-dev", "libc6-dev", "libc-dev",
    "glibc-devel", "kernel-headers", "linux-headers", "pkg-config", "pkgconf", "nasm", "yasm", "ninja-build",
    "meson", "bison", "flex",
}


def check(df: Dockerfile, ctx):
    if len(df.stages) != 1:
        return
    tools = [(p, line) for p, line in final_packages(df, ctx) if p in TOOLS or p.endswith(("-dev", "-devel"))]
    if any(p in TOOLS for p, _ in tools):  # -dev headers alone may be a (poor) runtime dependency
        names = ", ".join(dict.fromkeys(p for p, _ in tools))
        yield Hit(f"build tools stay in the image: {names}; build in a separate stage", line=tools[0][1])
    for stage in shipped_stages(df, ctx):
        for ins, cmd in stage_commands(stage):
            if cmd.name == "npm" and cmd.args[:1] in (["install"], ["i"], ["ci"]) and len([a for a in cmd.args[1:] if not a.startswith("-")]) == 0:
                prod = cmd.has_flag("--production", "--omit") or any("NODE_ENV" == k for k in cmd.assignments) or any(
                    "NODE_ENV=production" in (i.value or "") for i in stage.find("ENV")
                )
                if not prod:
                    yield Hit(f"{cmd.text}: devDependencies are installed in the shipped image (use --omit=dev)", line=cmd.line)
