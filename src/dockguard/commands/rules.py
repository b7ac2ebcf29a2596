"""`dockguard rules`: list every rule with its severity, practices and peer IDs."""

from __future__ import annotations

import click


@click.command(name="rules")
@click.option("--kind", type=click.Choice(["dockerfile", "container", "image", "host", "meta"]), help="Only rules of this kind.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def command(kind, as_json):
    """List every rule (ID, severity, title, practices, peer IDs)."""
    from dockguard.rules.loader import load_rules

    rules = [r for r in load_rules() if kind is None or r.kind == kind]
    if as_json:
        import json

        from dockguard.docs import rule_to_dict

        click.echo(json.dumps([rule_to_dict(r) for r in rules], indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"dockguard rules ({len(rules)})", show_lines=False)
    for col in ("ID", "Severity", "Kind", "Title", "Practices", "Peers"):
        table.add_column(col, overflow="fold")
    for r in rules:
        table.add_row(r.id, r.severity.label, r.kind, r.title, " ".join(r.practices), " ".join(r.peer_ids()))
    Console().print(table)
