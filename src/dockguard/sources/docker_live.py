"""Live containers of a Docker daemon -> ContainerSpec (`dockguard audit --docker`).

One `GET /containers/json?all=1`, then one inspect per container in parallel (thread pool; plain
keep-alive HTTP over a local unix socket, the docker SDK for TCP and TLS daemons), and one
image inspect per distinct image (for its default user and health check). The daemon is the one at
DOCKER_HOST (with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH) or the local socket.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

from dockguard.errors import InputError
from dockguard.model.container import ContainerSpec
from dockguard.sources.engine_api import from_inspect


def daemon_label(host: str | None = None) -> str:
    host = host or os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"
    return host if "://" in host else f"docker://{host}"


def _unix_socket(host: str | None) -> str | None:
    """The socket path when the daemon is a local unix socket without TLS settings, else None."""
    host = host or os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"
    if not host.startswith("unix://") or os.environ.get("DOCKER_TLS_VERIFY"):
        return None
    return host[len("unix://"):]


def client(host: str | None = None, workers: int = 16):
    path = _unix_socket(host)
    if path is not None:
        from dockguard.sources.engine_http import UnixEngine

        return UnixEngine(path), daemon_label(f"unix://{path}")
    try:
        import docker
        from docker.utils import kwargs_from_env
    except ImportError:  # pragma: no cover - docker is a dependency
        raise InputError("docker", "the docker Python package is not installed") from None
    kwargs = kwargs_from_env()
    if host:
        kwargs["base_url"] = host
    kwargs.setdefault("base_url", "unix:///var/run/docker.sock")
    label = daemon_label(kwargs["base_url"])
    try:
        api = docker.APIClient(version="auto", timeout=60, max_pool_size=max(10, workers), **kwargs)
    except Exception as exc:  # DockerException, connection refused, socket missing
        raise InputError(label, f"cannot reach the Docker daemon: {_reason(exc)}") from None
    return api, label


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "No such file" in text or "FileNotFoundError" in text:
        return "the socket does not exist (is dockerd running?)"
    if "Connection refused" in text:
        return "connection refused (is dockerd running?)"
    if "Permission denied" in text:
        return "permission denied on the socket"
    return text[:200]


def load(host: str | None = None, workers: int = 16) -> tuple[list[ContainerSpec], list[tuple[str, str]]]:
    """Every container (running and stopped) as a ContainerSpec; (specs, per-container errors)."""
    api, label = client(host, workers)
    try:
        listing = api.containers(all=True)
    except OSError as exc:  # no socket, refused, unreachable (requests' errors are OSErrors too)
        raise InputError(label, f"cannot reach the Docker daemon: {_reason(exc)}") from None
    except Exception as exc:
        raise InputError(label, f"cannot list containers: {_reason(exc)}") from None
    errors: list[tuple[str, str]] = []
    if not listing:
        return [], errors

    def inspect_container(cid: str):
        try:
            return api.inspect_container(cid), None
        except Exception as exc:  # removed meanwhile, daemon error
            return None, f"{label}/{cid[:12]}: cannot inspect: {_reason(exc)}"

    def inspect_image(iid: str):
        try:
            return iid, (api.inspect_image(iid).get("Config") or {})
        except Exception:
            return iid, None  # image removed or unreadable: its user stays unknown

    n = max(1, min(workers, len(listing)))
    image_ids = list(dict.fromkeys(c.get("ImageID") or c.get("Image") for c in listing if c.get("ImageID") or c.get("Image")))
    with ThreadPoolExecutor(max_workers=n) as pool:
        image_futs = [pool.submit(inspect_image, i) for i in image_ids]
        results = list(pool.map(inspect_container, [c["Id"] for c in listing]))
        images = dict(f.result() for f in image_futs)
    specs = []
    for inspect, err in results:
        if err:
            errors.append((label, err))
            continue
        spec = from_inspect(inspect, images.get(inspect.get("Image")), path=label)
        specs.append(spec)
    try:
        api.close()
    except Exception:
        pass
    return specs, errors
