import re

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._util import base_image, shipped_stages

RULE = Rule(
    id="DG106",
    title="The shipped image is built on a full OS or toolchain base",
    severity=Severity.INFO,
    kind="dockerfile",
    practices=("P02", "P08"),
    peers={},
    rationale=(
        "A full base (`debian`, `ubuntu`, `python:3.12`, `node:20`, `golang`) carries compilers, "
        "shells, package managers and hundreds of packages the application never uses: each is "
        "a CVE to patch and a tool for an attacker. Slim, Alpine, distroless or scratch bases "
        "exist for all of them. Only the final stage is checked: a builder stage may be as big "
        "as it needs."
    ),
    remediation=(
        "Use the slim or Alpine variant (`python:3.12-slim`, `node:20-alpine`), a distroless "
        "image (`gcr.io/distroless/python3-debian12`, `gcr.io/distroless/static-debian12` for "
        "Go), or build in a full stage and copy the result into a minimal one."
    ),
    examples=(
        bad("FROM python:3.12\nCOPY . /app\nUSER 10001\n"),
        good("FROM python:3.12-slim\nCOPY app.py /app/\nUSER 10001\n"),
        good("FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n"),
    ),
)

_MINIMAL = re.compile(r"slim|alpine|distroless|minimal|micro|chiseled|scratch|busybox|-jre|runtime|nano|wolfi", re.I)

# repository (official images) -> suggestion
_FULL = {
    "ubuntu": "a distroless or chiseled image, or debian:<release>-slim",
    "debian": "debian:<release>-slim or distroless",
    "centos": "a ubi-minimal / ubi-micro image",
    "fedora": "fedora-minimal or ubi-micro",
    "rockylinux": "rockylinux:<version>-minimal",
    "almalinux": "almalinux:<version>-minimal or -micro",
    "amazonlinux": "a minimal or distroless base",
    "oraclelinux": "oraclelinux:<version>-slim",
    "archlinux": "a slim or distroless base",
    "buildpack-deps": "a slim base: buildpack-deps is a build environment",
    "python": "python:<version>-slim or -alpine, or distroless python",
    "node": "node:<version>-slim or -alpine, or distroless nodejs",
    "ruby": "ruby:<version>-slim or -alpine",
    "perl": "perl:<version>-slim",
    "php": "php:<version>-fpm-alpine or -cli-alpine",
    "openjdk": "eclipse-temurin:<version>-jre(-alpine) or distroless java",
    "eclipse-temurin": "eclipse-temurin:<version>-jre",
    "golang": "a builder stage plus gcr.io/distroless/static or scratch",
    "rust": "a builder stage plus gcr.io/distroless/cc",
    "maven": "a builder stage plus a JRE-only image",
    "gradle": "a builder stage plus a JRE-only image",
    "gcc": "a builder stage plus a minimal runtime image",
    "elixir": "a release built in a builder stage, shipped on a slim base",
}


def check(df: Dockerfile, ctx):
    chain = shipped_stages(df, ctx)
    if not chain:
        return
    base = base_image(df, chain[-1])
    ref = base.ref
    if ref is None or not ref.official or base.tag_unknown:
        return
    name = ref.short
    if name not in _FULL:
        return
    tag = ref.tag or "latest"
    if _MINIMAL.search(tag):
        return
    if name == "eclipse-temurin" and "jre" in tag:
        return
    yield Hit(f"FROM {base.text}: a full {name} image in the shipped stage; consider {_FULL[name]}", line=base.stage.line)
