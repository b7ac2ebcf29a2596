"""`dockguard lint PATH…`: lint Dockerfiles and directories of them (`-` reads standard input)."""

from __future__ import annotations

import click

from dockguard.commands.common import fail_threshold, finish, load_config_for, output_options


@click.command(name="lint")
@click.argument("paths", nargs=-1, required=True)
@output_options
@click.option("--target", help="The stage that is shipped (default: the last one, or the config's target).")
@click.option("-r", "--rule", "only", multiple=True, help="Run only this rule (repeatable; peer IDs work too).")
@click.option("--ignore", multiple=True, help="Ignore this rule (repeatable; peer IDs such as DL3008 work too).")
@click.option("--trusted-registry", multiple=True, help="A registry images may come from (repeatable).")
@click.option("-j", "--jobs", type=int, default=None, help="Worker processes (default: one per core).")
def command(paths, fmt, output, fail_on, config_path, no_color, target, only, ignore, trusted_registry, jobs):
    """Lint Dockerfiles, and the Dockerfiles found in directories."""
    from dockguard.engine import Engine
    from dockguard.lint import find_dockerfiles, lint_files
    from dockguard.report import Report
    from dockguard.rules.loader import load_rules

    config = load_config_for(config_path, list(paths))
    config.ignore += list(ignore)
    config.trusted_registries += list(trusted_registry)
    if target:
        config.target = target
    ruleset = load_rules(("dockerfile",))
    engine = Engine(ruleset, config, only=only or None)
    files, errors = find_dockerfiles(list(paths), config.exclude)
    results = lint_files(engine, files, jobs)
    findings = [f for r in results for f in r.findings]
    errors += [(r.path, r.error) for r in results if r.error]
    scanned = [r.path for r in results if not r.error]
    if not files and not errors:
        errors.append((", ".join(paths), "no Dockerfile found"))
    report = Report("lint", findings, rules=ruleset, errors=errors, scanned=scanned)
    raise SystemExit(finish(report, fmt, output, fail_threshold(fail_on, config), no_color))
