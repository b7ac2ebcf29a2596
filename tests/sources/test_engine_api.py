"""Engine API create bodies and `docker inspect` output -> ContainerSpec."""

from dockguard.sources.engine_api import from_create_body, from_inspect

BODY = {
    "Image": "nginx:1.27",
    "User": "101:101",
    "Env": ["A=1", "PASSTHRU"],
    "Cmd": ["nginx", "-g", "daemon off;"],
    "ExposedPorts": {"80/tcp": {}},
    "Healthcheck": {"Test": ["CMD", "true"]},
    "HostConfig": {
        "Privileged": True,
        "CapAdd": ["cap_sys_admin", "NET_ADMIN"],
        "CapDrop": ["ALL"],
        "SecurityOpt": ["seccomp=unconfined", "no-new-privileges:true", "apparmor:unconfined", "label=disable"],
        "ReadonlyRootfs": True,
        "NetworkMode": "host",
        "PidMode": "host",
        "IpcMode": "shareable",
        "UsernsMode": "host",
        "Binds": ["/var/run/docker.sock:/var/run/docker.sock:ro", "data:/data"],
        "Mounts": [{"Type": "bind", "Source": "/etc", "Target": "/host-etc", "BindOptions": {"Propagation": "rshared"}}],
        "Tmpfs": {"/run": "rw,noexec,nosuid,size=64m"},
        "Devices": [{"PathOnHost": "/dev/fuse", "PathInContainer": "/dev/fuse", "CgroupPermissions": "rwm"}],
        "Memory": 536870912,
        "MemorySwap": -1,
        "NanoCpus": 1500000000,
        "PidsLimit": 100,
        "Ulimits": [{"Name": "nofile", "Soft": 1024, "Hard": 2048}],
        "RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 5},
        "PortBindings": {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]},
        "LogConfig": {"Type": "json-file", "Config": {"max-size": "10m"}},
        "Sysctls": {"net.core.somaxconn": "1024"},
        "CgroupParent": "/shared",
        "OomKillDisable": True,
        "Runtime": "runsc",
    },
    "NetworkingConfig": {"EndpointsConfig": {"backend": {}}},
}


def test_create_body_maps_every_setting():
    s = from_create_body(BODY, name="web")
    assert s.name == "web" and s.source == "engine-api" and s.image == "nginx:1.27"
    assert s.user == "101:101" and s.env == {"A": "1", "PASSTHRU": None}
    assert s.privileged and s.cap_add == ["SYS_ADMIN", "NET_ADMIN"] and s.cap_drop == ["ALL"]
    assert s.seccomp == "unconfined" and s.apparmor == "unconfined" and s.selinux == "disable"
    assert s.no_new_privileges is True and s.read_only_rootfs is True
    assert (s.network_mode, s.pid_mode, s.ipc_mode, s.userns_mode) == ("host", "host", "shareable", "host")
    sock = s.mounts[0]
    assert (sock.type, sock.source, sock.target, sock.read_only) == ("bind", "/var/run/docker.sock", "/var/run/docker.sock", True)
    assert (s.mounts[1].type, s.mounts[1].source) == ("volume", "data")
    assert s.mounts[2].propagation == "rshared" and s.mounts[2].source == "/etc"
    tmpfs = s.mounts[3]
    assert tmpfs.type == "tmpfs" and "noexec" in tmpfs.options and tmpfs.size == 64 * 1024 * 1024
    assert s.devices[0].host_path == "/dev/fuse" and s.devices[0].permissions == "rwm"
    assert (s.memory, s.memory_swap, s.nano_cpus, s.pids_limit) == (536870912, -1, 1500000000, 100)
    assert s.ulimits[0].name == "nofile" and s.ulimits[0].hard == 2048
    assert (s.restart_policy, s.restart_max_retries) == ("on-failure", 5)
    assert [(p.container_port, p.host_ip, p.host_port) for p in s.ports] == [("80", "", "8080")]
    assert s.log_driver == "json-file" and s.log_options == {"max-size": "10m"}
    assert s.sysctls == {"net.core.somaxconn": "1024"} and s.cgroup_parent == "/shared"
    assert s.oom_kill_disable and s.runtime == "runsc" and s.networks == ["backend"]
    assert s.healthcheck is True


def test_create_body_tolerates_junk():
    s = from_create_body({"HostConfig": {"Binds": ["::"], "Memory": "x", "CapAdd": None, "PortBindings": {"80/tcp": None}}})
    assert s.memory is None and s.cap_add == []
    assert s.unresolved and "Binds" in s.unresolved[0]
    assert s.ports[0].host_port == ""


def test_empty_body_is_defaults():
    s = from_create_body({})
    assert not s.privileged and s.user is None and s.network_mode is None and s.mounts == []


def test_inspect_uses_mounts_and_image_user():
    inspect = {
        "Id": "abc", "Name": "/web", "Image": "sha256:1",
        "Config": {"Image": "nginx:1.27", "User": "", "Env": ["PATH=/bin"]},
        "HostConfig": {"Binds": ["/srv:/srv"], "NetworkMode": "bridge", "RestartPolicy": {"Name": "no"}},
        "Mounts": [{"Type": "bind", "Source": "/srv", "Destination": "/srv", "RW": False, "Propagation": "rprivate"}],
        "AppArmorProfile": "docker-default",
        "NetworkSettings": {"Networks": {"bridge": {}}},
        "State": {"Status": "exited"},
    }
    s = from_inspect(inspect, {"User": "nginx"})
    assert s.name == "web" and s.image == "nginx:1.27" and s.state == "exited"
    assert s.user is None and s.image_user == "nginx" and s.effective_user == "nginx"
    assert s.mounts[0].read_only and s.mounts[0].propagation == "rprivate"
    assert s.apparmor == "docker-default" and s.networks == [] and s.network_mode == "bridge"
    assert s.healthcheck is False


def test_inspect_without_image_config_leaves_user_unknown():
    s = from_inspect({"Name": "/x", "Config": {"Image": "busybox"}, "HostConfig": {}}, None)
    assert s.effective_user is None and s.healthcheck is None
