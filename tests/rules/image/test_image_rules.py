"""Edge cases of the image rules, with the expected messages and objects."""

from __future__ import annotations

from dockguard.config import Config
from dockguard.engine import Engine
from dockguard.image.synth import spec_image
from dockguard.rules.loader import load_rules
from dockguard.secrets.engine import SecretScanner
from dockguard.secrets.examples import expand
from dockguard.secrets.scan import image_visitor

RULES = load_rules(("image",))


def run(spec, rule, options=None):
    cfg = Config(rules={rule: options} if options else {})
    img = spec_image(spec, visitor=image_visitor(SecretScanner()))
    return [f for f in Engine(RULES, cfg, only=[rule]).check(img, "image", img.path) if f.rule_id == rule]


def test_setuid_allow_list():
    spec = {"files": {"usr/bin/su": {"mode": "4755", "content": "x"}, "usr/bin/wall": {"mode": "2755", "content": "x"}}}
    [f] = run(spec, "DG508", {"allow": ["/usr/bin/su"]})
    assert f.message == "/usr/bin/wall is setgid (mode 2755, owner 0:0)"
    assert f.location.object == "/usr/bin/wall @ layer 0 (COPY rootfs/ /)"


def test_user_numeric_nonroot_and_root_group():
    assert not run({"config": {"User": "1000:0"}}, "DG501")
    [f] = run({"config": {"User": "0:0"}}, "DG501")
    assert "'0:0'" in f.message


def test_env_secret_redacted():
    token = "gh" + "p_" + expand("{r36}")
    [f] = run({"config": {"Env": {"GH": token}}}, "DG502")
    assert "github-pat" in f.message and token not in f.message


def test_history_env_still_in_config_is_left_to_dg502():
    spec = {"config": {"Env": {"DB_PASSWORD": "Zq8wL2pX9vR4tY7u"}},
            "empty_history": ["/bin/sh -c #(nop)  ENV DB_PASSWORD=Zq8wL2pX9vR4tY7u"]}
    assert not run(spec, "DG503")
    spec["config"]["Env"] = {}
    [f] = run(spec, "DG503")
    assert "history entry 0" in f.message and "Zq8wL2pX9vR4tY7u" not in f.message


def test_deleted_key_still_shipped_message():
    spec = {"layers": [
        {"created_by": "COPY id_rsa /root/.ssh/", "files": {"root/.ssh/id_rsa": "k"}},
        {"created_by": "/bin/sh -c rm /root/.ssh/id_rsa", "remove": ["root/.ssh/id_rsa"]},
    ]}
    [f] = run(spec, "DG519")
    assert f.message == ("private key /root/.ssh/id_rsa added in layer 0 (COPY id_rsa /root/.ssh/), removed in "
                         "layer 1 (RUN rm /root/.ssh/id_rsa): still shipped")


def test_credential_file_content_check():
    assert not run({"files": {"root/.docker/config.json": '{"auths": {}}'}}, "DG514")
    [f] = run({"files": {"root/.docker/config.json": '{"auths": {"r": {"auth": "dXNlcjpwYXNz"}}}'}}, "DG514")
    assert f.message == "Docker registry credentials: /root/.docker/config.json"


def test_world_writable_sticky_and_symlinks():
    spec = {"files": {"tmp": {"type": "dir", "mode": "1777"}, "var/tmp": {"type": "dir", "mode": "0777"},
                      "x": {"type": "symlink", "target": "tmp"}}}
    [f] = run(spec, "DG509")
    assert f.message == "/var/tmp is a world-writable directory without the sticky bit (mode 0777)"


def test_duplicate_gid():
    [f] = run({"files": {"etc/group": "root:x:0:\nwheel:x:0:\n"}}, "DG516")
    assert f.message == "GID 0 is shared by root and wheel in /etc/group"
    assert f.location.object == "/etc/group:2"


def test_env_file_templates_ignored():
    assert not run({"files": {"app/.env.example": "A=\n", "app/.env.sample": "A=\n"}}, "DG513")
    [f] = run({"files": {"app/.env.production": "A=1\n"}}, "DG513")
    assert f.message == ".env file /app/.env.production"
