"""Test images built locally, without any registry.

* busybox_image: `FROM scratch` + Debian's static busybox (busybox-static),
  built by the classic builder from a generated context; extra Dockerfile
  lines and extra context files let a test plant users, env vars, secrets…
* debootstrap_rootfs / debian_image: a Debian bookworm minbase made by
  debootstrap from the machine's own Debian mirror, cached as a tarball under
  $DOCKGUARD_TEST_CACHE (default ~/.cache/dockguard-tests), then `docker import`ed.
* save_image: `docker save` to a tarball.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Iterable, Mapping

from .dockerd import Dockerd, unmount_under

BUSYBOX = "/bin/busybox"  # from busybox-static: statically linked

PASSWD = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"
GROUP = "root:x:0:\nnogroup:x:65534:\n"


def cache_dir() -> Path:
    d = Path(os.environ.get("DOCKGUARD_TEST_CACHE") or Path.home() / ".cache" / "dockguard-tests")
    d.mkdir(parents=True, exist_ok=True)
    return d


# -- busybox -------------------------------------------------------------


def busybox_applets() -> list[str]:
    out = subprocess.run([BUSYBOX, "--list"], capture_output=True, text=True, check=True).stdout
    return [a for a in out.split() if a and "/" not in a and a != "busybox"]


def busybox_context(
    dest: Path,
    extra_lines: Iterable[str] = (),
    files: Mapping[str, bytes | str] | None = None,
) -> Path:
    """Write a build context for a scratch + busybox image into `dest`.

    The image holds /bin/busybox, a symlink /bin/<applet> for every applet,
    /etc/passwd and /etc/group (root, nobody), /tmp and /root. `files` are
    written into the context (relative paths) for `extra_lines` to COPY;
    `extra_lines` are appended after the base lines (USER, ENV, COPY, RUN …).
    """
    if not os.path.exists(BUSYBOX):
        raise FileNotFoundError(f"{BUSYBOX} missing: install busybox-static (.ci/install-system)")
    dest.mkdir(parents=True, exist_ok=True)
    root = dest / "rootfs"
    (root / "bin").mkdir(parents=True)
    (root / "etc").mkdir()
    (root / "tmp").mkdir(mode=0o1777)
    os.chmod(root / "tmp", 0o1777)
    (root / "root").mkdir(mode=0o700)
    shutil.copy2(BUSYBOX, root / "bin" / "busybox")
    for applet in busybox_applets():
        os.symlink("busybox", root / "bin" / applet)
    (root / "etc" / "passwd").write_text(PASSWD)
    (root / "etc" / "group").write_text(GROUP)
    for rel, content in (files or {}).items():
        p = dest / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode()
        p.write_bytes(content)
    lines = [
        "FROM scratch",
        "COPY rootfs/ /",
        'ENV PATH="/bin"',
        'CMD ["/bin/sh"]',
        *extra_lines,
    ]
    (dest / "Dockerfile").write_text("\n".join(lines) + "\n")
    return dest


def build(dockerd: Dockerd, context: Path, tag: str, *args: str) -> str:
    """Classic-builder `docker build` (no network in RUN steps); returns the image ID."""
    dockerd.cli("build", "--network", "none", "--force-rm", "-q", "-t", tag, *args, str(context))
    return dockerd.cli("image", "inspect", "--format", "{{.Id}}", tag).stdout.strip()


def busybox_image(
    dockerd: Dockerd,
    tag: str = "dockguard-test/busybox:latest",
    extra_lines: Iterable[str] = (),
    files: Mapping[str, bytes | str] | None = None,
) -> str:
    """Build a busybox image into `dockerd`, tagged `tag`; returns `tag`.

    `extra_lines` are Dockerfile lines after the base (e.g. "USER 1000",
    'ENV API_KEY=…', "COPY secret.pem /etc/ssl/private/"); `files` maps
    context-relative paths to contents for those lines to COPY.
    """
    with tempfile.TemporaryDirectory(prefix="dg-bb-") as tmp:
        busybox_context(Path(tmp) / "ctx", extra_lines, files)
        build(dockerd, Path(tmp) / "ctx", tag)
    return tag


# -- debootstrap -----------------------------------------------------------


def _deb822_or_list_entries() -> list[tuple[str, list[str]]]:
    """(uri, suites) from /etc/apt/sources.list and sources.list.d."""
    entries: list[tuple[str, list[str]]] = []
    paths = [Path("/etc/apt/sources.list")]
    d = Path("/etc/apt/sources.list.d")
    if d.is_dir():
        paths += sorted(d.iterdir())
    for p in paths:
        try:
            text = p.read_text()
        except OSError:
            continue
        if p.suffix == ".sources":
            for stanza in re.split(r"\n\s*\n", text):
                fields: dict[str, str] = {}
                for line in stanza.splitlines():
                    if line.startswith("#") or ":" not in line:
                        continue
                    k, v = line.split(":", 1)
                    fields[k.strip().lower()] = v.strip()
                if "deb" not in fields.get("types", "").split():
                    continue
                for uri in fields.get("uris", "").split():
                    entries.append((uri, fields.get("suites", "").split()))
        else:
            for line in text.splitlines():
                line = line.split("#", 1)[0].strip()
                m = re.match(r"deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)", line)
                if m:
                    entries.append((m.group(1), [m.group(2)]))
    return entries


def debian_mirror(suite: str = "bookworm") -> str:
    """The Debian mirror apt uses here (env DOCKGUARD_DEBIAN_MIRROR overrides)."""
    explicit = os.environ.get("DOCKGUARD_DEBIAN_MIRROR")
    if explicit:
        return explicit
    for uri, suites in _deb822_or_list_entries():
        if suite in suites and not uri.rstrip("/").endswith("-security"):
            return uri
    return "http://deb.debian.org/debian"


def _apt_proxy_env() -> dict[str, str]:
    """http(s)_proxy from apt's configuration, so debootstrap's wget uses it."""
    env: dict[str, str] = {}
    try:
        out = subprocess.run(
            ["apt-config", "shell", "HTTP", "Acquire::http::Proxy", "HTTPS", "Acquire::https::Proxy"],
            capture_output=True, text=True, check=False,
        ).stdout
    except OSError:
        return env
    for m in re.finditer(r"^(HTTPS?)='([^']*)'", out, re.M):
        if m.group(2) and m.group(2).upper() != "DIRECT":
            env[m.group(1).lower() + "_proxy"] = m.group(2)
    return env


def _arch() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


@contextlib.contextmanager
def _locked(path: Path):
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def debootstrap_tarball(suite: str = "bookworm") -> Path:
    """Path of a cached `debootstrap --variant=minbase SUITE` rootfs tarball
    (gzip, numeric owners), made on first use; safe under parallel runs."""
    cache = cache_dir()
    tarball = cache / f"debian-{suite}-minbase-{_arch()}.tar.gz"
    if tarball.exists():
        return tarball
    if not shutil.which("debootstrap") and not os.path.exists("/usr/sbin/debootstrap"):
        raise FileNotFoundError("debootstrap missing: install it (.ci/install-system)")
    with _locked(cache / (tarball.name + ".lock")):
        if tarball.exists():
            return tarball
        work = Path(tempfile.mkdtemp(prefix="dg-debootstrap-", dir=cache))
        try:
            root = work / "rootfs"
            env = {**os.environ, **_apt_proxy_env()}
            proc = subprocess.run(
                ["debootstrap", "--variant=minbase", suite, str(root), debian_mirror(suite)],
                capture_output=True, text=True, env=env, timeout=1800,
            )
            if proc.returncode != 0:
                log = (root / "debootstrap" / "debootstrap.log")
                detail = log.read_text(errors="replace")[-4000:] if log.exists() else ""
                raise RuntimeError(
                    f"debootstrap failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n"
                    f"{proc.stderr[-2000:]}\n{detail}"
                )
            unmount_under(root)  # debootstrap may leave /proc etc. mounted on failure paths
            # Smaller and reproducible-ish: no downloaded .debs or package lists.
            for sub in ("var/cache/apt/archives", "var/lib/apt/lists"):
                for p in (root / sub).glob("*"):
                    if p.is_file():
                        p.unlink()
            partial = work / "rootfs.tar.gz"
            subprocess.run(
                ["tar", "--numeric-owner", "--xattrs", "-C", str(root), "-czf", str(partial), "."],
                check=True,
            )
            os.replace(partial, tarball)
        finally:
            unmount_under(work)
            shutil.rmtree(work, ignore_errors=True)
    return tarball


def debootstrap_rootfs(dest: Path | None = None, suite: str = "bookworm") -> Path:
    """Cached minbase rootfs of `suite`.

    Without `dest`: returns the cached tarball. With `dest`: extracts the
    rootfs into the directory `dest` (for scanning a filesystem directly)
    and returns `dest`.
    """
    tarball = debootstrap_tarball(suite)
    if dest is None:
        return tarball
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "--numeric-owner", "-C", str(dest), "-xzf", str(tarball)], check=True)
    return dest


def import_rootfs(
    dockerd: Dockerd, tarball: Path, tag: str, changes: Iterable[str] = ()
) -> str:
    """`docker import` a rootfs tarball with Dockerfile-style `changes`; returns `tag`."""
    args = ["import"]
    for change in changes:
        args += ["--change", change]
    dockerd.cli(*args, str(tarball), tag, timeout=900)
    return tag


def debian_image(
    dockerd: Dockerd, tag: str = "dockguard-test/debian:bookworm", suite: str = "bookworm"
) -> str:
    """Import the cached debootstrap rootfs as image `tag`; returns `tag`."""
    return import_rootfs(
        dockerd, debootstrap_tarball(suite), tag,
        ['CMD ["/bin/bash"]', "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
    )


# -- export --------------------------------------------------------------


def save_image(dockerd: Dockerd, ref: str | Iterable[str], path: Path) -> Path:
    """`docker save` one image (or several refs) into the tarball `path`."""
    refs = [ref] if isinstance(ref, str) else list(ref)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    dockerd.cli("save", "-o", str(path), *refs, timeout=900)
    return path


def tar_members(path: Path) -> list[str]:
    with tarfile.open(path) as tf:
        return tf.getnames()
