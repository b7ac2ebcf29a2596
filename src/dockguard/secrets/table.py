"""The detector table as Markdown (docs/secrets.md is generated from it: `python -m dockguard.secrets.table`)."""

from __future__ import annotations

from dockguard.secrets.detectors import DETECTORS

BEGIN = "<!-- detectors:begin -->"
END = "<!-- detectors:end -->"


def markdown() -> str:
    rows = ["| ID | what | severity | keywords | entropy |", "|---|---|---|---|---|"]
    for d in DETECTORS:
        kws = ", ".join(f"`{k}`" for k in d.keywords).replace("|", "\\|")
        rows.append(f"| `{d.id}` | {d.description} | {d.severity} | {kws} | {d.entropy or ''} |")
    return "\n".join(rows) + f"\n\n{len(DETECTORS)} detectors.\n"


def update(path: str) -> bool:
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    new = f"{head}{BEGIN}\n{markdown()}{END}{tail}"
    if new != text:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(new)
        return True
    return False


if __name__ == "__main__":
    import sys

    update(sys.argv[1] if len(sys.argv) > 1 else "docs/secrets.md")
