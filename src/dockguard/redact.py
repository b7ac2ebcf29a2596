"""Never print a full secret: keep a short prefix so the user can find it, hide the rest."""

from __future__ import annotations


def redact(secret: str, keep: int = 4) -> str:
    """`ghp_abcdef…` -> `ghp_****…(40 chars)`; short values are hidden entirely."""
    secret = secret.strip()
    if len(secret) <= 8:
        return "*" * len(secret) if secret else ""
    shown = min(keep, len(secret) // 4)
    return f"{secret[:shown]}{'*' * 8}({len(secret)} chars)"


def redact_in(text: str, secret: str, keep: int = 4) -> str:
    """Replace every occurrence of `secret` in `text` by its redacted form."""
    if not secret:
        return text
    return text.replace(secret, redact(secret, keep))
