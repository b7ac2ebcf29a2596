"""decide.py: routing, the fail-safe body checks, every decided route, policy actions and exemptions."""

from __future__ import annotations

import base64

import pytest

from dockguard.enforce.decide import MAX_BODY, clean_path, route_of, swarm_to_create_body
from tests.enforce.helpers import make_decider, req

PRIV = {"Image": "busybox", "HostConfig": {"Privileged": True, "Memory": 1 << 26}}
OK = {"Image": "busybox", "User": "65534", "HostConfig": {"Memory": 1 << 26}}


# -- paths and routes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "uri, path, query",
    [
        ("/v1.41/containers/create?name=web", "/containers/create", {"name": ["web"]}),
        ("/containers/create", "/containers/create", {}),
        ("/v1.24/containers//create", "/containers/create", {}),
        ("/v1.41/containers/create/", "/containers/create", {}),
        ("/v1.41/containers%2Fcreate", "/containers/create", {}),
        ("/v1.41/images/../containers/create", "/containers/create", {}),
        ("/v1.41/./containers/abc/exec", "/containers/abc/exec", {}),
        ("/v1/_ping", "/_ping", {}),
        ("/v1.41/images/create?fromImage=busybox&tag=1", "/images/create", {"fromImage": ["busybox"], "tag": ["1"]}),
    ],
)
def test_clean_path(uri, path, query):
    assert clean_path(uri) == (path, query)


@pytest.mark.parametrize(
    "method, path, route",
    [
        ("POST", "/containers/create", "container.create"),
        ("POST", "/containers/abc/update", "container.update"),
        ("POST", "/containers/abc/start", "container.start"),
        ("POST", "/containers/abc/exec", "exec.create"),
        ("POST", "/exec/abc/start", "default"),
        ("POST", "/volumes/create", "volume.create"),
        ("POST", "/plugins/pull", "plugin.install"),
        ("POST", "/plugins/sshfs/upgrade", "plugin.install"),
        ("POST", "/plugins/create", "plugin.create"),
        ("POST", "/services/create", "service.create"),
        ("POST", "/services/x1/update", "service.update"),
        ("POST", "/images/create", "image.pull"),
        ("GET", "/containers/json", "default"),
        ("GET", "/containers/create", "default"),
        ("DELETE", "/containers/abc", "default"),
        ("GET", "/_ping", "always"),
        ("HEAD", "/_ping", "always"),
        ("GET", "/version", "always"),
    ],
)
def test_routes(method, path, route):
    assert route_of(method, path) == route


# -- container create -----------------------------------------------------------------------------


def test_privileged_create_denied_with_rule_and_fix():
    d = make_decider().decide(req(body=PRIV))
    assert not d.allow and d.denied == ["DG391"] and d.route == "container.create"
    assert d.msg.startswith("dockguard: denied by DG391 (Privileged container): --privileged. Fix: Remove --privileged")
    assert "Add only" not in d.msg  # the remediation's first sentence only


def test_several_rules_named_in_one_message():
    body = {"Image": "busybox", "HostConfig": {"NetworkMode": "host", "CapAdd": ["SYS_ADMIN"], "Memory": 1,
                                               "Binds": ["/var/run/docker.sock:/var/run/docker.sock"]}}
    d = make_decider().decide(req(body=body))
    assert not d.allow
    assert sorted(d.denied) == ["DG392", "DG393", "DG394"]
    for rid in d.denied:
        assert rid in d.msg


def test_compliant_create_allowed_and_medium_only_logged():
    d = make_decider().decide(req(body={"Image": "busybox"}))
    assert d.allow and d.denied == [] and d.logged == ["DG395"] and d.outcome == "allow"


def test_create_name_from_query_reaches_the_spec():
    seen = {}

    def spy(body, name=None):
        from dockguard.sources.engine_api import from_create_body

        seen["name"] = name
        return from_create_body(body, name=name)

    make_decider(from_create_body=spy).decide(req("/v1.41/containers/create?name=web", OK))
    assert seen["name"] == "web"


# -- fail safe ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "request_, reason",
    [
        (req(body=None), "without a body"),
        (req(raw=b""), "without a body"),
        (req(raw=b"   "), "empty request body"),
        (req(raw=b"{not json"), "not JSON"),
        (req(raw=b"[1, 2]"), "not a JSON object"),
        (req(raw=b"null"), "not a JSON object"),
        (req(body=PRIV, headers={"Transfer-Encoding": "chunked"}), "chunked"),
        (req(body=None, headers={"Transfer-Encoding": "chunked"}), "chunked"),
        (req(body=None, headers={"Content-Length": "0"}), "without a body"),  # CVE-2024-41110
        (req(body=None, headers={"Content-Length": str(MAX_BODY + 10)}), "over the 1048576 bytes"),  # CVE-2026-34040
        (req(body=OK, headers={"Content-Length": "5"}), "Content-Length 5 but"),
        (req(body=OK, headers={"Content-Length": "abc"}), "invalid Content-Length"),
    ],
)
def test_fail_safe_denials(request_, reason):
    d = make_decider().decide(request_)
    assert not d.allow and d.denied == []
    assert reason in d.reason and d.msg.startswith("dockguard: denied: ")


def test_body_at_forwarded_size_denied():
    raw = b'{"Image":"busybox","Labels":{"x":"' + b"a" * MAX_BODY + b'"}}'
    d = make_decider().decide(req(raw=raw))
    assert not d.allow and "over the" in d.reason


def test_invalid_base64_denied():
    r = req(body=OK)
    r["RequestBody"] = "!!!not base64!!!"
    d = make_decider().decide(r)
    assert not d.allow and "base64" in d.reason


@pytest.mark.parametrize("r", [None, [], "x", {"RequestMethod": "POST"}, {"RequestMethod": "POST", "RequestUri": 5}])
def test_malformed_authz_request_denied(r):
    d = make_decider().decide(r)
    assert not d.allow and d.route == "invalid"


def test_header_lookup_is_case_insensitive():
    d = make_decider().decide(req(body=OK, headers={"transfer-encoding": "chunked"}))
    assert not d.allow and "chunked" in d.reason


def test_internal_error_denies():
    def broken(body, name=None):
        raise KeyError("boom")

    d = make_decider(from_create_body=broken).decide(req(body=OK))
    assert not d.allow and d.route == "error" and "KeyError" in d.reason
    assert "internal error" in d.msg


def test_failing_rule_denies():
    d = make_decider().decide(req(body={"Image": "busybox", "Labels": {"boom": "1"}}))
    assert not d.allow and "DG398 failed" in d.reason and "a rule failed" in d.msg


@pytest.mark.parametrize("uri", ["/_ping", "/v1.41/_ping", "/version", "/v1.41/version"])
def test_ping_and_version_always_allowed(uri):
    for method in ("GET", "HEAD", "POST"):
        d = make_decider().decide(req(uri, method=method, body=None, headers={"Transfer-Encoding": "chunked"}))
        assert d.allow and d.route == "always"


@pytest.mark.parametrize("uri, method", [("/v1.41/containers/json", "GET"), ("/v1.41/containers/abc/stop", "POST"),
                                         ("/v1.41/exec/abc/start", "POST"), ("/v1.41/build", "POST")])
def test_other_requests_allowed_by_default(uri, method):
    d = make_decider().decide(req(uri, method=method, body=None))
    assert d.allow and d.route == "default"


# -- update, start -------------------------------------------------------------------------------


def test_update_checks_what_it_sets():
    dec = make_decider()
    d = dec.decide(req("/v1.41/containers/abc/update", {"PidsLimit": -1}))
    assert not d.allow and d.denied == ["DG397"] and "denied update by DG397" in d.msg
    # the baseline (no memory limit in an empty body) is not blamed on the update
    ok = dec.decide(req("/v1.41/containers/abc/update", {"Memory": 1 << 27, "RestartPolicy": {"Name": "on-failure",
                                                                                                "MaximumRetryCount": 5}}))
    assert ok.allow and ok.denied == [] and "DG395" not in ok.logged


def test_update_needs_a_body():
    d = make_decider().decide(req("/v1.41/containers/abc/update", None))
    assert not d.allow and "without a body" in d.reason


def test_start_without_body_allowed_with_legacy_hostconfig_checked():
    dec = make_decider()
    assert dec.decide(req("/v1.41/containers/abc/start", None)).allow
    d = dec.decide(req("/v1.23/containers/abc/start", {"Privileged": True}))
    assert not d.allow and d.denied == ["DG391"]
    d = dec.decide(req("/v1.23/containers/abc/start", None, headers={"Content-Length": "120"}))
    assert not d.allow and "without a body" in d.reason


# -- exec -----------------------------------------------------------------------------------------


def test_privileged_exec_denied():
    d = make_decider().decide(req("/v1.41/containers/abc/exec", {"Cmd": ["sh"], "Privileged": True}))
    assert not d.allow and d.denied == ["exec.privileged"]
    assert "without --privileged" in d.msg


def test_exec_root_logged_by_default_denied_when_policy_says():
    body = {"Cmd": ["sh"], "User": "root"}
    d = make_decider().decide(req("/v1.41/containers/abc/exec", body))
    assert d.allow and d.logged == ["exec.root"]
    d = make_decider({"exec": {"root": "deny"}}).decide(req("/v1.41/containers/abc/exec", {"Cmd": ["sh"], "User": "0:0"}))
    assert not d.allow and d.denied == ["exec.root"] and "--user" in d.msg
    d = make_decider({"exec": {"root": "deny"}}).decide(req("/v1.41/containers/abc/exec", {"Cmd": ["sh"], "User": "1000"}))
    assert d.allow and d.logged == []


def test_plain_exec_allowed_and_exec_needs_body():
    dec = make_decider()
    assert dec.decide(req("/v1.41/containers/abc/exec", {"Cmd": ["ls"], "Privileged": False})).allow
    assert not dec.decide(req("/v1.41/containers/abc/exec", None)).allow


def test_exec_privileged_exempt_for_a_tls_user():
    pol = {"exempt": [{"users": ["ops-*"], "rules": ["exec.privileged"]}]}
    body = {"Cmd": ["sh"], "Privileged": True}
    assert make_decider(pol).decide(req("/v1.41/containers/abc/exec", body, user="ops-alice")).allow
    assert not make_decider(pol).decide(req("/v1.41/containers/abc/exec", body, user="dev-bob")).allow
    assert not make_decider(pol).decide(req("/v1.41/containers/abc/exec", body, user="")).allow


# -- volumes --------------------------------------------------------------------------------------


def _vol(opts, driver="local"):
    return req("/v1.41/volumes/create", {"Name": "v", "Driver": driver, "DriverOpts": opts})


def test_bind_volume_of_a_sensitive_path_denied_by_the_rules():
    d = make_decider().decide(_vol({"type": "none", "o": "bind", "device": "/"}))
    assert not d.allow and d.denied == ["DG396"] and "binds the host path /" in d.msg


def test_bind_volume_logged_or_denied_by_policy():
    opts = {"type": "none", "o": "rbind,ro", "device": "/srv/data"}
    d = make_decider().decide(_vol(opts))
    assert d.allow and d.logged == ["volumes.bind"]
    d = make_decider({"volumes": {"bind": "deny"}}).decide(_vol(opts))
    assert not d.allow and d.denied == ["volumes.bind"] and "/srv/data" in d.msg


def test_plain_and_other_driver_volumes_allowed():
    dec = make_decider({"volumes": {"bind": "deny"}})
    assert dec.decide(_vol({})).allow
    assert dec.decide(_vol({"type": "nfs", "o": "addr=10.0.0.1", "device": ":/export"})).allow
    assert dec.decide(_vol({"o": "bind", "device": "/"}, driver="rexray")).allow
    assert not dec.decide(req("/v1.41/volumes/create", None)).allow


# -- plugins --------------------------------------------------------------------------------------


def test_plugin_install_denied_unless_allowed():
    privileges = [{"Name": "network", "Value": ["host"]}]
    d = make_decider().decide(req("/v1.41/plugins/pull?remote=vieux/sshfs&name=sshfs", privileges))
    assert not d.allow and d.denied == ["plugins.install"] and "vieux/sshfs" in d.msg
    allow = {"plugins": {"allow": ["vieux/sshfs*", "docker.io/acme/*"]}}
    assert make_decider(allow).decide(req("/v1.41/plugins/pull?remote=vieux/sshfs:latest", privileges)).allow
    assert make_decider(allow).decide(req("/v1.41/plugins/pull?remote=acme/x", privileges)).allow
    # an allowed plugin still needs its privileges seen
    assert not make_decider(allow).decide(req("/v1.41/plugins/pull?remote=vieux/sshfs", None)).allow
    assert make_decider({"plugins": {"install": "log"}}).decide(req("/v1.41/plugins/pull?remote=x/y", privileges)).allow


def test_plugin_create_and_upgrade_decided():
    dec = make_decider()
    assert not dec.decide(req("/v1.41/plugins/create?name=evil", None)).allow
    assert not dec.decide(req("/v1.41/plugins/sshfs/upgrade?remote=vieux/sshfs:next", [])).allow


# -- services ---------------------------------------------------------------------------------


def _service(cs, **tt):
    return {"Name": "web", "TaskTemplate": {"ContainerSpec": cs, **tt}}


def test_service_with_docker_socket_denied():
    body = _service({"Image": "busybox", "Mounts": [{"Type": "bind", "Source": "/var/run/docker.sock",
                                                     "Target": "/var/run/docker.sock"}]},
                    Resources={"Limits": {"MemoryBytes": 1 << 26}})
    d = make_decider().decide(req("/v1.41/services/create", body))
    assert not d.allow and d.denied == ["DG392"] and "denied service by DG392" in d.msg
    d = make_decider().decide(req("/v1.41/services/abc/update?version=3", body))
    assert not d.allow and d.route == "service.update"


def test_service_host_network_and_caps_denied_compliant_allowed():
    body = _service({"Image": "busybox", "CapabilityAdd": ["CAP_SYS_ADMIN"]}, Networks=[{"Target": "host"}])
    d = make_decider().decide(req("/v1.41/services/create", body))
    assert sorted(d.denied) == ["DG393", "DG394"]
    ok = _service({"Image": "busybox"}, Resources={"Limits": {"MemoryBytes": 1 << 26}})
    assert make_decider().decide(req("/v1.41/services/create", ok)).allow


def test_swarm_mapping():
    body = swarm_to_create_body(_service(
        {"Image": "nginx", "User": "101", "Command": ["nginx"], "Args": ["-g", "daemon off;"], "ReadOnly": True,
         "Privileges": {"Seccomp": {"Mode": "unconfined"}, "NoNewPrivileges": True}},
        Resources={"Limits": {"MemoryBytes": 5, "NanoCPUs": 6, "Pids": 7}},
        RestartPolicy={"Condition": "any"}))
    assert body["Cmd"] == ["nginx", "-g", "daemon off;"] and body["User"] == "101"
    hc = body["HostConfig"]
    assert hc["SecurityOpt"] == ["seccomp=unconfined", "no-new-privileges=true"]
    assert (hc["Memory"], hc["NanoCpus"], hc["PidsLimit"]) == (5, 6, 7)
    assert hc["ReadonlyRootfs"] is True and hc["RestartPolicy"]["Name"] == "always"


# -- image pulls --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "image, allowed",
    [
        ("busybox", True),
        ("library/busybox", True),
        ("docker.io/library/busybox", True),
        ("index.docker.io/library/busybox", True),
        ("ghcr.io/acme/app", True),
        ("ghcr.io/acme", True),
        ("ghcr.io/acmecorp/app", False),
        ("ghcr.io/other/app", False),
        ("evil.example.com/busybox", False),
        ("localhost:5000/app", False),
        ("registry.local:5000/team/app@sha256:" + "a" * 64, True),
    ],
)
def test_pull_allow_list(image, allowed):
    pol = {"pull": {"allow_registries": ["docker.io", "ghcr.io/acme", "registry.local:5000"]}}
    d = make_decider(pol).decide(req(f"/v1.41/images/create?fromImage={image}&tag=latest", None))
    assert d.allow is allowed
    if not allowed:
        assert d.denied == ["pull.registry"] and "not in the allow-list" in d.msg


def test_pull_without_allow_list_and_import_allowed():
    assert make_decider().decide(req("/v1.41/images/create?fromImage=evil.io/x&tag=1", None)).allow
    pol = {"pull": {"allow_registries": ["docker.io"]}}
    assert make_decider(pol).decide(req("/v1.41/images/create?fromSrc=-&repo=evil.io/x", None)).allow


# -- policy: actions, exemptions, audit-only ------------------------------------------------------------


def test_deny_and_log_lists_and_threshold():
    body = {"Image": "busybox", "HostConfig": {"NetworkMode": "host"}}
    assert not make_decider().decide(req(body=body)).allow
    d = make_decider({"log": ["DG393"]}).decide(req(body=body))
    assert d.allow and "DG393" in d.logged
    d = make_decider({"deny": ["DG395"]}).decide(req(body={"Image": "busybox"}))
    assert not d.allow and d.denied == ["DG395"]
    d = make_decider({"deny_severity": "critical"}).decide(req(body=body))
    assert d.allow
    d = make_decider({"deny_severity": "none"}).decide(req(body=PRIV))
    assert d.allow and d.logged == ["DG391"]


def test_exemption_by_image_glob():
    pol = {"exempt": [{"images": ["registry.example.com/infra/*"], "rules": ["DG393"]}]}
    host = {"HostConfig": {"NetworkMode": "host", "Memory": 1}}
    dec = make_decider(pol)
    assert dec.decide(req(body={"Image": "registry.example.com/infra/exporter:1.2", **host})).allow
    assert not dec.decide(req(body={"Image": "registry.example.com/app:1", **host})).allow
    # exempt from DG393 only: privileged still denied
    d = dec.decide(req(body={"Image": "registry.example.com/infra/x", "HostConfig": {"NetworkMode": "host",
                                                                                     "Privileged": True}}))
    assert not d.allow and d.denied == ["DG391"] and "DG393" in d.logged


def test_exemption_by_normalised_image_and_label():
    pol = {"exempt": [{"images": ["docker.io/library/busybox:*"]}, {"labels": {"role": "debug"}}]}
    dec = make_decider(pol)
    assert dec.decide(req(body={"Image": "busybox", "HostConfig": {"Privileged": True}})).allow
    assert dec.decide(req(body={"Image": "alpine", "Labels": {"role": "debug"}, "HostConfig": {"Privileged": True}})).allow
    assert not dec.decide(req(body={"Image": "alpine", "Labels": {"role": "web"}, "HostConfig": {"Privileged": True}})).allow


def test_exemption_by_user_needs_a_user():
    pol = {"exempt": [{"users": ["admin"]}]}
    dec = make_decider(pol)
    assert dec.decide(req(body=PRIV, user="admin")).allow
    assert not dec.decide(req(body=PRIV, user="")).allow  # the unix socket gives no user
    assert not dec.decide(req(body=PRIV, user="bob")).allow


def test_exemption_selectors_all_must_match():
    pol = {"exempt": [{"users": ["admin"], "images": ["busybox"]}]}
    dec = make_decider(pol)
    assert dec.decide(req(body=PRIV, user="admin")).allow
    assert not dec.decide(req(body={**PRIV, "Image": "alpine"}, user="admin")).allow


def test_audit_only_allows_and_marks():
    dec = make_decider({"audit_only": True})
    d = dec.decide(req(body=PRIV))
    assert d.allow and d.would_deny and d.outcome == "audit" and d.denied == ["DG391"]
    assert d.to_dict()["decision"] == "audit"
    d = dec.decide(req(body=None))
    assert d.allow and d.would_deny and "without a body" in d.reason
    d = dec.decide(req(body=OK))
    assert d.allow and not d.would_deny


def test_latency_measured():
    d = make_decider().decide(req(body=PRIV))
    assert 0 < d.latency < 0.5


def test_request_body_decoded_from_base64_exactly():
    r = req(body=PRIV)
    assert base64.b64decode(r["RequestBody"]).startswith(b'{"Image"')


# -- dockerd reads JSON keys case-insensitively ---------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b'{"Image":"busybox","hostconfig":{"privileged":true}}',
        b'{"Image":"busybox","HOSTCONFIG":{"Privileged":true}}',
        b'{"Image":"busybox","HostConfig":{"Privileged":false,"privileged":true}}',
        '{"Image":"busybox","HostConfig":{"Bindſ":["/var/run/docker.sock:/s"]}}'.encode(),  # Go folds ſ to s
    ],
)
def test_key_case_does_not_bypass(raw):
    d = make_decider().decide(req(raw=raw))
    assert not d.allow and d.denied in (["DG391"], ["DG392"])


def test_last_duplicate_key_wins_as_in_go():
    d = make_decider().decide(req(raw=b'{"Image":"busybox","HostConfig":{"privileged":true,"Privileged":false}}'))
    assert "DG391" not in d.denied


def test_user_keys_are_not_renamed():
    from dockguard.enforce.decide import canonical

    body = canonical({"labels": {"privileged": "x"}, "HostConfig": {"sysctls": {"memory": "1"},
                      "PortBindings": {"80/tcp": [{"hostip": "0.0.0.0"}]}}})
    assert body == {"Labels": {"privileged": "x"}, "HostConfig": {"Sysctls": {"memory": "1"},
                    "PortBindings": {"80/tcp": [{"HostIp": "0.0.0.0"}]}}}
    assert canonical([1, 2]) == [1, 2]
