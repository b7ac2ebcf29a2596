"""The unix-socket Engine API client answers as the docker SDK does, on a real daemon."""

from __future__ import annotations

import pytest

from dockguard.sources.engine_http import EngineError, UnixEngine


def test_same_answers_as_the_sdk(dockerd, busybox_image):
    name = "dg-engine-http"
    dockerd.cli("create", "--name", name, "--read-only", busybox_image, "sleep", "1")
    try:
        engine = UnixEngine(dockerd.host[len("unix://"):])
        sdk = dockerd.client().api
        listing = engine.containers(all=True)
        assert name in {n.lstrip("/") for c in listing for n in c["Names"]}
        mine = engine.inspect_container(name)
        assert mine["Id"] == sdk.inspect_container(name)["Id"]
        assert mine["HostConfig"]["ReadonlyRootfs"] is True
        image = engine.inspect_image(mine["Image"])
        assert image["Id"] == mine["Image"]
        # a second call reuses the keep-alive connection
        assert engine.inspect_container(name)["Id"] == mine["Id"]
        with pytest.raises(EngineError) as err:
            engine.inspect_container("no-such-container")
        assert err.value.status == 404 and "no-such-container" in str(err.value)
        engine.close()
    finally:
        dockerd.cli("rm", "-f", name)


def test_missing_socket_is_an_os_error(tmp_path):
    with pytest.raises(OSError):
        UnixEngine(str(tmp_path / "none.sock")).containers()
