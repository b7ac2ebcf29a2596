from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, info, na, shown, warn

RULE = Rule(
    id="DG616",
    title="The daemon API listens on TCP without TLS client verification",
    severity=Severity.CRITICAL,
    kind="host",
    practices=("P42",),
    peers={"docker-bench": ("2.7",)},
    cis=("2.7",),
    rationale=(
        "The Docker API is root on the host. On TCP without TLS anyone who reaches the port owns the "
        "host; with TLS but without --tlsverify any client is accepted, only the traffic is encrypted."
    ),
    remediation=(
        'Prefer the unix socket (or SSH: DOCKER_HOST=ssh://host). If TCP is needed: "tlsverify": true with '
        '"tlscacert", "tlscert", "tlskey", port 2376, and client certificates signed by that CA.'
    ),
    examples=(
        bad('{"hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"]}', lang="daemon-json"),
        bad('{"hosts": ["tcp://0.0.0.0:2376"], "tls": true, "tlscert": "/etc/docker/cert.pem", "tlskey": "/etc/docker/key.pem"}', lang="daemon-json", note="TLS without client verification"),
        bad("{}\n$ dockerd -H tcp://10.0.0.1:2375", lang="daemon-json"),
        good('{"hosts": ["tcp://0.0.0.0:2376"], "tlsverify": true, "tlscacert": "/etc/docker/ca.pem", "tlscert": "/etc/docker/cert.pem", "tlskey": "/etc/docker/key.pem"}', lang="daemon-json"),
        good('{"log-opts": {"syslog-address": "tcp://10.0.0.9:514"}}', lang="daemon-json", note="a tcp:// log address is not an API listener"),
    ),
)


def tcp_hosts(hosts):
    out = []
    for h in hosts:
        h = h.strip()
        if h.startswith(("unix://", "fd://", "npipe://")) or h.startswith("/"):
            continue
        out.append(h)
    return out


def check(host: Host, ctx):
    hosts, why = config_value(host, "hosts", [])
    if why:
        yield na(why)
        return
    hosts = [hosts] if isinstance(hosts, str) else list(hosts or [])
    tcp = tcp_hosts(hosts)
    if not tcp:
        return  # unix socket only: nothing reachable over the network
    verify = host.daemon.get("tlsverify") is True
    tls = verify or host.daemon.get("tls") is True
    listed = ", ".join(tcp)
    if verify:
        if not host.daemon.get("tlscacert"):
            yield info(f"TLS client verification on {listed} uses the default CA path (~/.docker/ca.pem)", evidence=listed)
        return
    if tls:
        yield warn(f"API on {listed} with TLS but without client verification (tlsverify)", evidence=f"hosts={listed}, tls=true, tlsverify={shown(host.daemon.get('tlsverify'))}", severity=Severity.HIGH)
    else:
        yield warn(f"API on {listed} without TLS: anyone who reaches it is root on the host", evidence=f"hosts={listed}, tls off")
