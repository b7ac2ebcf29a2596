"""Severity of an OSV record: CVSS v3/v4/v2 vectors (scored with the `cvss` package), the source's own
rating (`database_specific.severity`, Debian `urgency`), in the order the matcher asks."""

from __future__ import annotations

LABELS = ("unknown", "low", "medium", "high", "critical")
_TEXT = {
    "critical": "critical", "high": "high", "important": "high", "moderate": "medium", "medium": "medium",
    "low": "low", "negligible": "low", "unimportant": "low", "minor": "low",
}


def label_of_score(score: float | None) -> str:
    if score is None:
        return "unknown"
    if score >= 9.0:
        return "critical"
    if score >= 7.0:
        return "high"
    if score >= 4.0:
        return "medium"
    if score > 0.0:
        return "low"
    return "unknown"  # 0.0: "none"


def label_of_text(text: str | None) -> str | None:
    if not text or not isinstance(text, str):
        return None
    return _TEXT.get(text.strip().lower().split()[0] if text.strip() else "")


def score_vector(kind: str, vector: str) -> float | None:
    try:
        if kind == "CVSS_V3":
            from cvss import CVSS3

            return float(CVSS3(vector).base_score)
        if kind == "CVSS_V4":
            from cvss import CVSS4

            return float(CVSS4(vector).base_score)
        if kind == "CVSS_V2":
            from cvss import CVSS2

            return float(CVSS2(vector).base_score)
    except Exception:  # the cvss package raises its own error types on malformed vectors
        return None
    return None


def from_cvss(entries) -> dict | None:
    """The best CVSS entry of an OSV `severity[]` list: v3, then v4, then v2."""
    if not isinstance(entries, list):
        return None
    by_kind = {}
    for e in entries:
        if isinstance(e, dict) and isinstance(e.get("score"), str):
            by_kind.setdefault(e.get("type"), e["score"])
    for kind in ("CVSS_V3", "CVSS_V4", "CVSS_V2"):
        vec = by_kind.get(kind)
        if vec:
            if vec.replace(".", "", 1).isdigit():
                score = float(vec)
            else:
                score = score_vector(kind, vec)
            if score is not None:
                return {"label": label_of_score(score), "score": score, "vector": vec, "source": kind}
    return None
