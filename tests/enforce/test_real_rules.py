"""The real container rules behind the default policy, on request bodies as the docker CLI sends them."""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import pytest

from dockguard.enforce.decide import build_decider
from tests.enforce.helpers import req

# bench/enforce.py holds the recorded docker CLI bodies
_spec = importlib.util.spec_from_file_location(
    "dockguard_bench_enforce", Path(__file__).resolve().parents[2] / "bench" / "enforce.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


@pytest.fixture(scope="module")
def decider():
    return build_decider()


def create(**host):
    return bench._create(**host)


COMPLIANT = bench.COMPLIANT


@pytest.mark.parametrize(
    "host, rule, words",
    [
        ({"Privileged": True}, "DG300", "runs privileged"),
        ({"Binds": ["/var/run/docker.sock:/var/run/docker.sock"]}, "DG304", "/var/run/docker.sock"),
        ({"NetworkMode": "host"}, "DG310", "network namespace"),
        ({"CapDrop": None, "CapAdd": ["SYS_ADMIN"]}, "DG302", "SYS_ADMIN"),
        ({"Binds": ["/:/host"]}, "DG305", "/"),
        ({"PidMode": "host"}, "DG311", "PID"),
        ({"SecurityOpt": ["no-new-privileges", "seccomp=unconfined"]}, "DG329", "eccomp"),
        ({"SecurityOpt": ["no-new-privileges", "seccomp:unconfined"]}, "DG329", "eccomp"),
    ],
)
def test_dangerous_create_denied_by_the_rule(decider, host, rule, words):
    d = decider.decide(req("/v1.41/containers/create?name=web", create(**{**COMPLIANT, **host})))
    assert not d.allow and rule in d.denied, d.to_dict()
    assert d.msg.startswith(f"dockguard: denied by {rule} (") and words in d.msg
    assert "Fix: " in d.msg and "compose" not in d.msg.split("Fix: ", 1)[1]


def test_compliant_create_allowed(decider):
    d = decider.decide(req("/v1.41/containers/create?name=web", create(**COMPLIANT)))
    assert d.allow and d.denied == []


def test_plain_docker_run_is_only_logged(decider):
    """`docker run busybox` with no flag: medium and low findings, logged, not denied."""
    d = decider.decide(req("/v1.41/containers/create", create()))
    assert d.allow and d.denied == [] and "DG316" in d.logged  # no memory limit


def test_docker_update_body(decider):
    body = {"CpuShares": 0, "Memory": 67108864, "NanoCpus": 0, "CgroupParent": "", "BlkioWeight": 0,
            "CpusetCpus": "", "Devices": None, "MemorySwap": 67108864, "MemorySwappiness": None,
            "OomKillDisable": None, "PidsLimit": None, "Ulimits": None,
            "RestartPolicy": {"Name": "", "MaximumRetryCount": 0}}
    d = decider.decide(req("/v1.41/containers/abc/update", body))
    assert d.allow and d.denied == [] and d.logged == []
    bad = dict(body, OomKillDisable=True, Memory=0, MemorySwap=0)
    d = decider.decide(req("/v1.41/containers/abc/update", bad))
    assert not d.allow and d.denied == ["DG338"] and "denied update by DG338" in d.msg


def test_bind_volume_of_root_denied_by_the_sensitive_path_rule(decider):
    body = {"Driver": "local", "DriverOpts": {"device": "/", "o": "bind", "type": "none"}, "Labels": {}, "Name": "v1"}
    d = decider.decide(req("/v1.41/volumes/create", body))
    assert not d.allow and "DG305" in d.denied and "denied volume v1 by DG305" in d.msg
    body["DriverOpts"]["device"] = "/srv/app-data"
    d = decider.decide(req("/v1.41/volumes/create", body))
    assert d.allow and "volumes.bind" in d.logged


def test_service_with_runtime_socket_denied(decider):
    body = {"Name": "agent", "TaskTemplate": {"ContainerSpec": {
        "Image": "portainer/agent:2.19",
        "Mounts": [{"Type": "bind", "Source": "/var/run/docker.sock", "Target": "/var/run/docker.sock"}]}}}
    d = decider.decide(req("/v1.41/services/create", body))
    assert not d.allow and "DG304" in d.denied


def test_exemption_by_image_with_real_rule(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text("exempt:\n  - images: ['docker.io/portainer/*']\n    rules: [DG304]\n")
    d = build_decider(str(policy))
    body = create(**{**COMPLIANT, "Binds": ["/var/run/docker.sock:/var/run/docker.sock"]})
    assert d.decide(req(body={**copy.deepcopy(body), "Image": "portainer/agent:2.19"})).allow
    assert not d.decide(req(body={**copy.deepcopy(body), "Image": "busybox"})).allow
