"""`dockguard vulns TARGET…`: known vulnerabilities in the packages of images and directories."""

from __future__ import annotations

import os
import sys

import click

from dockguard.commands.common import SEVERITIES, fail_threshold, load_config_for

FORMATS = ("table", "json", "sarif", "cyclonedx", "text", "junit", "gitlab", "checkstyle")
DEFAULT_IGNORE_FILE = ".dockguard-vulnignore.yaml"
VULNS_KEYS = {"db", "ignore_file", "vex", "ignore_unfixed"}


@click.command(name="vulns")
@click.argument("targets", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Output format (cyclonedx: the SBOM with its vulnerabilities, one target).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report to this file.")
@click.option("--fail-on", type=click.Choice(SEVERITIES, case_sensitive=False), default=None,
              help="Exit 1 when a vulnerability is at or above this severity (default: low, or the config's fail_on).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file.")
@click.option("--no-color", is_flag=True, help="Plain text even on a terminal.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="Vulnerability database (default: ~/.cache/dockguard/vulns.db, or $DOCKGUARD_VULN_DB).")
@click.option("--ignore-unfixed", is_flag=True, help="Leave out vulnerabilities that have no fixed version yet.")
@click.option("--ignore-file", type=click.Path(dir_okay=False),
              help=f"Ignore file (id, reason, expires); default {DEFAULT_IGNORE_FILE} when present.")
@click.option("--vex", "vex_files", multiple=True, type=click.Path(dir_okay=False),
              help="OpenVEX document: not_affected / fixed statements suppress (repeatable).")
@click.option("--source", type=click.Choice(["auto", "archive", "daemon", "registry", "dir"]), default="auto",
              show_default=True, help="Where TARGET is.")
@click.option("--platform", help="os/arch[/variant] to pick from a multi-platform image.")
@click.option("--insecure-registry", multiple=True, help="A registry (host:port) reached over plain HTTP.")
def command(targets, fmt, output, fail_on, config_path, no_color, db_path, ignore_unfixed, ignore_file, vex_files,
            source, platform, insecure_registry):
    """Find known vulnerabilities in the packages of images and directories (offline, local database)."""
    from dockguard.commands.db import db_path_or_default
    from dockguard.engine import Engine
    from dockguard.errors import DockguardError
    from dockguard.packages import catalog
    from dockguard.packages.target import open_target
    from dockguard.report import Report
    from dockguard.rules.loader import load_rules
    from dockguard.vulns import suppress
    from dockguard.vulns.db import VulnDB
    from dockguard.vulns.match import match

    config = load_config_for(config_path, [t for t in targets if os.path.exists(t)])
    section = config.section("vulns", VULNS_KEYS)
    ignore_unfixed = ignore_unfixed or bool(section.get("ignore_unfixed", False))
    ignore_file = ignore_file or section.get("ignore_file") or (DEFAULT_IGNORE_FILE if os.path.isfile(DEFAULT_IGNORE_FILE) else None)
    vex_files = list(vex_files) + list(section.get("vex", []) or [])
    ignores = suppress.load_ignore_file(ignore_file) if ignore_file else []
    vex = [st for path in vex_files for st in suppress.load_openvex(path)]
    db = VulnDB(db_path or section.get("db") or db_path_or_default(None))
    ruleset = load_rules(("image",))
    engine = Engine(ruleset, config, only=["DG590"])
    findings, errors, scanned, notes = [], [], [], []
    all_kept, all_suppressed, inventories = [], [], []
    with db:
        for target in targets:
            try:
                images = open_target(target, source=source, platform=platform, insecure=insecure_registry)
            except DockguardError as exc:
                errors.append((target, getattr(exc, "message", str(exc))))
                continue
            for image in images:
                inv = catalog(image.files, image.path)
                notes += [f"{image.path}: {e}" for e in image.errors + inv.errors]
                matches, match_notes = match(inv, db)
                notes += [f"{image.path}: {n}" for n in match_notes]
                if ignore_unfixed:
                    matches = [m for m in matches if m.fixed]
                refs = {image.reference, image.path, *(image.tags or [])}
                if image.digest:
                    refs.add(image.digest)
                kept, suppressed, sup_notes = suppress.apply(matches, ignores=ignores, vex=vex, image_refs=refs)
                notes += sup_notes
                image.vulnerabilities = kept
                findings += engine.check(image, "image", image.path)
                all_kept += [(image.path, m) for m in kept]
                all_suppressed += [(image.path, m) for m in suppressed]
                inventories.append((inv, image))
                scanned.append(image.path)
    db_status = {"path": db.path}
    for n in notes:
        click.echo(f"dockguard: {n}", err=True)
    extra = {
        "vulnerabilities": [dict(m.to_dict(), target=t) for t, m in all_kept],
        "suppressed": [dict(m.to_dict(), target=t) for t, m in all_suppressed],
        "notes": notes,
        "database": db_status,
    }
    report = Report("vulns", findings, rules=ruleset, errors=errors, scanned=scanned, extra=extra)
    threshold = fail_threshold(fail_on, config)
    if fmt in ("table", "cyclonedx"):
        from dockguard.commands.common import _write_atomic
        from dockguard.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

        if fmt == "table":
            text = render_table(all_kept, all_suppressed, errors, scanned)
        else:
            if len(inventories) != 1:
                errors.append((", ".join(targets), "--format cyclonedx takes exactly one image"))
                text = ""
            else:
                from dockguard.sbom.cyclonedx import render as cdx

                inv, image = inventories[0]
                text = cdx(inv, image, [m for _t, m in all_kept] + [m for _t, m in all_suppressed])
        for path, msg in errors:
            click.echo(f"dockguard: {path}: {msg}", err=True)
        if output:
            _write_atomic(output, text)
        else:
            sys.stdout.write(text)
        code = EXIT_USAGE if errors else (EXIT_FINDINGS if any(f.severity >= threshold for f in findings) else EXIT_OK)
        raise SystemExit(code)
    from dockguard.commands.common import finish

    raise SystemExit(finish(report, fmt, output, threshold, no_color))


_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "unknown": 4}


def render_table(kept, suppressed, errors, scanned) -> str:
    lines = []
    by_target: dict[str, list] = {}
    for t, m in kept:
        by_target.setdefault(t, []).append(m)
    for t in scanned:
        ms = sorted(by_target.get(t, []), key=lambda m: (_ORDER.get(m.severity, 5), m.package, m.id))
        counts: dict[str, int] = {}
        for m in ms:
            counts[m.severity] = counts.get(m.severity, 0) + 1
        summary = ", ".join(f"{counts[s]} {s}" for s in sorted(counts, key=lambda s: _ORDER.get(s, 5)))
        lines.append(f"{t}: {len(ms)} vulnerabilities" + (f" ({summary})" if summary else ""))
        if ms:
            rows = [("PACKAGE", "INSTALLED", "FIXED IN", "ID (ALIASES)", "SEVERITY")]
            for m in ms:
                pkg = m.package + (f" ({m.source_package})" if m.source_package and m.source_package != m.package else "")
                alias = f" ({', '.join(m.aliases[:2])}{', …' if len(m.aliases) > 2 else ''})" if m.aliases else ""
                rows.append((pkg, m.installed, m.fixed or "(no fix yet)", m.id + alias, m.severity))
            widths = [max(len(r[i]) for r in rows) for i in range(5)]
            for r in rows:
                lines.append("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        sup = [m for tt, m in suppressed if tt == t]
        for m in sup:
            s = m.suppressed or {}
            why = s.get("reason") or s.get("justification") or s.get("impact_statement") or s.get("status")
            lines.append(f"  suppressed: {m.id} in {m.package} {m.installed} by {s.get('by')} ({why})")
        lines.append("")
    for path, msg in errors:
        lines.append(f"error: {path}: {msg}")
    return "\n".join(lines).rstrip("\n") + "\n"
