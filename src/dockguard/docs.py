"""The rule reference, generated from the rules' metadata: `python -m dockguard.docs [--check]`.

Writes `docs/rules/README.md` (the index) and one page per rule, `docs/rules/DGNNN.md`.
"""

from __future__ import annotations

import os
import sys

from dockguard.rules.base import CIS_VERSION, Rule

_LANG_FENCE = {"dockerfile": "dockerfile", "compose": "yaml", "kubernetes": "yaml", "docker-run": "sh",
               "engine-api": "json", "daemon-json": "json"}


def rule_to_dict(rule: Rule) -> dict:
    return {
        "id": rule.id,
        "title": rule.title,
        "severity": rule.severity.label,
        "kind": rule.kind,
        "practices": list(rule.practices),
        "cis": list(rule.cis),
        "peers": {k: list(v) for k, v in rule.peers.items()},
        "rationale": rule.rationale,
        "remediation": rule.remediation,
        "options": [{"name": o.name, "default": o.default, "help": o.help} for o in rule.options],
        "enabled_by_default": rule.enabled_by_default,
        "fixable": rule.fixable,
        "examples": [{"bad": e.bad, "lang": e.lang, "code": e.code, "note": e.note} for e in rule.examples],
    }


def rule_markdown(rule: Rule) -> str:
    out = [f"# {rule.id}: {rule.title}", ""]
    out.append(f"- Severity: **{rule.severity.label}**")
    out.append(f"- Checks: {rule.kind}")
    if rule.practices:
        out.append(f"- Practices: {', '.join(rule.practices)}")
    if rule.cis:
        out.append(f"- {CIS_VERSION}: {', '.join(rule.cis)}")
    if rule.peers:
        peers = "; ".join(f"{tool} {', '.join(ids)}" for tool, ids in rule.peers.items() if ids)
        out.append(f"- Peer rules: {peers}")
    if not rule.enabled_by_default:
        out.append("- Off by default: enable it with `rules: {" + rule.id + ": {}}` in the config")
    if rule.fixable:
        out.append("- Fixable: `dockguard fix`")
    out += ["", "## Why", "", rule.rationale, "", "## How to fix", "", rule.remediation, ""]
    if rule.options:
        out += ["## Options", "", "| option | default | meaning |", "|---|---|---|"]
        for o in rule.options:
            out.append(f"| `{o.name}` | `{o.default!r}` | {o.help} |")
        out.append("")
    if rule.examples:
        out += ["## Examples", ""]
        for e in rule.examples:
            label = "Bad" if e.bad else "Good"
            note = f" ({e.note})" if e.note else ""
            out += [f"{label}{note}:", "", f"```{_LANG_FENCE.get(e.lang, '')}", e.code.rstrip("\n"), "```", ""]
    return "\n".join(out)


def index_markdown(rules: list[Rule]) -> str:
    out = [
        "# Rule reference",
        "",
        "Generated from the rules' metadata by `python -m dockguard.docs`; do not edit by hand.",
        "",
        f"{len(rules)} rules.",
        "",
        "| ID | severity | checks | title | practices | peers |",
        "|---|---|---|---|---|---|",
    ]
    for r in rules:
        peers = ", ".join(r.peer_ids())
        out.append(f"| [{r.id}]({r.id}.md) | {r.severity.label} | {r.kind} | {r.title} | {' '.join(r.practices)} | {peers} |")
    return "\n".join(out) + "\n"


def generate() -> dict[str, str]:
    from dockguard.rules.loader import load_rules

    rules = list(load_rules())
    files = {"README.md": index_markdown(rules)}
    for r in rules:
        files[f"{r.id}.md"] = rule_markdown(r) + ("\n" if not rule_markdown(r).endswith("\n") else "")
    return files


def main(argv: list[str]) -> int:
    root = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "rules")
    root = os.path.normpath(root)
    files = generate()
    if "--check" in argv:
        stale = []
        for name, text in files.items():
            try:
                with open(os.path.join(root, name), encoding="utf-8") as fh:
                    if fh.read() != text:
                        stale.append(name)
            except FileNotFoundError:
                stale.append(name)
        extra = [n for n in os.listdir(root) if n.endswith(".md") and n not in files] if os.path.isdir(root) else []
        if stale or extra:
            print(f"docs/rules is stale ({len(stale)} changed, {len(extra)} extra); run python -m dockguard.docs")
            return 1
        return 0
    os.makedirs(root, exist_ok=True)
    for name in os.listdir(root):
        if name.endswith(".md") and name not in files:
            os.remove(os.path.join(root, name))
    for name, text in files.items():
        with open(os.path.join(root, name), "w", encoding="utf-8") as fh:
            fh.write(text)
    print(f"wrote {len(files)} files to {root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
