"""`dockguard bench`: the host and daemon against the CIS Docker Benchmark (v1.6.0).

Live (the local daemon, or DOCKER_HOST: remote daemons get the daemon-side checks only) or offline
(`--daemon-json FILE [--dockerd-args '…']`: a configuration without a daemon).
"""

from __future__ import annotations

import sys

import click

from dockguard.commands.common import fail_threshold, load_config_for, output_options


@click.command(name="bench")
@output_options
@click.option("--daemon-json", type=click.Path(dir_okay=False), help="Offline: the daemon.json to audit (no daemon needed).")
@click.option("--dockerd-args", help="dockerd's command line (offline, or to override what /proc shows).")
@click.option("-H", "--host", "docker_host", help="Daemon to bench (default: DOCKER_HOST or the local socket).")
@click.option("--host-files/--no-host-files", default=None, help="Read this machine's files (default: on when the daemon is local, off offline).")
@click.option("--check", "checks", multiple=True, help="CIS IDs to run: 2.2,5.* (repeatable, comma-separated; DG IDs too).")
@click.option("--level", type=click.IntRange(1, 2), default=2, show_default=True, help="CIS profile level: 1, or 2 (= 1 and 2).")
@click.option("--trusted-user", multiple=True, help="A user allowed in the docker group (1.1.2 warns on others).")
@click.option("--no-images", is_flag=True, help="Skip section 4's per-image checks (no image inspection).")
def command(fmt, output, fail_on, config_path, no_color, daemon_json, dockerd_args, docker_host, host_files,
            checks, level, trusted_user, no_images):
    """Check the host and daemon against the CIS Docker Benchmark; every check gets a status."""
    from dockguard.bench import render_junit, render_text, report_extra, run_bench
    from dockguard.commands.common import _write_atomic
    from dockguard.engine import Engine
    from dockguard.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
    from dockguard.report import Report, render, scrubbed
    from dockguard.rules.loader import load_rules
    from dockguard.sources import host as hostsrc

    config = load_config_for(config_path, [daemon_json] if daemon_json else [])
    if trusted_user:
        config.rules.setdefault("DG601", {})["trusted_users"] = list(trusted_user)
    ruleset = load_rules(("host", "image", "container"))
    engine = Engine(ruleset, config)
    calls = None
    if daemon_json is not None:
        import os

        from dockguard.errors import InputError

        if not os.path.isfile(daemon_json):
            raise InputError(daemon_json, "no such file")
        host = hostsrc.from_offline(daemon_json, dockerd_args, host_files=bool(host_files))
    else:
        host, counter = hostsrc.from_live(docker_host, dockerd_args=dockerd_args, images=not no_images)
        calls = counter.calls
        if host_files is False and host.local:
            host.files.clear()
            host.skipped["host files"] = "--no-host-files"
    selected = [p for c in checks for p in c.split(",") if p.strip()]
    result = run_bench(host, engine, checks=selected, level=level)
    errors = [(host.path, e) for e in host.errors]
    report = Report("bench", result.findings, rules=ruleset, errors=[], scanned=[host.path])
    report.extra = report_extra(host, result, calls)
    report.extra["errors_reading"] = [e for _, e in errors]
    report.color = fmt == "text" and output is None and not no_color and sys.stdout.isatty()
    if fmt == "text":
        text = render_text(scrubbed(report))
    elif fmt == "junit":
        text = render_junit(scrubbed(report))
    else:
        text = render(fmt, report)
    if output:
        _write_atomic(output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    for _, message in errors:
        click.echo(f"warning: {message}", err=True)
    threshold = fail_threshold(fail_on, config)
    if any(f.severity >= threshold for f in result.findings):
        raise SystemExit(EXIT_FINDINGS)
    raise SystemExit(EXIT_OK if not report.errors else EXIT_USAGE)
