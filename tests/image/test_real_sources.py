"""Images built by a real daemon: `docker save` tarballs, the daemon's export stream, a real registry."""

from __future__ import annotations

import json

import pytest

from dockguard.cli import main
from dockguard.secrets.engine import SecretScanner
from dockguard.secrets.examples import expand
from dockguard.secrets.scan import image_visitor

TOKEN = "gh" + "p_" + expand("{r36}", seed=11)
AWS = expand("{b40}", seed=12)
PLANTED = [
    "USER root",
    "ENV API_PASSWORD=Zq8wL2pX9vR4tY7u",
    "EXPOSE 22",
    "COPY creds /root/.aws/credentials",
    "COPY token.txt /app/token.txt",
    "COPY id_rsa /root/.ssh/id_rsa",
    "RUN rm /app/token.txt /root/.ssh/id_rsa && chmod 4755 /bin/busybox && mkdir -m 777 /data",
]


@pytest.fixture(scope="module")
def planted(dockerd):
    from support.images import busybox_image

    files = {
        "creds": f"[default]\naws_access_key_id = AKIA{expand('{aws16}')}\naws_secret_access_key = {AWS}\n",
        "token.txt": f"GITHUB_TOKEN={TOKEN}\n",
        "id_rsa": expand("{pem:OPENSSH PRIVATE KEY}"),
    }
    return busybox_image(dockerd, "dockguard-test/planted:1", PLANTED, files)


def _check(images):
    [img] = images
    assert img.errors == [], img.errors
    tree = img.files
    assert tree.get("app/token.txt") is None and tree.get("root/.aws/credentials") is not None
    assert tree.get("bin/busybox").mode & 0o4000
    assert tree.read("etc/passwd").startswith(b"root:x:0:0")
    by = {(h.detector, h.path): h for h in img.secrets}
    gh = by[("github-pat", "app/token.txt")]
    assert gh.removed_in is not None and gh.removed_in > gh.layer
    assert ("aws-secret-access-key", "root/.aws/credentials") in by
    assert ("private-key-openssh", "root/.ssh/id_rsa") in by
    non_empty = [h for h in img.history if not h.empty_layer]
    assert len(non_empty) == len(img.layers)
    assert "rm /app/token.txt" in img.layers[gh.removed_in].history.created_by
    return img


def test_docker_save_archive(dockerd, planted, tmp_path):
    from support.images import save_image

    from dockguard.sources.image_archive import load_archive

    tar = save_image(dockerd, planted, tmp_path / "planted.tar")
    img = _check(load_archive(str(tar), visitor=image_visitor(SecretScanner())))
    assert "dockguard-test/planted:1" in img.tags


def test_daemon_stream(dockerd, planted):
    from dockguard.sources.image_daemon import load_daemon

    img = _check(load_daemon(planted, host=dockerd.host, visitor=image_visitor(SecretScanner())))
    assert img.source == "daemon"
    assert img.files.read("bin/busybox", 4) == b"\x7fELF"  # not kept: re-streamed from the daemon


def test_scan_command_daemon(dockerd, planted, capsys, monkeypatch):
    monkeypatch.setenv("DOCKER_HOST", dockerd.host)
    rc = main(["scan", planted, "-f", "json", "--no-progress"])
    out = capsys.readouterr().out
    assert rc == 1
    data = json.loads(out)
    rules = {f["rule"] for f in data["findings"]}
    assert {"DG501", "DG502", "DG505", "DG508", "DG509", "DG514", "DG518", "DG519"} <= rules, rules
    assert TOKEN not in out and AWS not in out and "Zq8wL2pX9vR4tY7u" not in out
    deleted = [f for f in data["findings"] if f["rule"] == "DG519"]
    assert any("/root/.ssh/id_rsa" in f["message"] and "rm /app/token.txt" in f["message"] for f in deleted)


def test_registry_anonymous(dockerd, planted, registry):
    from dockguard.sources.image_registry import load_registry

    ref = registry.push(dockerd, planted, "team/planted:1")
    img = _check(load_registry(ref, insecure=[registry.host], visitor=image_visitor(SecretScanner())))
    assert img.source == "registry" and img.digest.startswith("sha256:")


def test_registry_basic_auth(dockerd, planted, registry_auth, tmp_path, monkeypatch, capsys):
    from dockguard.errors import InputError
    from dockguard.sources.image_registry import load_registry

    ref = registry_auth.push(dockerd, planted, "team/private:1")
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "empty"))
    with pytest.raises(InputError, match="credentials"):
        load_registry(ref, insecure=[registry_auth.host])
    cfg = tmp_path / "docker"
    cfg.mkdir()
    import base64

    user, pw = registry_auth.auth
    (cfg / "config.json").write_text(json.dumps({"auths": {registry_auth.host: {
        "auth": base64.b64encode(f"{user}:{pw}".encode()).decode()}}}))
    monkeypatch.setenv("DOCKER_CONFIG", str(cfg))
    _check(load_registry(ref, insecure=[registry_auth.host], visitor=image_visitor(SecretScanner())))
    rc = main(["scan", ref, "--source", "registry", "--insecure-registry", registry_auth.host, "-f", "json"])
    assert rc == 1
    assert "DG518" in capsys.readouterr().out
