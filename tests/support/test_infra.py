"""The test infrastructure itself: private daemon, images, registry."""

from __future__ import annotations

import json
import tarfile

import pytest

from support.ci import require
from support.dockerd import Dockerd, _mounts_under, missing_requirements
from support.images import busybox_image, save_image


def test_daemon_pings(dockerd):
    assert dockerd.ping()
    client = dockerd.client()
    assert client.ping() is True
    info = client.info()
    assert info["Driver"] == dockerd.storage_driver
    # Private: its own data root, never the host's /var/lib/docker.
    assert info["DockerRootDir"] == str(dockerd.data_root)
    assert dockerd.env()["DOCKER_HOST"] == dockerd.host
    assert dockerd.cli("version", "--format", "{{.Server.Version}}").stdout.strip()


def test_busybox_image_builds_and_container_runs(dockerd, busybox_image):
    client = dockerd.client()
    image = client.images.get(busybox_image)
    assert image.attrs["Config"]["Cmd"] == ["/bin/sh"]
    container = client.containers.create(busybox_image, ["sh", "-c", "id -u; echo hello"])
    try:
        container.start()
        assert container.wait(timeout=60)["StatusCode"] == 0
        assert container.logs().decode().split() == ["0", "hello"]
    finally:
        container.remove(force=True)


def test_busybox_image_extra_lines_and_files(dockerd):
    tag = busybox_image(
        dockerd,
        "dockguard-test/busybox-planted:latest",
        extra_lines=["COPY id_rsa /root/.ssh/id_rsa", "ENV API_TOKEN=planted", "USER nobody"],
        files={"id_rsa": "-----BEGIN OPENSSH PRIVATE KEY-----\nplanted\n"},
    )
    cfg = dockerd.client().images.get(tag).attrs["Config"]
    assert cfg["User"] == "nobody"
    assert "API_TOKEN=planted" in cfg["Env"]
    out = dockerd.cli("run", "--rm", tag, "id", "-un").stdout.strip()
    assert out == "nobody"


def test_save_image_has_manifest(dockerd, busybox_image, tmp_path):
    path = save_image(dockerd, busybox_image, tmp_path / "busybox.tar")
    with tarfile.open(path) as tf:
        manifest = json.load(tf.extractfile("manifest.json"))
        assert manifest[0]["RepoTags"] == [busybox_image]
        assert manifest[0]["Layers"][0] in tf.getnames()


def test_registry_push_and_catalog(dockerd, busybox_image, registry):
    ref = registry.push(dockerd, busybox_image, "infra/busybox:1")
    assert ref == f"{registry.host}/infra/busybox:1"
    assert "infra/busybox" in registry.catalog()
    assert registry.tags("infra/busybox") == ["1"]
    assert registry.manifest("infra/busybox", "1")["schemaVersion"] == 2


def test_registry_auth_and_skopeo(dockerd, busybox_image, registry_auth, tmp_path):
    status, _ = registry_auth._get("/v2/_catalog", auth=False)
    assert status == 401
    registry_auth.push(dockerd, busybox_image, "private/busybox:latest")
    archive = save_image(dockerd, busybox_image, tmp_path / "bb.tar")
    registry_auth.push_archive(archive, "private/from-archive:v1")
    # The registry is shared by the session: other tests may have pushed their own repositories.
    assert {"private/busybox", "private/from-archive"} <= set(registry_auth.catalog())
    # A daemon pulls it back (after removing the local copy).
    ref = f"{registry_auth.host}/private/from-archive:v1"
    dockerd.cli("pull", ref)
    dockerd.cli("rmi", ref)


def test_custom_daemon_config_and_clean_stop():
    require(missing_requirements())
    d = Dockerd(config={"labels": ["dockguard-test=1"], "no-new-privileges": True}, extra_args=["--debug"])
    with d:
        info = d.client().info()
        assert "dockguard-test=1" in info["Labels"]
        assert info["Debug"] is True
        # daemon.json took effect in containers, too.
        busybox_image(d, "nnp:1")
        out = d.cli("run", "--rm", "nnp:1", "grep", "NoNewPrivs", "/proc/self/status").stdout
        assert out.split() == ["NoNewPrivs:", "1"]
        root = d.root
    assert not root.exists()
    assert _mounts_under(root) == []


@pytest.mark.debootstrap
def test_debian_image(dockerd, debian_image):
    out = dockerd.cli("run", "--rm", debian_image, "cat", "/etc/os-release").stdout
    assert 'VERSION_CODENAME=bookworm' in out
