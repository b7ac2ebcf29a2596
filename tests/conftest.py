"""Shared pytest fixtures for dockguard's tests.

Docker-backed fixtures run a REAL private dockerd (Debian's docker.io) and a
REAL registry (Debian's docker-registry); see docs/testing.md. When the
machine cannot run them (not root, packages missing) those tests skip on a
developer machine, and FAIL when CI=true.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

# `support` is importable whatever pytest's import mode.
_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

from support.ci import require  # noqa: E402
from support.dockerd import Dockerd, missing_requirements  # noqa: E402
from support.registry import Registry, registry_binary  # noqa: E402

# Fixtures whose use marks a test `docker` / `registry` automatically.
_DOCKER_FIXTURES = {"dockerd", "busybox_image", "debian_image", "registry", "registry_auth"}
_REGISTRY_FIXTURES = {"registry", "registry_auth"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "docker: needs a private Docker daemon (root + Debian's docker.io)"
    )
    config.addinivalue_line(
        "markers", "registry: needs a private registry (Debian's docker-registry)"
    )
    config.addinivalue_line(
        "markers", "debootstrap: builds a Debian rootfs with debootstrap (slow on first run)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & _DOCKER_FIXTURES and not item.get_closest_marker("docker"):
            item.add_marker(pytest.mark.docker)
        if names & _REGISTRY_FIXTURES and not item.get_closest_marker("registry"):
            item.add_marker(pytest.mark.registry)
        if "debian_image" in names and not item.get_closest_marker("debootstrap"):
            item.add_marker(pytest.mark.debootstrap)


@pytest.fixture(scope="session")
def dockerd():
    """A private dockerd (support.dockerd.Dockerd), shared by the session.

    Use .client() for the docker SDK, .env() / .cli(...) for the CLI,
    .host for DOCKER_HOST. Tests must not change daemon-wide state; for that,
    start an own `Dockerd(config=..., extra_args=...)`.
    """
    require(missing_requirements())
    with Dockerd() as d:
        yield d


@pytest.fixture(scope="session")
def busybox_image(dockerd):
    """Tag of a FROM-scratch busybox image in `dockerd`."""
    from support.images import busybox_image as build

    return build(dockerd, "dockguard-test/busybox:latest")


@pytest.fixture(scope="session")
def debian_image(dockerd):
    """Tag of a debootstrap'd Debian bookworm minbase image in `dockerd`."""
    from support.images import debian_image as build

    require([] if shutil.which("debootstrap") or os.path.exists("/usr/sbin/debootstrap")
            else ["debootstrap not installed (.ci/install-system)"])
    return build(dockerd, "dockguard-test/debian:bookworm")


def _registry(auth):
    require([] if registry_binary() else ["docker-registry not installed (.ci/install-system)"])
    with Registry(auth=auth) as reg:
        yield reg


@pytest.fixture(scope="session")
def registry():
    """An open private registry (support.registry.Registry) on 127.0.0.1."""
    yield from _registry(None)


@pytest.fixture(scope="session")
def registry_auth():
    """A private registry requiring basic auth; credentials in `.auth`."""
    yield from _registry(("dockguard", "test-password"))
