from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.image._common import files

RULE = Rule(
    id="DG517",
    title="Compilers or build caches are left in the image",
    severity=Severity.LOW,
    kind="image",
    practices=("P07",),
    rationale=(
        "Compilers let an attacker build tools inside the container, and package caches bloat the image; a "
        "multi-stage build keeps both in the build stage."
    ),
    remediation="Build in a separate stage and `COPY --from=build` only the artefacts; clean caches in the same RUN that fills them.",
    examples=(
        bad("files:\n  usr/bin/gcc: {mode: '0755', content: x}\n", lang="image"),
        bad("files:\n  root/.cache/pip/http/a: x\n", lang="image"),
        good("files:\n  app/server: {mode: '0755', content: x}\n", lang="image"),
    ),
)

COMPILERS = ("gcc", "g++", "cc", "c++", "clang", "clang++", "make", "cmake", "rustc", "cargo", "javac", "go",
             "gfortran", "ld", "as", "tcc")
BIN_DIRS = ("usr/bin/", "bin/", "usr/local/bin/", "usr/local/go/bin/", "root/.cargo/bin/")
CACHES = {
    "pip cache": ("root/.cache/pip/",),
    "npm cache": ("root/.npm/_cacache/",),
    "yarn cache": ("usr/local/share/.cache/yarn/", "root/.cache/yarn/"),
    "Go build cache": ("root/.cache/go-build/",),
    "Maven repository": ("root/.m2/repository/",),
    "Gradle caches": ("root/.gradle/caches/",),
    "Cargo registry": ("root/.cargo/registry/",),
    "apt package archives": ("var/cache/apt/archives/",),
    "apt package lists": ("var/lib/apt/lists/",),
    "apk cache": ("var/cache/apk/",),
    "yum/dnf cache": ("var/cache/yum/", "var/cache/dnf/"),
}


def check(image: Image, ctx):
    if image.files is None:
        return
    found = []
    for name in COMPILERS:
        for d in BIN_DIRS:
            e = image.files.get(d + name)
            if e is not None and e.type in ("file", "symlink", "hardlink"):
                found.append(name)
                break
    if found:
        yield Hit(f"compilers and build tools: {', '.join(found)}", object=image.reference)
    sizes: dict[str, list[int]] = {}
    for e in files(image):
        if e.type != "file":
            continue
        for label, prefixes in CACHES.items():
            if e.path.startswith(prefixes):
                if label == "apt package lists" and e.path.endswith(("/lock", "/partial")):
                    continue
                s = sizes.setdefault(label, [0, 0])
                s[0] += 1
                s[1] += e.size
    for label, (count, size) in sizes.items():
        yield Hit(f"{label}: {count} files, {size // 1024} KiB", object=image.reference)
