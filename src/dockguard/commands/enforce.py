"""`dockguard enforce`: a Docker authorization plugin that applies the policy.

    dockguard enforce serve   [--name N] [--socket PATH] [--spec-dir DIR] [--policy FILE] [--audit-only]
                              [--log FILE] [--metrics-address HOST:PORT]
    dockguard enforce check   --body create.json [--uri /containers/create] [--method POST] [--user CN]
    dockguard enforce install [--name N] [--policy FILE] …   (prints a systemd unit and daemon.json)
"""

from __future__ import annotations

import os
import sys

import click

DEFAULT_NAME = "dockguard"
PLUGIN_DIR = "/run/docker/plugins"


def _config(config_path: str | None):
    from dockguard.config import load_config

    return load_config(config_path) if config_path else load_config(start=os.getcwd())


def _builder(policy, config_path, audit_only):
    """A function that loads configuration, rules and policy into a Decider (also used on SIGHUP)."""

    def build():
        from dockguard.enforce.decide import build_decider

        return build_decider(policy, _config(config_path), audit_only=audit_only or None)

    return build


@click.group(name="enforce")
def command() -> None:
    """Enforce the policy at the daemon (a Docker authorization plugin)."""


@command.command(name="serve")
@click.option("--name", default=DEFAULT_NAME, show_default=True, help="Plugin name (dockerd --authorization-plugin=NAME).")
@click.option("--socket", "socket_path", help=f"Unix socket to listen on (default: {PLUGIN_DIR}/NAME.sock).")
@click.option("--spec-dir", type=click.Path(file_okay=False), help="Also write NAME.spec (unix://SOCKET) here, e.g. /etc/docker/plugins.")
@click.option("--policy", type=click.Path(dir_okay=False), help="Policy file (default: the config's enforce section).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file (default: found upward).")
@click.option("--audit-only", is_flag=True, help="Log what would be denied; allow everything.")
@click.option("--log", "log_path", help="Audit log file, JSON lines (default: standard error).")
@click.option("--log-responses", is_flag=True, help="Also log AuthZRes calls (responses are always allowed).")
@click.option("--metrics-address", help="Serve Prometheus metrics on HOST:PORT, e.g. 127.0.0.1:9323 (off by default).")
def serve_cmd(name, socket_path, spec_dir, policy, config_path, audit_only, log_path, log_responses, metrics_address):
    """Run the plugin: answer dockerd's authorization requests."""
    from dockguard.enforce.server import AuditLog, Metrics, Plugin, eprint, log_event, serve, write_spec

    socket_path = socket_path or os.path.join(PLUGIN_DIR, f"{name}.sock")
    build = _builder(policy, config_path, audit_only)
    decider = build()  # errors in the policy stop the start, with a one-line message
    import gc

    gc.collect()
    gc.freeze()  # the rules and modules loaded at start are never collected: shorter GC pauses
    log = AuditLog(log_path)
    plugin = Plugin(decider, log, Metrics(), name=name, log_responses=log_responses, reload=build)
    spec_file = None

    def ready() -> None:
        nonlocal spec_file
        if spec_dir:
            spec_file = write_spec(spec_dir, name, socket_path)
        rules = len(decider.engine.rules_for("container"))
        mode = "audit-only" if decider.policy.audit_only else "enforcing"
        log_event(log, event="start", name=name, socket=socket_path, spec=spec_file, mode=mode, rules=rules,
                  policy=decider.policy.path, metrics=metrics_address)
        if log_path and log_path != "-":
            eprint(f"plugin {name} listening on {socket_path} ({mode}, {rules} container rules)")

    try:
        serve(plugin, socket_path, metrics_address, ready)
    finally:
        if spec_file:
            try:
                os.unlink(spec_file)
            except OSError:
                pass
        log_event(log, event="stop", name=name)
        log.close()


@command.command(name="check")
@click.option("--body", "body_path", type=click.Path(dir_okay=False), help="A request body (JSON), e.g. a container create body; - reads standard input.")
@click.option("--request", "request_path", type=click.Path(dir_okay=False), help="A whole AuthZ request as dockerd sends it (JSON).")
@click.option("--uri", default="/containers/create", show_default=True, help="The request URI the body goes with.")
@click.option("--method", default="POST", show_default=True)
@click.option("--user", default="", help="The TLS client certificate CN to decide as.")
@click.option("--policy", type=click.Path(dir_okay=False), help="Policy file (default: the config's enforce section).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file (default: found upward).")
@click.option("--audit-only", is_flag=True, help="Decide as in audit-only mode.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def check_cmd(body_path, request_path, uri, method, user, policy, config_path, audit_only, fmt):
    """Decide one request offline, as the plugin would: exit 0 when allowed, 1 when denied."""
    import base64
    import json

    from dockguard.enforce.decide import build_decider
    from dockguard.errors import InputError

    if bool(body_path) == bool(request_path):
        raise click.UsageError("give one of --body or --request")

    def read(path: str) -> bytes:
        if path == "-":
            return sys.stdin.buffer.read()
        try:
            with open(path, "rb") as fh:
                return fh.read()
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror}") from None

    if request_path:
        try:
            req = json.loads(read(request_path))
        except ValueError as exc:
            raise InputError(request_path, f"not JSON: {exc}") from None
    else:
        raw = read(body_path)
        req = {"RequestMethod": method.upper(), "RequestUri": uri, "User": user,
               "UserAuthNMethod": "TLS" if user else "",
               "RequestHeaders": {"Content-Type": "application/json", "Content-Length": str(len(raw))},
               "RequestBody": base64.b64encode(raw).decode() if raw else None}
    decider = build_decider(policy, _config(config_path), audit_only=audit_only or None)
    decision = decider.decide(req)
    if fmt == "json":
        out = decision.to_dict()
        out["allow"] = decision.allow
        out["latency_ms"] = round(decision.latency * 1000, 3)
        click.echo(json.dumps(out, indent=2))
    else:
        if decision.would_deny:
            click.echo(f"audit-only: would deny: {decision.msg}")
        elif decision.allow:
            extra = f" (logged: {', '.join(decision.logged)})" if decision.logged else ""
            click.echo(f"allowed ({decision.route}){extra}")
        else:
            click.echo(decision.msg)
    raise SystemExit(0 if decision.allow else 1)


UNIT = """\
# /etc/systemd/system/dockguard-enforce.service
[Unit]
Description=dockguard Docker authorization plugin
Documentation=https://github.com/dockguard/dockguard/blob/main/docs/enforce.md
Before=docker.service
After=local-fs.target

[Service]
Type=simple
ExecStart={exe} enforce serve --name {name} --socket {socket}{policy} --log /var/log/dockguard/enforce.jsonl{metrics}
ExecReload=/bin/kill -HUP $MAINPID
Restart=always
RestartSec=1
LogsDirectory=dockguard

[Install]
WantedBy=multi-user.target
RequiredBy=docker.service
"""


@command.command(name="install")
@click.option("--name", default=DEFAULT_NAME, show_default=True)
@click.option("--socket", "socket_path", help=f"Unix socket (default: {PLUGIN_DIR}/NAME.sock).")
@click.option("--policy", default="/etc/dockguard/policy.yaml", show_default=True)
@click.option("--metrics-address", default=None)
def install_cmd(name, socket_path, policy, metrics_address):
    """Print a systemd unit and the daemon.json snippet that enable the plugin."""
    import json
    import shutil

    socket_path = socket_path or os.path.join(PLUGIN_DIR, f"{name}.sock")
    exe = shutil.which("dockguard") or "/usr/local/bin/dockguard"
    click.echo(UNIT.format(exe=exe, name=name, socket=socket_path, policy=f" --policy {policy}" if policy else "",
                           metrics=f" --metrics-address {metrics_address}" if metrics_address else ""))
    click.echo("# /etc/docker/daemon.json (merge with the existing keys)")
    click.echo(json.dumps({"authorization-plugins": [name]}, indent=2))
    click.echo(
        "\n# then:\n"
        "#   dockguard enforce check --policy POLICY --body create.json   # try the policy first\n"
        "#   systemctl daemon-reload && systemctl enable --now dockguard-enforce\n"
        "#   systemctl restart docker    (or: kill -HUP $(pidof dockerd) to reload daemon.json)\n"
        "# break-glass: remove \"authorization-plugins\" from daemon.json, then kill -HUP $(pidof dockerd)"
    )
