"""`dockguard secrets PATH…`: the image secrets engine over plain files and directories."""

from __future__ import annotations

import click

from dockguard.commands.common import fail_threshold, finish, load_config_for, output_options


@click.command(name="secrets")
@click.argument("paths", nargs=-1, required=False)
@output_options
@click.option("--exclude", multiple=True, help="A glob of paths not to scan (repeatable).")
@click.option("--all-files", is_flag=True, help="Do not skip vendored trees, lockfiles and binary extensions.")
@click.option("--list-detectors", is_flag=True, help="List the detectors and exit.")
def command(paths, fmt, output, fail_on, config_path, no_color, exclude, all_files, list_detectors):
    """Find secrets in files and directories (a build context, a repository)."""
    if list_detectors:
        from dockguard.secrets.detectors import DETECTORS

        for d in DETECTORS:
            click.echo(f"{d.id:38} {d.severity:9} {d.description}")
        click.echo(f"{len(DETECTORS)} detectors")
        return
    if not paths:
        raise click.UsageError("give at least one PATH (or --list-detectors)")
    from dockguard.engine import Engine
    from dockguard.model.finding import Severity
    from dockguard.report import Report
    from dockguard.rules.base import Hit
    from dockguard.rules.loader import load_rules
    from dockguard.secrets.engine import SecretScanner
    from dockguard.secrets.scan import scan_file, walk

    config = load_config_for(config_path, list(paths))
    overrides = {}
    if all_files:
        overrides["skip_defaults"] = False
    scanner = SecretScanner.from_config(config, **overrides)
    if exclude:
        scanner = SecretScanner.from_config(config, exclude=list(exclude) + list(config.exclude), **overrides)
    ruleset = load_rules(("image",))
    rule = ruleset.get("DG518")
    engine = Engine(ruleset, config)
    severities = {s.label: s for s in Severity}
    findings, errors, scanned = [], [], []
    for path in walk(list(paths), scanner, errors):
        try:
            matches = scan_file(path, scanner)
        except OSError as exc:
            errors.append((path, f"cannot read: {exc.strerror}"))
            continue
        scanned.append(path)
        for m in matches:
            hit = Hit(f"{m.detector.description} ({m.detector.id}): {m.redacted}", line=m.line,
                      severity=severities.get(m.severity), evidence=m.redacted, extra={"detector": m.detector.id})
            findings.append(engine.finding(rule, hit, path))
    findings = [f for f in findings if f.rule_id not in engine.ignored]
    report = Report("secrets", findings, rules=ruleset, errors=errors, scanned=scanned)
    raise SystemExit(finish(report, fmt, output, fail_threshold(fail_on, config), no_color))
