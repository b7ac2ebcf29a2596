"""CycloneDX 1.6 JSON: components with purls, OS and source-package properties, and (for
`dockguard vulns --format cyclonedx`) vulnerabilities with ratings and VEX analysis.

The document is written as plain JSON: building it through cyclonedx-python-lib's object model cost
about 2 ms a component (an image with 500 packages took a second). The tests validate every
document this module writes against the official CycloneDX 1.6 schema with that library's strict
validator.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime, timezone

from dockguard.packages.model import Inventory, Package

PROP = "dockguard:"
SCHEMA = "http://cyclonedx.org/schema/bom-1.6.schema.json"


def bom_ref(p: Package) -> str:
    if p.purl:
        return p.purl
    h = hashlib.sha1("|".join(map(str, p.key())).encode()).hexdigest()[:16]
    return f"pkg-{h}"


def _licenses(texts: list[str]) -> list[dict]:
    texts = [t.strip() for t in texts[:3] if t.strip()]
    expressions = [t for t in texts if " " in t or "(" in t]
    if expressions:  # an expression stands alone
        return [{"expression": expressions[0]}]
    return [{"license": {"name": t}} for t in texts]


def _component(p: Package, ref: str) -> dict:
    c: dict = {"type": "library", "bom-ref": ref, "name": p.name}
    if p.group:
        c["group"] = p.group
    if p.version:
        c["version"] = p.version
    licenses = _licenses(p.licenses)
    if licenses:
        c["licenses"] = licenses
    if p.purl:
        c["purl"] = p.purl
    props = [{"name": PROP + "package:type", "value": p.type}]
    if p.is_os and p.source_name:
        props.append({"name": PROP + "package:source:name", "value": p.source_name})
        props.append({"name": PROP + "package:source:version", "value": p.source_version or p.version})
    props += [{"name": PROP + "location", "value": loc} for loc in p.locations[:5]]
    c["properties"] = props
    return c


def build_bom(inv: Inventory, image=None, vulnerabilities=None) -> dict:
    import dockguard

    target_name = (image.reference if image is not None else inv.target) or "target"
    is_image = image is not None and image.source != "directory"
    root: dict = {"type": "container" if is_image else "file", "bom-ref": "target", "name": target_name}
    if is_image and image.digest:
        root["version"] = image.digest
    components: list[dict] = []
    if inv.distro is not None:
        d = inv.distro
        osc = {"type": "operating-system", "bom-ref": f"os:{d.label}", "name": d.id, "version": d.version_id or ""}
        if d.pretty_name:
            osc["description"] = d.pretty_name
        components.append(osc)
    refs: list[str] = []
    seen: set[str] = set()
    for p in inv.packages:
        ref = bom_ref(p)
        n = 2
        while ref in seen:  # the same package at two locations: bom-refs must be unique
            ref = f"{bom_ref(p)}#{n}"
            n += 1
        seen.add(ref)
        refs.append(ref)
        components.append(_component(p, ref))
    bom: dict = {
        "$schema": SCHEMA,
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": f"urn:uuid:{uuid.uuid4()}",
        "version": 1,
        "metadata": {
            "timestamp": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            "tools": {"components": [{"type": "application", "name": "dockguard", "version": dockguard.__version__}]},
            "component": root,
        },
        "components": components,
        "dependencies": [{"ref": "target", "dependsOn": refs}] + [{"ref": r} for r in refs],
    }
    if vulnerabilities:
        bom["vulnerabilities"] = vulnerability_entries(vulnerabilities, seen)
    return bom


def _method(vector: str | None) -> str | None:
    if not vector:
        return None
    if vector.startswith("CVSS:3"):
        return "CVSSv31" if vector.startswith("CVSS:3.1") else "CVSSv3"
    if vector.startswith("CVSS:4"):
        return "CVSSv4"
    return None


def vulnerability_entries(matches, refs: set[str]) -> list[dict]:
    """Vulnerabilities (VDR/VEX): ratings, affects, and the analysis of the suppressed ones
    (resolved or not_affected, with the reason or justification as the detail)."""
    out = []
    for n, m in enumerate(matches):
        rating: dict = {"severity": m.severity if m.severity in ("critical", "high", "medium", "low") else "unknown"}
        if m.score is not None:
            rating["score"] = float(m.score)
        method = _method(m.vector)
        if method:
            rating["method"] = method
        if m.vector:
            rating["vector"] = m.vector
        v: dict = {"bom-ref": f"vuln-{n}-{m.id}", "id": m.id, "source": {"name": "OSV"}}
        if m.aliases:
            v["references"] = [{"id": a, "source": {"name": "OSV"}} for a in m.aliases]
        v["ratings"] = [rating]
        if m.summary:
            v["description"] = m.summary
        v["recommendation"] = f"Upgrade {m.package} to {m.fixed}" if m.fixed else "No fixed version yet"
        if m.suppressed:
            s = m.suppressed
            detail = s.get("reason") or s.get("impact_statement") or s.get("justification") or ""
            v["analysis"] = {
                "state": "resolved" if s.get("status") == "fixed" else "not_affected",
                "detail": f"{s.get('by')}: {detail}"[:1000],
            }
        if m.purl in refs:
            v["affects"] = [{"ref": m.purl}]
        out.append(v)
    return out


def render(inv: Inventory, image=None, vulnerabilities=None) -> str:
    return json.dumps(build_bom(inv, image, vulnerabilities), indent=2, ensure_ascii=False) + "\n"
