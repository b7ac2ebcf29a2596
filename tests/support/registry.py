"""A private Docker registry (Debian's docker-registry, distribution 2.8) for tests.

    with Registry(auth=("alice", "s3cret")) as reg:
        ref = reg.push(dockerd, "dockguard-test/busybox:latest", "team/app:1")
        reg.catalog()        # ["team/app"]

It listens on 127.0.0.1:<free port>, plain HTTP, which every dockerd treats
as an insecure registry (127.0.0.0/8 is insecure by default), so a private
daemon pushes to it without extra flags. Storage is a temporary directory.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from .dockerd import Dockerd, free_port

REGISTRY_BINARY = "/usr/bin/docker-registry"


class RegistryError(RuntimeError):
    pass


def registry_binary() -> str | None:
    explicit = os.environ.get("DOCKGUARD_REGISTRY")
    if explicit:
        return explicit
    if os.access(REGISTRY_BINARY, os.X_OK):
        return REGISTRY_BINARY
    return shutil.which("docker-registry") or shutil.which("registry")


def htpasswd_line(user: str, password: str) -> str:
    """A bcrypt htpasswd entry (the only hash distribution accepts)."""
    if shutil.which("htpasswd"):
        out = subprocess.run(
            ["htpasswd", "-nbB", user, password], capture_output=True, text=True, check=True
        ).stdout
        return out.strip().splitlines()[0]
    import bcrypt  # fallback when apache2-utils is absent

    return f"{user}:{bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()}"


class Registry:
    """auth: (user, password) to require HTTP basic auth, or None for open."""

    def __init__(self, *, auth: tuple[str, str] | None = None, start_timeout: float = 30.0) -> None:
        self.auth = auth
        self.start_timeout = start_timeout
        self.root: Path | None = None
        self.port: int | None = None
        self.proc: subprocess.Popen | None = None
        self._log_fh = None

    @property
    def host(self) -> str:
        """host:port, the prefix of image references in this registry."""
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.host}"

    @property
    def log_path(self) -> Path:
        assert self.root is not None
        return self.root / "registry.log"

    def start(self) -> "Registry":
        if self.proc is not None:
            return self
        binary = registry_binary()
        if not binary:
            raise RegistryError("docker-registry not found (install it: .ci/install-system)")
        self.root = Path(tempfile.mkdtemp(prefix="dg-registry-"))
        (self.root / "data").mkdir()
        self.port = free_port()
        lines = [
            "version: 0.1",
            "log:",
            "  level: info",
            "  accesslog:",
            "    disabled: true",
            "storage:",
            "  filesystem:",
            f"    rootdirectory: {self.root / 'data'}",
            "  delete:",
            "    enabled: true",
            "http:",
            f"  addr: 127.0.0.1:{self.port}",
            f"  secret: {secrets.token_hex(16)}",
        ]
        if self.auth:
            htpasswd = self.root / "htpasswd"
            htpasswd.write_text(htpasswd_line(*self.auth) + "\n")
            lines += [
                "auth:",
                "  htpasswd:",
                "    realm: dockguard-test",
                f"    path: {htpasswd}",
            ]
        config = self.root / "config.yml"
        config.write_text("\n".join(lines) + "\n")
        self._log_fh = open(self.log_path, "ab")
        # The Debian binary takes the config path directly (distribution 2.x
        # also accepts "serve CONFIG"; both work with 2.8).
        self.proc = subprocess.Popen(
            [binary, "serve", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=self._log_fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                log = self.log_tail()
                self.stop()
                raise RegistryError(f"docker-registry exited early; log:\n{log}")
            try:
                status, _ = self._get("/v2/", auth=False)
                if status in (200, 401):
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        log = self.log_tail()
        self.stop()
        raise RegistryError(f"docker-registry did not answer in {self.start_timeout}s; log:\n{log}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except (OSError, AssertionError):
            return "(no log)"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None
        if self._log_fh is not None:
            self._log_fh.close()
            self._log_fh = None
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __enter__(self) -> "Registry":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- HTTP ------------------------------------------------------------
    def _get(self, path: str, auth: bool = True, headers: dict[str, str] | None = None
             ) -> tuple[int, bytes]:
        req = urllib.request.Request(self.url + path, headers=dict(headers or {}))
        if auth and self.auth:
            token = base64.b64encode(f"{self.auth[0]}:{self.auth[1]}".encode()).decode()
            req.add_header("Authorization", f"Basic {token}")
        # Never through a proxy: the registry is on loopback.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(req, timeout=10) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def get_json(self, path: str, **kw: Any) -> Any:
        status, body = self._get(path, **kw)
        if status != 200:
            raise RegistryError(f"GET {path} -> {status}: {body[:300]!r}")
        return json.loads(body)

    def catalog(self) -> list[str]:
        return self.get_json("/v2/_catalog").get("repositories") or []

    def tags(self, repo: str) -> list[str]:
        return self.get_json(f"/v2/{repo}/tags/list").get("tags") or []

    def manifest(self, repo: str, ref: str) -> dict:
        accept = ", ".join([
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
        ])
        return self.get_json(f"/v2/{repo}/manifests/{ref}", headers={"Accept": accept})

    # -- pushing ---------------------------------------------------------
    def login(self, dockerd: Dockerd) -> None:
        """`docker login` the daemon's CLI (its private DOCKER_CONFIG) here."""
        if self.auth:
            dockerd.cli("login", "-u", self.auth[0], "--password-stdin", self.host,
                        input=self.auth[1].encode())

    def push(self, dockerd: Dockerd, local_ref: str, name: str) -> str:
        """Tag `local_ref` as <host>/<name> and push it from `dockerd`.

        `name` is "repo[:tag]"; returns the full pushed reference.
        """
        target = f"{self.host}/{name}"
        self.login(dockerd)
        dockerd.cli("tag", local_ref, target)
        dockerd.cli("push", target, timeout=900)
        return target

    def push_archive(self, archive: Path, name: str, fmt: str = "docker-archive") -> str:
        """Copy an image tarball (docker save output, or `oci-archive`) here
        with skopeo, without any daemon; returns the full reference."""
        target = f"{self.host}/{name}"
        cmd = ["skopeo", "copy", "--dest-tls-verify=false"]
        if self.auth:
            cmd += ["--dest-creds", f"{self.auth[0]}:{self.auth[1]}"]
        cmd += [f"{fmt}:{archive}", f"docker://{target}"]
        env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
        if proc.returncode != 0:
            raise RegistryError(f"skopeo copy to {target} failed:\n{proc.stderr[-4000:]}")
        return target

    def __repr__(self) -> str:
        return f"<Registry {self.url if self.port else 'stopped'} auth={bool(self.auth)}>"
