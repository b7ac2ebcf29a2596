"""`dockguard fix PATH…`: apply the fixes of Dockerfile findings (safe ones; `--unsafe` for all)."""

from __future__ import annotations

import sys

import click

from dockguard.commands.common import fail_threshold, finish, load_config_for, output_options


@click.command(name="fix")
@click.argument("paths", nargs=-1, required=True)
@output_options
@click.option("--unsafe", is_flag=True, help="Also apply fixes that change behaviour (review them).")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff and write nothing.")
@click.option("--target", help="The stage that is shipped (default: the last one, or the config's target).")
@click.option("-r", "--rule", "only", multiple=True, help="Fix only this rule (repeatable; peer IDs work too).")
@click.option("--ignore", multiple=True, help="Ignore this rule (repeatable).")
def command(paths, fmt, output, fail_on, config_path, no_color, unsafe, show_diff, target, only, ignore):
    """Fix what can be fixed in Dockerfiles, and report what remains."""
    from dockguard.engine import Engine
    from dockguard.fix import fix_text, write_atomic
    from dockguard.redact import scrub
    from dockguard.lint import find_dockerfiles, lint_text
    from dockguard.report import Report
    from dockguard.rules.loader import load_rules

    config = load_config_for(config_path, list(paths))
    config.ignore += list(ignore)
    if target:
        config.target = target
    ruleset = load_rules(("dockerfile",))
    engine = Engine(ruleset, config, only=only or None)
    files, errors = find_dockerfiles([p for p in paths if p != "-"], config.exclude)
    if "-" in paths:
        errors.append(("-", "fix needs a file to write; standard input is not supported"))

    def lint(text: str, path: str):
        return lint_text(engine, text, path)

    remaining = []
    scanned = []
    changed = 0
    for path in files:
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            errors.append((path, f"cannot read: {getattr(exc, 'strerror', None) or exc}"))
            continue
        result = fix_text(text, path, lint, unsafe=unsafe)
        scanned.append(path)
        remaining += result.remaining
        for f in result.applied:
            kind = "" if f.fix.safe else " (unsafe)"
            click.echo(f"{path}:{f.location.line}: fixed {f.rule_id}{kind}: {scrub(f.fix.description)}", err=True)
        if not result.changed:
            continue
        changed += 1
        if show_diff:
            # Shown, not applied: secrets in the changed lines are redacted like in every output.
            sys.stdout.write("".join(scrub(line) for line in result.diff().splitlines(keepends=True)))
        else:
            try:
                write_atomic(path, result.text)
            except OSError as exc:
                errors.append((path, f"cannot write: {exc.strerror}"))
    left = sum(1 for f in remaining if f.fix is not None and not f.fix.safe and not unsafe)
    note = f"; {left} more with --unsafe" if left else ""
    verb = "would change" if show_diff else "changed"
    click.echo(f"{verb} {changed} file(s); {len(remaining)} finding(s) remain{note}", err=True)
    if not files and not errors:
        errors.append((", ".join(paths), "no Dockerfile found"))
    if show_diff:
        for path, msg in errors:
            click.echo(f"{path}: {msg}", err=True)
        raise SystemExit(2 if errors else (1 if changed else 0))
    report = Report("fix", remaining, rules=ruleset, errors=errors, scanned=scanned)
    raise SystemExit(finish(report, fmt, output, fail_threshold(fail_on, config), no_color))
