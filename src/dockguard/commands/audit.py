"""`dockguard audit PATH… [--run 'docker run …']… [--docker]`: audit how containers are run."""

from __future__ import annotations

import click

from dockguard.commands.common import fail_threshold, finish, load_config_for, output_options


@click.command(name="audit")
@click.argument("paths", nargs=-1)
@output_options
@click.option("--run", "runs", multiple=True, metavar="'docker run …'", help="Audit this docker run command line (repeatable).")
@click.option("--docker", "live", is_flag=True, help="Audit every container (running and stopped) of the Docker daemon.")
@click.option("--docker-host", default=None, help="Daemon to audit with --docker (default: DOCKER_HOST or the local socket).")
@click.option("-r", "--rule", "only", multiple=True, help="Run only this rule (repeatable; peer IDs work too).")
@click.option("--ignore", multiple=True, help="Ignore this rule (repeatable; peer IDs work too).")
def command(paths, fmt, output, fail_on, config_path, no_color, runs, live, docker_host, only, ignore):
    """Audit compose files, Kubernetes manifests, docker run lines (in scripts, Makefiles, systemd
    units, Markdown, or --run) and live containers (--docker)."""
    from dockguard.audit import audit
    from dockguard.engine import Engine
    from dockguard.errors import DockguardError
    from dockguard.report import Report
    from dockguard.rules.loader import load_rules

    if not paths and not runs and not live:
        raise click.UsageError("give a PATH, --run 'docker run …' or --docker")
    config = load_config_for(config_path, list(paths))
    config.ignore += list(ignore)
    ruleset = load_rules(("container",))
    engine = Engine(ruleset, config, only=only or None)
    try:
        result = audit(engine, list(paths), list(runs), live, docker_host)
    except DockguardError as exc:  # pragma: no cover - audit() collects per-input errors
        result = None
        errors = [("audit", str(exc))]
    report = Report("audit", result.findings if result else [], rules=ruleset,
                    errors=result.errors if result else errors, scanned=result.scanned if result else [])
    if result:
        report.extra["containers"] = result.specs
    raise SystemExit(finish(report, fmt, output, fail_threshold(fail_on, config), no_color))
