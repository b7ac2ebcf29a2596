"""Compose files -> ContainerSpec, with lines."""

import pytest

from dockguard.errors import InputError
from dockguard.sources.compose import load_file, load_text

COMPOSE = """\
x-common: &common
  restart: always
  security_opt:
    - no-new-privileges:true
services:
  web:
    <<: *common
    image: "nginx:${TAG:-1.27}"
    privileged: true
    profiles: [debug]
    ports:
      - "80:80"
      - target: 443
        published: 8443
        host_ip: 127.0.0.1
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - type: bind
        source: /srv
        target: /srv
        bind: {propagation: rshared}
      - data:/data
    tmpfs: /run
    environment:
      TOKEN: ${TOKEN?token needed}
      LIST: "$$HOME"
    deploy:
      resources:
        limits: {memory: 512M, cpus: "0.5", pids: 100}
      restart_policy: {condition: on-failure, max_attempts: 3}
    ulimits:
      nofile: {soft: 1024, hard: 2048}
      nproc: 512
    sysctls:
      - net.core.somaxconn=1024
    cap_add: [SYS_ADMIN]
    use_api_socket: true
    logging:
      driver: json-file
      options: {max-size: 10m}
  db:
    image: postgres:16
    volumes: [data:/var/lib/postgresql/data]
    networks: [back]
volumes:
  data: {}
networks:
  back: {}
"""


def test_service_settings_and_lines():
    web, db = load_text(COMPOSE, "compose.yaml", env={})
    assert web.image == "nginx:1.27" and web.privileged and web.lines["privileged"] == 9
    assert web.profiles == ["debug"]
    assert web.no_new_privileges and web.lines["no_new_privileges"] == 4  # from the anchor
    assert (web.restart_policy, web.lines["restart_policy"]) == ("always", 2)  # restart wins over deploy
    assert [(p.host_ip, p.host_port, p.container_port, p.line) for p in web.ports] == [("", "80", "80", 12), ("127.0.0.1", "8443", "443", 13)]
    sock, srv, data, run = web.mounts
    assert (sock.type, sock.read_only, sock.line) == ("bind", True, 17)
    assert (srv.propagation, srv.line) == ("rshared", 18)
    assert (data.type, data.source) == ("volume", "data")
    assert run.type == "tmpfs" and run.target == "/run"
    assert web.env == {"TOKEN": "", "LIST": "$HOME"} and web.lines["env:TOKEN"] == 25
    assert any("TOKEN (required: token needed)" in u for u in web.unresolved)
    assert (web.memory, web.nano_cpus, web.pids_limit) == (512 * 2**20, 500_000_000, 100)
    assert web.lines["memory"] == 29
    assert [(u.name, u.soft, u.hard) for u in web.ulimits] == [("nofile", 1024, 2048), ("nproc", 512, 512)]
    assert web.sysctls == {"net.core.somaxconn": "1024"} and web.lines["sysctl:net.core.somaxconn"] == 35
    assert web.cap_add == ["SYS_ADMIN"] and web.use_api_socket and web.lines["use_api_socket"] == 37
    assert web.log_driver == "json-file" and web.log_options == {"max-size": "10m"}
    assert web.networks == [] and db.networks == ["back"]
    assert web.shared_volumes == {"data": ["db"]} and db.shared_volumes == {"data": ["web"]}


def test_dotenv_and_process_env(tmp_path):
    (tmp_path / ".env").write_text("TAG=1.25\nUSER_ID=1000\n")
    f = tmp_path / "compose.yaml"
    f.write_text("services:\n  a:\n    image: nginx:${TAG}\n    user: ${USER_ID}\n    mem_limit: ${MEM}\n")
    (a,) = load_file(str(f), env={"USER_ID": "2000"})
    assert a.image == "nginx:1.25" and a.user == "2000"
    assert any(u.startswith("MEM (unset") for u in a.unresolved)


def test_extends_other_file_and_include(tmp_path):
    (tmp_path / "base.yaml").write_text("services:\n  base:\n    image: busybox:1.36\n    cap_add: [NET_ADMIN]\n    pid: host\n")
    (tmp_path / "other.yaml").write_text("services:\n  side:\n    image: redis:7\n    privileged: true\n")
    f = tmp_path / "compose.yaml"
    f.write_text("include:\n  - other.yaml\nservices:\n  app:\n    extends: {file: base.yaml, service: base}\n    cap_add: [CHOWN]\n")
    specs = {s.name: s for s in load_file(str(f), env={})}
    assert specs["side"].privileged and specs["side"].path.endswith("other.yaml")
    app = specs["app"]
    assert app.image == "busybox:1.36" and app.pid_mode == "host" and app.cap_add == ["NET_ADMIN", "CHOWN"]


def test_extends_same_file():
    text = "services:\n  base:\n    image: a:1\n    privileged: true\n  child:\n    extends: base\n    user: '1000'\n"
    base, child = load_text(text, "compose.yaml", env={})
    assert child.privileged and child.user == "1000" and child.lines["user"] == 7


def test_legacy_v1_and_driver_opts_bind():
    (a,) = load_text("web:\n  image: nginx:1.27\n  net: host\n", "docker-compose.yml", env={})
    assert a.name == "web" and a.image == "nginx:1.27"
    text = ("services:\n  a:\n    image: x:1\n    volumes: [hostetc:/e]\nvolumes:\n  hostetc:\n"
            "    driver_opts: {type: none, o: bind, device: /etc}\n")
    (a,) = load_text(text, "compose.yaml", env={})
    assert a.mounts[0].type == "bind" and a.mounts[0].source == "/etc"


@pytest.mark.parametrize("text,msg", [
    ("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n", "Kubernetes manifest"),
    ("foo: [1, 2\n", "invalid YAML at line"),
    ("just: text\n", "not a compose file"),
])
def test_not_compose(text, msg):
    with pytest.raises(InputError) as err:
        load_text(text, "compose.yaml", env={})
    assert msg in str(err.value) and "\n" not in str(err.value)


def test_awesome_compose_corpus_does_not_crash():
    import glob

    files = glob.glob("/work/shared/corpora/awesome-compose/*/*compose*.y*ml")
    if not files:
        pytest.skip("corpus not present")
    total = 0
    for f in files:
        total += len(load_file(f, env={}))
    assert total > 30
