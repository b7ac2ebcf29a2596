"""`dockguard explain DGNNN`: everything about one rule, examples included."""

from __future__ import annotations

import click


@click.command(name="explain")
@click.argument("rule_id")
def command(rule_id):
    """Show one rule's full metadata: why, how to fix, peers, options, examples."""
    from dockguard.docs import rule_markdown
    from dockguard.errors import DockguardError
    from dockguard.rules.loader import load_rules

    ruleset = load_rules()
    rule = ruleset.get(rule_id)
    if rule is None:
        mapped, _ = ruleset.resolve_ids([rule_id])
        mapped.discard("*")
        if len(mapped) >= 1:
            rules = [ruleset.get(r) for r in sorted(mapped)]
        else:
            raise DockguardError(f"unknown rule {rule_id!r} (see `dockguard rules`)")
    else:
        rules = [rule]
    from rich.console import Console
    from rich.markdown import Markdown

    console = Console()
    for r in rules:
        console.print(Markdown(rule_markdown(r)))
