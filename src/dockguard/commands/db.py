"""`dockguard db import|update|status`: the local OSV vulnerability database (one portable SQLite file)."""

from __future__ import annotations

import datetime
import json

import click

DB_OPTION = click.option("--db", "db_path", type=click.Path(dir_okay=False),
                         help="Database file (default: ~/.cache/dockguard/vulns.db, or $DOCKGUARD_VULN_DB).")


def db_path_or_default(db_path: str | None) -> str:
    import os

    from dockguard.vulns.db import default_path

    return db_path or os.environ.get("DOCKGUARD_VULN_DB") or default_path()


@click.group(name="db")
def command():
    """Manage the local vulnerability database (OSV data)."""


@command.command(name="import")
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
def import_(paths, db_path):
    """Load OSV data: an ecosystem's all.zip, a directory of JSON records, or one JSON file."""
    from dockguard.errors import DockguardError
    from dockguard.vulns.db import VulnDB, iter_records

    path = db_path_or_default(db_path)
    failed = False
    with VulnDB(path, create=True) as db:
        for src in paths:
            try:
                counts = db.import_records(iter_records(src), src)
            except DockguardError as exc:
                click.echo(f"dockguard: {exc}", err=True)
                failed = True
                continue
            total = sum(counts.values())
            detail = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "no records with affected packages"
            click.echo(f"{src}: {total} records ({detail}) -> {path}")
    raise SystemExit(2 if failed else 0)


@command.command(name="update")
@click.option("--ecosystem", "ecosystems", multiple=True,
              help="OSV ecosystem to download (repeatable), e.g. Debian:12, Alpine:v3.20, PyPI. "
                   "Default: those already in the database.")
@click.option("--base-url", default=None, help="Where the OSV bulk data is (a mirror); default the OSV bucket "
                                               "or $DOCKGUARD_OSV_BASE_URL.")
@DB_OPTION
def update(ecosystems, base_url, db_path):
    """Download `<base>/<ecosystem>/all.zip` for each ecosystem and load it."""
    import os

    from dockguard.errors import DockguardError
    from dockguard.vulns.db import DEFAULT_BASE_URL, VulnDB, update as do_update

    base = base_url or os.environ.get("DOCKGUARD_OSV_BASE_URL") or DEFAULT_BASE_URL
    path = db_path_or_default(db_path)
    failed = False
    with VulnDB(path, create=True) as db:
        wanted = list(ecosystems) or [s["ecosystem"] for s in db.status()["sources"]]
        if not wanted:
            raise click.UsageError("no ecosystem given and none in the database: use --ecosystem (e.g. Debian:12, PyPI)")
        for eco in wanted:
            try:
                counts = do_update(db, eco, base)
            except DockguardError as exc:
                click.echo(f"dockguard: {exc}", err=True)
                failed = True
                continue
            click.echo(f"{eco}: {sum(counts.values())} records")
    raise SystemExit(2 if failed else 0)


@command.command(name="status")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def status(db_path, as_json):
    """Show the database's sources, record counts and age."""
    from dockguard.vulns.db import VulnDB

    path = db_path_or_default(db_path)
    with VulnDB(path) as db:
        st = db.status()
    now = datetime.datetime.now(datetime.timezone.utc)
    for s in st["sources"]:
        try:
            t = datetime.datetime.strptime(s["imported_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
            s["age_days"] = round((now - t).total_seconds() / 86400, 1)
        except (TypeError, ValueError):
            s["age_days"] = None
    if as_json:
        click.echo(json.dumps(st, indent=2))
        return
    click.echo(f"database: {st['path']} ({st['size'] / 1e6:.1f} MB), {st['records']} records, "
               f"{st['affected']} affected-package entries")
    if not st["sources"]:
        click.echo("no sources imported")
    for s in st["sources"]:
        age = f"{s['age_days']} days old" if s["age_days"] is not None else "age unknown"
        click.echo(f"  {s['ecosystem']:<20} {s['records']:>7} records  {s['imported_at']} ({age})  from {s['origin']}")
