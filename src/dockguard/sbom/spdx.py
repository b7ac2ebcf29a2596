"""SPDX 2.3 JSON, written directly (the document, one package per inventory package, purls as
external references, DESCRIBES / CONTAINS relationships)."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import uuid

from dockguard.packages.model import Inventory, Package

_ID = re.compile(r"[^A-Za-z0-9.-]")


def _spdx_id(p: Package, seen: set[str]) -> str:
    base = "SPDXRef-Package-" + _ID.sub("-", f"{p.type}-{p.group + '-' if p.group else ''}{p.name}-{p.version}")
    if base in seen:
        base += "-" + hashlib.sha1("|".join(map(str, p.key())).encode()).hexdigest()[:8]
    seen.add(base)
    return base


def build(inv: Inventory, image=None, now: datetime.datetime | None = None) -> dict:
    import dockguard

    now = now or datetime.datetime.now(datetime.timezone.utc)
    name = (image.reference if image is not None else inv.target) or "target"
    seed = f"{name}|{image.digest if image is not None and image.digest else ''}|{len(inv.packages)}"
    doc: dict = {
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": name,
        "documentNamespace": f"https://dockguard.invalid/spdx/{_ID.sub('-', name)}-{uuid.uuid5(uuid.NAMESPACE_URL, seed + now.isoformat())}",
        "creationInfo": {
            "created": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "creators": [f"Tool: dockguard-{getattr(dockguard, '__version__', '0')}"],
        },
        "packages": [],
        "relationships": [],
    }
    root = {
        "SPDXID": "SPDXRef-Target",
        "name": name,
        "downloadLocation": "NOASSERTION",
        "filesAnalyzed": False,
        "primaryPackagePurpose": "CONTAINER" if image is not None and image.source != "directory" else "SOURCE",
    }
    if image is not None and image.digest:
        root["versionInfo"] = image.digest
    doc["packages"].append(root)
    doc["relationships"].append({"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES",
                                 "relatedSpdxElement": "SPDXRef-Target"})
    if inv.distro is not None:
        d = inv.distro
        doc["packages"].append({"SPDXID": "SPDXRef-OperatingSystem", "name": d.id, "versionInfo": d.version_id or "",
                                "downloadLocation": "NOASSERTION", "filesAnalyzed": False,
                                "primaryPackagePurpose": "OPERATING-SYSTEM"})
        doc["relationships"].append({"spdxElementId": "SPDXRef-Target", "relationshipType": "CONTAINS",
                                     "relatedSpdxElement": "SPDXRef-OperatingSystem"})
    seen: set[str] = set()
    for p in inv.packages:
        sid = _spdx_id(p, seen)
        pkg = {
            "SPDXID": sid,
            "name": p.name,
            "versionInfo": p.version,
            "downloadLocation": "NOASSERTION",
            "filesAnalyzed": False,
            "licenseConcluded": "NOASSERTION",
            "licenseDeclared": "NOASSERTION",
            "copyrightText": "NOASSERTION",
            "primaryPackagePurpose": "LIBRARY",
        }
        if p.purl:
            pkg["externalRefs"] = [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
                                    "referenceLocator": p.purl}]
        if p.is_os and p.source_name:
            pkg["sourceInfo"] = f"built package from: {p.source_name} {p.source_version or p.version}"
        if p.locations:
            pkg["comment"] = "found in: " + ", ".join(p.locations[:3])
        doc["packages"].append(pkg)
        doc["relationships"].append({"spdxElementId": "SPDXRef-Target", "relationshipType": "CONTAINS",
                                     "relatedSpdxElement": sid})
    return doc


def render(inv: Inventory, image=None) -> str:
    return json.dumps(build(inv, image), indent=2) + "\n"
