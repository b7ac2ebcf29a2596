"""An image in a registry -> Image, through the OCI distribution API v2 (no daemon).

* references: `[registry[:port]/]repository[:tag][@sha256:…]` (Docker Hub's defaults apply);
* manifests negotiated with Accept headers for OCI and Docker v2 schema 2 (indexes and manifest
  lists resolved to `platform`, default the host's);
* auth: anonymous, basic, and bearer tokens from the `WWW-Authenticate` challenge; credentials from
  `~/.docker/config.json` (`$DOCKER_CONFIG`): `auths` entries (`auth` base64 or username/password,
  identity tokens) and credential helpers (`credsStore`, `credHelpers`);
* TLS by default (system trust store, `SSL_CERT_FILE`); plain HTTP only for hosts given as
  `insecure` (or a loopback registry that does not speak TLS, as Docker allows);
* blobs streamed (never held whole) and checked against their digests while the layer is read.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import os
import re
import ssl
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Callable

from dockguard.errors import InputError
from dockguard.image import oci
from dockguard.image.layers import Limits
from dockguard.image.loader import LayerDesc, Visitor, build_image
from dockguard.model.image import Image

DOCKER_HUB = "registry-1.docker.io"
_REF = re.compile(r"^(?P<name>[a-z0-9][a-z0-9._/\-:]*?)(?::(?P<tag>[\w][\w.\-]{0,127}))?(?:@(?P<digest>[a-z0-9]+:[a-f0-9]{32,}))?$", re.I)


@dataclass
class Reference:
    registry: str
    repository: str
    tag: str | None
    digest: str | None

    @property
    def ref(self) -> str:
        return self.digest or self.tag or "latest"

    def __str__(self) -> str:
        out = f"{self.registry}/{self.repository}"
        if self.tag:
            out += f":{self.tag}"
        if self.digest:
            out += f"@{self.digest}"
        return out


def parse_reference(text: str) -> Reference:
    text = text.strip()
    for prefix in ("docker://", "registry://", "oci://"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    m = _REF.match(text)
    if not m:
        raise InputError(text, "not an image reference")
    name, tag, digest = m.group("name"), m.group("tag"), m.group("digest")
    first, _, rest = name.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        registry, repo = first, rest
    else:
        registry, repo = "docker.io", name
    if registry in ("docker.io", "index.docker.io"):
        registry = DOCKER_HUB
        if "/" not in repo:
            repo = "library/" + repo
    if not tag and not digest:
        tag = "latest"
    return Reference(registry, repo.lower() if repo != repo.lower() else repo, tag, digest)


def looks_like_registry_ref(text: str) -> bool:
    first = text.split("/", 1)[0]
    return "/" in text and ("." in first or ":" in first or first == "localhost")


def _is_loopback(host: str) -> bool:
    h = host.rsplit(":", 1)[0].strip("[]") if host.count(":") <= 1 or host.startswith("[") else host
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def docker_config_auth(registry: str) -> tuple[str, str] | None:
    """(user, secret) for a registry from the Docker CLI config, or None."""
    cfg_dir = os.environ.get("DOCKER_CONFIG") or os.path.join(os.path.expanduser("~"), ".docker")
    try:
        with open(os.path.join(cfg_dir, "config.json"), encoding="utf-8") as fh:
            cfg = json.load(fh)
    except (OSError, ValueError):
        return None
    keys = {registry, f"https://{registry}", f"http://{registry}"}
    if registry == DOCKER_HUB:
        keys |= {"https://index.docker.io/v1/", "index.docker.io", "docker.io"}
    helper = (cfg.get("credHelpers") or {}).get(registry) or cfg.get("credsStore")
    for key, entry in (cfg.get("auths") or {}).items():
        if key.rstrip("/") in keys or key in keys:
            if isinstance(entry, dict):
                if entry.get("auth"):
                    try:
                        user, _, pw = base64.b64decode(entry["auth"]).decode().partition(":")
                        return user, pw
                    except (ValueError, UnicodeDecodeError):
                        return None
                if entry.get("identitytoken"):
                    return "<token>", entry["identitytoken"]
                if entry.get("username"):
                    return entry["username"], entry.get("password", "")
    if helper:
        try:
            proc = subprocess.run([f"docker-credential-{helper}", "get"], input=registry, capture_output=True,
                                  text=True, timeout=20)
            if proc.returncode == 0:
                data = json.loads(proc.stdout)
                return data.get("Username", ""), data.get("Secret", "")
        except (OSError, ValueError, subprocess.TimeoutExpired):
            return None
    return None


class RegistryClient:
    def __init__(self, registry: str, *, insecure: bool = False, auth: tuple[str, str] | None = None,
                 timeout: float = 60):
        self.registry = registry
        self.timeout = timeout
        self.scheme = "http" if insecure else "https"
        self.loopback = _is_loopback(registry)
        self.auth = auth if auth is not None else docker_config_auth(registry)
        self.token: str | None = None
        self.basic = False
        handlers: list = [_NoAuthRedirect()]
        if self.loopback:
            handlers.append(urllib.request.ProxyHandler({}))
        ctx = ssl.create_default_context(cafile=os.environ.get("SSL_CERT_FILE") or None)
        handlers.append(urllib.request.HTTPSHandler(context=ctx))
        self.opener = urllib.request.build_opener(*handlers)

    def url(self, path: str) -> str:
        return f"{self.scheme}://{self.registry}{path}"

    def _open(self, path: str, headers: dict[str, str]):
        req = urllib.request.Request(self.url(path), headers=headers)
        if self.token:
            req.add_unredirected_header("Authorization", f"Bearer {self.token}")
        elif self.basic and self.auth:
            raw = base64.b64encode(f"{self.auth[0]}:{self.auth[1]}".encode()).decode()
            req.add_unredirected_header("Authorization", f"Basic {raw}")
        return self.opener.open(req, timeout=self.timeout)

    def get(self, path: str, headers: dict[str, str] | None = None, scope: str | None = None):
        headers = dict(headers or {})
        for attempt in range(3):
            try:
                return self._open(path, headers)
            except urllib.error.HTTPError as exc:
                if exc.code == 401 and attempt < 2:
                    self._authenticate(exc.headers.get("WWW-Authenticate", ""), scope)
                    continue
                body = exc.read(300).decode("utf-8", "replace")
                raise InputError(self.registry, f"GET {path}: HTTP {exc.code} {_error_text(body)}") from None
            except urllib.error.URLError as exc:
                reason = exc.reason
                if self.scheme == "https" and self.loopback and isinstance(reason, (ssl.SSLError, ConnectionResetError)):
                    self.scheme = "http"  # a loopback registry without TLS, as Docker allows
                    continue
                raise InputError(self.registry, f"cannot reach the registry ({reason})") from None
            except (OSError, ValueError) as exc:
                if self.scheme == "https" and self.loopback and isinstance(exc, ssl.SSLError):
                    self.scheme = "http"
                    continue
                raise InputError(self.registry, f"cannot reach the registry ({exc})") from None
        raise InputError(self.registry, f"GET {path}: authentication failed")

    def _authenticate(self, challenge: str, scope: str | None) -> None:
        scheme, _, params = challenge.partition(" ")
        fields = dict(re.findall(r'(\w+)="([^"]*)"', params))
        if scheme.lower() == "basic":
            if not self.auth or self.basic:
                raise InputError(self.registry, "the registry wants credentials (docker login, or ~/.docker/config.json)")
            self.basic = True
            return
        if scheme.lower() != "bearer" or "realm" not in fields:
            raise InputError(self.registry, f"unsupported authentication challenge {challenge!r}")
        query = {"service": fields.get("service", "")}
        if scope or fields.get("scope"):
            query["scope"] = fields.get("scope") or scope
        url = fields["realm"] + "?" + urllib.parse.urlencode(query)
        req = urllib.request.Request(url)
        if self.auth:
            raw = base64.b64encode(f"{self.auth[0]}:{self.auth[1]}".encode()).decode()
            req.add_header("Authorization", f"Basic {raw}")
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:
                data = json.loads(resp.read(1 << 20))
        except urllib.error.HTTPError as exc:
            raise InputError(self.registry, f"token request refused: HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise InputError(self.registry, f"token request failed ({exc})") from None
        token = data.get("token") or data.get("access_token")
        if not token:
            raise InputError(self.registry, "the token service returned no token")
        self.token = token

    def manifest(self, repo: str, ref: str) -> tuple[bytes, str, str]:
        resp = self.get(f"/v2/{repo}/manifests/{ref}", {"Accept": oci.ACCEPT}, scope=f"repository:{repo}:pull")
        with resp:
            data = resp.read(8 << 20)
            mt = resp.headers.get("Content-Type", "").split(";")[0].strip()
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        if ref.startswith("sha256:") and ref != digest:
            raise InputError(self.registry, f"manifest digest mismatch: asked {ref}, got {digest}")
        return data, mt, digest


class _NoAuthRedirect(urllib.request.HTTPRedirectHandler):
    """Follow blob redirects (to storage) without carrying the registry's credentials."""


def _error_text(body: str) -> str:
    try:
        errs = json.loads(body).get("errors") or []
        return "; ".join(f"{e.get('code')}: {e.get('message')}" for e in errs) or body
    except (ValueError, AttributeError):
        return body.strip()[:200]


class _BlobStore:
    def __init__(self, client: RegistryClient, repo: str):
        self.client = client
        self.repo = repo

    def open(self, key: str):
        return self.client.get(f"/v2/{self.repo}/blobs/{key}", scope=f"repository:{self.repo}:pull")

    def read(self, key: str, limit: int = 16 << 20) -> bytes:
        with self.open(key) as resp:
            data = resp.read(limit + 1)
        if len(data) > limit:
            raise InputError(self.client.registry, f"blob {key} larger than a metadata blob may be")
        return data


def load_registry(
    reference: str,
    *,
    platform: str | None = None,
    insecure: list[str] | tuple[str, ...] = (),
    auth: tuple[str, str] | None = None,
    visitor: Visitor | None = None,
    limits: Limits | None = None,
    progress: Callable | None = None,
) -> list[Image]:
    ref = parse_reference(reference)
    client = RegistryClient(ref.registry, insecure=ref.registry in insecure, auth=auth)
    raw, mt, digest = client.manifest(ref.repository, ref.ref)
    doc = oci.load_json(raw, str(ref))
    if mt in oci.INDEX_TYPES or (isinstance(doc, dict) and "manifests" in doc):
        def fetch(d: str) -> bytes:
            return client.manifest(ref.repository, d)[0]

        resolved = oci.resolve_manifests(doc, fetch, str(ref), platform)
        if not resolved:
            raise InputError(str(ref), "the index holds no image manifest")
        desc, manifest = resolved[0]
        digest = desc.get("digest", digest)
    else:
        manifest = doc
    if not isinstance(manifest, dict) or not isinstance((manifest.get("config") or {}).get("digest"), str):
        if isinstance(manifest, dict) and manifest.get("schemaVersion") == 1:
            raise InputError(str(ref), "Docker schema 1 manifests are not supported")
        raise InputError(str(ref), "the manifest has no config")
    store = _BlobStore(client, ref.repository)
    cfg_digest = manifest["config"]["digest"]
    config_raw = store.read(cfg_digest)
    if "sha256:" + hashlib.sha256(config_raw).hexdigest() != cfg_digest:
        raise InputError(str(ref), f"config digest mismatch ({cfg_digest})")
    layers = []
    for ld in manifest.get("layers") or []:
        if not isinstance(ld, dict) or not isinstance(ld.get("digest"), str):
            raise InputError(str(ref), "a manifest layer has no digest")
        layers.append(LayerDesc(key=ld["digest"], digest=ld["digest"], media_type=ld.get("mediaType"),
                                size=int(ld.get("size") or 0)))
    image = Image(reference=reference, source="registry", path=str(ref), digest=digest, config_digest=cfg_digest,
                  tags=[str(ref)])
    return [build_image(image, config_raw, layers, store, limits=limits, visitor=visitor, progress=progress)]
