from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, na, warn, where

RULE = Rule(
    id="DG614",
    title="Insecure registries are configured",
    severity=Severity.HIGH,
    kind="host",
    practices=("P46",),
    peers={"docker-bench": ("2.5",)},
    cis=("2.5",),
    rationale="Images from an insecure registry are pulled over plain HTTP or unverified TLS: anyone on the path can swap them.",
    remediation='Remove "insecure-registries" (and --insecure-registry); give the registry a certificate (/etc/docker/certs.d/<host>/ca.crt).',
    examples=(
        bad('{"insecure-registries": ["10.0.0.5:5000"]}', lang="daemon-json"),
        bad("{}\n$ dockerd --insecure-registry=registry.local:5000", lang="daemon-json"),
        good("{}", lang="daemon-json"),
        good('{}\n$ info {"RegistryConfig": {"InsecureRegistryCIDRs": ["127.0.0.0/8", "::1/128"], "IndexConfigs": {"docker.io": {"Name": "docker.io", "Secure": true}}}}', lang="daemon-json", note="the built-in loopback entries are not a finding"),
    ),
)

DEFAULTS = {"127.0.0.0/8", "::1/128"}


def check(host: Host, ctx):
    found: list[str] = []
    if host.info is not None and host.info.get("RegistryConfig"):
        reg = host.info["RegistryConfig"]
        found += [c for c in reg.get("InsecureRegistryCIDRs") or [] if c not in DEFAULTS]
        found += [name for name, idx in (reg.get("IndexConfigs") or {}).items() if idx and idx.get("Secure") is False]
        evidence = "docker info RegistryConfig"
    else:
        value, why = config_value(host, "insecure-registries", [])
        if why:
            yield na(why)
            return
        found = [v for v in (value or []) if v not in DEFAULTS]
        evidence = where(host, "insecure-registries")
    if found:
        yield warn(f"insecure registries: {', '.join(dict.fromkeys(found))}", evidence=f"{', '.join(dict.fromkeys(found))} ({evidence})")
