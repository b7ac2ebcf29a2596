"""docker run command lines and the files that hold them -> ContainerSpec."""

import pytest

from dockguard.sources.docker_run import RunSyntaxError, extract, parse_command


def test_flag_forms():
    s = parse_command(
        "sudo docker container run -itd --rm -dp8080:80 -p [::1]:443:443 -p 127.0.0.1::53/udp -p 7000-7002:7000-7002 "
        "--privileged=false --read-only --cap-add=sys_admin --cap-drop ALL -u 1000:1000 -m 512m --memory-swap=1g "
        "--cpus 1.5 --pids-limit=100 --restart on-failure:3 -e A=1 -eB=2 -e PASS --network backend "
        "--security-opt seccomp=unconfined --security-opt apparmor:unconfined --security-opt label=disable "
        "--security-opt no-new-privileges --security-opt systempaths=unconfined --ulimit nofile=1024:2048 "
        "--sysctl net.core.somaxconn=1024 --log-driver json-file --log-opt max-size=10m --name web nginx:1.27 sh -c 'echo hi'"
    )
    assert s.name == "web" and s.image == "nginx:1.27" and s.command == ["sh", "-c", "echo hi"]
    assert not s.privileged and s.read_only_rootfs and s.cap_add == ["SYS_ADMIN"] and s.cap_drop == ["ALL"]
    assert s.user == "1000:1000" and s.memory == 512 * 2**20 and s.memory_swap == 2**30
    assert s.nano_cpus == 1_500_000_000 and s.pids_limit == 100
    assert (s.restart_policy, s.restart_max_retries) == ("on-failure", 3)
    assert s.env == {"A": "1", "B": "2", "PASS": None}
    assert s.networks == ["backend"]
    assert (s.seccomp, s.apparmor, s.selinux) == ("unconfined", "unconfined", "disable")
    assert s.no_new_privileges and s.systempaths_unconfined
    assert s.ulimits[0].soft == 1024 and s.sysctls == {"net.core.somaxconn": "1024"}
    ports = [(p.host_ip, p.host_port, p.container_port, p.protocol) for p in s.ports]
    assert ports == [("", "8080", "80", "tcp"), ("::1", "443", "443", "tcp"), ("127.0.0.1", "", "53", "udp"),
                     ("", "7000-7002", "7000-7002", "tcp")]
    assert s.unresolved == []


def test_volume_and_mount_forms():
    s = parse_command(
        'docker run -v /var/run/docker.sock:/var/run/docker.sock:ro,z -v data:/data -v /anon '
        '--mount "type=bind,source=/etc,target=/host/etc,readonly,bind-propagation=rshared" '
        '--mount type=tmpfs,dst=/tmp,tmpfs-size=64m --tmpfs /run:noexec,nosuid --device /dev/fuse:/dev/fuse:rw busybox:1.36'
    )
    kinds = [(m.type, m.source, m.target, m.read_only) for m in s.mounts]
    assert kinds == [("bind", "/var/run/docker.sock", "/var/run/docker.sock", True), ("volume", "data", "/data", False),
                     ("volume", None, "/anon", False), ("bind", "/etc", "/host/etc", True),
                     ("tmpfs", None, "/tmp", False), ("tmpfs", None, "/run", False)]
    assert s.mounts[3].propagation == "rshared" and s.mounts[4].size == 64 * 2**20
    assert s.mounts[5].options == ("noexec", "nosuid")
    assert s.devices[0].permissions == "rw"


def test_unknown_flag_is_said_not_guessed():
    s = parse_command("docker run --frobnicate -X nginx:1.27")
    assert "unknown flag --frobnicate" in s.unresolved and "unknown flag -X" in s.unresolved


def test_not_a_run_command():
    with pytest.raises(RunSyntaxError):
        parse_command("docker ps -a")


def test_podman_and_env_file(tmp_path):
    (tmp_path / "app.env").write_text("# comment\nTOKEN=abc\nPASSTHRU\n")
    script = tmp_path / "run.sh"
    script.write_text("podman run --env-file app.env alpine:3.20\n")
    specs, errors = extract(script.read_text(), str(script))
    assert not errors and specs[0].env == {"TOKEN": "abc", "PASSTHRU": None}
    assert specs[0].lines["env:TOKEN"] == 1


def test_shell_script_continuations_and_variables():
    text = (
        "#!/bin/sh\n"
        "IMG=nginx:1.27\n"
        'PORT="${PORT:-8080}"\n'
        "docker run -d \\\n"
        "  --privileged \\\n"
        "  -p $PORT:80 \\\n"
        "  -e TOKEN=$SECRET \\\n"
        "  $IMG && echo started\n"
        "echo docker run is mentioned here\n"
    )
    specs, errors = extract(text, "deploy.sh")
    assert len(specs) == 1 and not errors
    s = specs[0]
    assert s.line == 4 and s.image == "nginx:1.27"
    assert s.lines["privileged"] == 5 and s.ports[0].line == 6 and s.ports[0].host_port == "8080"
    assert s.lines["env:TOKEN"] == 7 and s.env["TOKEN"] == "$SECRET"
    assert "$SECRET (unset)" in s.unresolved


def test_makefile_recipe():
    text = "IMAGE := app:1.0\nPORTS ?= 80:80\n\nrun:\n\t@docker run --rm -p $(PORTS) \\\n\t  --cap-add NET_ADMIN $(IMAGE)\n"
    specs, _ = extract(text, "Makefile")
    assert len(specs) == 1
    assert specs[0].image == "app:1.0" and specs[0].ports[0].host_port == "80"
    assert specs[0].lines["cap_add"] == 6


def test_systemd_unit():
    text = ("[Service]\nEnvironment=IMG=redis:7\nExecStartPre=-/usr/bin/docker rm -f r\n"
            "ExecStart=/usr/bin/docker run --name r \\\n  --network host ${IMG}\n")
    specs, _ = extract(text, "redis.service")
    assert len(specs) == 1 and specs[0].image == "redis:7" and specs[0].network_mode == "host"
    assert specs[0].lines["network_mode"] == 5


def test_markdown_blocks():
    text = (
        "# Title\n\nRun it:\n\n```console\n$ docker run -p 80:80 \\\n>   --privileged nginx:1.27\nabc123\n```\n\n"
        "```python\nos.system('docker run --privileged x')\n```\n\n```\ndocker run --pid=host busybox:1.36\n```\n"
    )
    specs, _ = extract(text, "README.md")
    assert [s.image for s in specs] == ["nginx:1.27", "busybox:1.36"]
    assert specs[0].lines["privileged"] == 7 and specs[1].pid_mode == "host" and specs[1].line == 16
