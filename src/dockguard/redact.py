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


# Cheap signs that a text may hold a secret; only then is the full detector set consulted.
_HINTS = None


def scrub(text: str | None) -> str | None:
    """Redact every secret the secret detectors recognise in `text` (messages, source lines).

    The last line of defence before output: rules redact what they know to be secret, and this
    catches a secret that travels inside other text (a URL with a password in a curl command).
    """
    global _HINTS
    if not text:
        return text
    if _HINTS is None:
        import re

        _HINTS = re.compile(
            r"://[^/\s]*:[^/\s]*@|pass|pwd|secret|token|key|auth|bearer|cred|private|"
            r"gh[pousr]_|github_pat_|glpat-|xox[abprs]-|AKIA|ASIA|sk_live|rk_live|AIza|-----BEGIN|eyJ",
            re.IGNORECASE,
        )
    if not _HINTS.search(text):
        return text
    from dockguard.secrets.engine import default_scanner

    matches = sorted(default_scanner().scan_text(text), key=lambda m: (m.start, -(m.end - m.start)))
    out: list[str] = []
    pos = 0
    for m in matches:
        if m.start < pos:
            continue  # overlaps a longer secret already redacted
        out.append(text[pos : m.start])
        out.append(redact(text[m.start : m.end]))
        pos = m.end
    out.append(text[pos:])
    return "".join(out)
