"""Match an inventory against the database: OS packages by source name and version against their
release's advisories, language packages by ecosystem; OSV ranges (introduced / fixed /
last_affected) and explicit `versions`; records that alias each other merged per package."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from dockguard.packages.model import Inventory, Package
from dockguard.packages.osrelease import osv_ecosystems
from dockguard.vulns import versions as V
from dockguard.vulns.db import VulnDB, eco_key, norm_name


@dataclass(slots=True)
class VulnMatch:
    id: str  # the ID shown: the CVE when one names it, else the record ID
    package: str  # the installed (binary) package name
    installed: str
    fixed: str | None  # lowest fixed version above the installed one; None = no fix yet
    severity: str  # unknown | low | medium | high | critical
    aliases: list[str] = field(default_factory=list)  # the other IDs (records merged, their aliases)
    records: list[str] = field(default_factory=list)  # OSV record IDs that matched
    ecosystem: str = ""
    source_package: str | None = None
    severity_source: str | None = None
    score: float | None = None
    vector: str | None = None
    summary: str = ""
    purl: str | None = None
    package_type: str = ""
    locations: list[str] = field(default_factory=list)
    suppressed: dict | None = None  # {"by": "ignore"|"vex", "reason"/"justification": …, "statement": …}

    @property
    def unfixed(self) -> bool:
        return self.fixed is None

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in ("id", "package", "installed", "fixed", "severity", "aliases", "records",
                                           "ecosystem", "source_package", "severity_source", "score", "vector",
                                           "summary", "purl", "package_type", "locations")}
        d["status"] = "fixed" if self.fixed else "affected"
        if self.suppressed:
            d["suppressed"] = self.suppressed
        return d


def affected_by(scheme: str, version: str, ranges: list[dict], versions: list[str] | None) -> tuple[bool, str | None]:
    """(affected, fixed-in) of one OSV `affected[]` entry for `version`."""
    if versions and version in versions:
        hit, fixed = True, None
    else:
        hit, fixed = False, None
    for r in ranges:
        events = r.get("events") or []
        state = False
        rng_fixed = None
        # introduced "0" first, then the others in version order (OSV evaluation)
        keyed = []
        for e in events:
            if not isinstance(e, dict) or not e:
                continue
            kind, val = next(iter(e.items()))
            if kind not in ("introduced", "fixed", "last_affected", "limit") or not isinstance(val, str):
                continue
            keyed.append((kind, val))
        keyed.sort(key=lambda kv: (0,) if kv[1] == "0" else (1, V.key(scheme, kv[1])) if _sortable(scheme, kv[1]) else (2,))
        for kind, val in keyed:
            if kind == "introduced":
                if val == "0" or V.compare(scheme, version, val) >= 0:
                    state = True
                    rng_fixed = None
            elif kind == "fixed":
                if V.compare(scheme, version, val) >= 0:
                    state = False
                elif state and rng_fixed is None:
                    rng_fixed = val
            elif kind == "last_affected":
                if V.compare(scheme, version, val) > 0:
                    state = False
        if state:
            if not hit:
                hit, fixed = True, rng_fixed
            elif rng_fixed and (fixed is None or V.compare(scheme, rng_fixed, fixed) > 0):
                fixed = rng_fixed
    return hit, fixed


def _sortable(scheme: str, v: str) -> bool:
    return True


def _queries(inv: Inventory) -> tuple[dict[str, set[str]], list[tuple[Package, str, str, str, str]], list[str]]:
    """{eco_key: {names}} and per package (pkg, eco_key, scheme, name, version)."""
    wanted: dict[str, set[str]] = {}
    plan = []
    notes = []
    os_ecos = osv_ecosystems(inv.distro)
    if any(p.is_os for p in inv.packages) and not os_ecos:
        d = inv.distro
        notes.append(f"OS packages not matched: no advisories known for {d.label if d else 'an unknown OS release'}")
    for p in inv.packages:
        if p.is_os:
            for eco in os_ecos:
                ek = eco_key(eco)
                name = p.match_name
                wanted.setdefault(ek, set()).add(name)
                plan.append((p, ek, V.scheme_for(eco), name, p.match_version))
        elif p.ecosystem:
            eco = p.ecosystem
            name = norm_name(eco, p.match_name)
            version = p.version
            if eco == "Go":
                version = version.removeprefix("v")
            wanted.setdefault(eco, set()).add(name)
            plan.append((p, eco, V.scheme_for(eco), name, version))
    return wanted, plan, notes


def match(inv: Inventory, db: VulnDB) -> tuple[list[VulnMatch], list[str]]:
    wanted, plan, notes = _queries(inv)
    rows = db.affected_rows(wanted)
    by_key: dict[tuple[str, str], list[tuple]] = {}
    for row in rows:
        by_key.setdefault((row[2], row[3]), []).append(row)
    raw: list[tuple[Package, str, str, dict | None, str, str]] = []  # pkg, vuln_id, fixed, sev, eco, ver
    for p, ek, scheme, name, version in plan:
        for vid, eco, _ek, _n, ranges_j, versions_j, sev_j in by_key.get((ek, name), ()):
            hit, fixed = affected_by(scheme, version, json.loads(ranges_j or "[]"), json.loads(versions_j) if versions_j else None)
            if hit:
                raw.append((p, vid, fixed, json.loads(sev_j) if sev_j else None, eco, scheme))
    records = db.vulns({r[1] for r in raw})
    return _merge(raw, records), notes


def _merge(raw, records) -> list[VulnMatch]:
    """One match per (package, vulnerability): records naming the same CVE are merged."""
    groups: dict[tuple, list] = {}
    for item in raw:
        groups.setdefault(id(item[0]), []).append(item)
    out: list[VulnMatch] = []
    for items in groups.values():
        parent: dict[str, str] = {}

        def find(x):
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for _p, vid, *_ in items:
            for alias in [vid, *(records.get(vid, {}).get("aliases") or [])]:
                parent[find(alias)] = find(vid)
        clusters: dict[str, list] = {}
        for item in items:
            clusters.setdefault(find(item[1]), []).append(item)
        for cl in clusters.values():
            out.append(_one(cl, records))
    out.sort(key=lambda m: (m.package, m.installed, m.id))
    return out


_RANK = {"unknown": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


def _one(cluster, records) -> VulnMatch:
    p: Package = cluster[0][0]
    scheme = cluster[0][5]
    ids = sorted({c[1] for c in cluster})
    names = set(ids)
    for vid in ids:
        names.update(records.get(vid, {}).get("aliases") or [])
    cves = sorted(n for n in names if n.startswith("CVE-"))
    primary = cves[0] if len(cves) == 1 else ids[0]
    fixes = [c[2] for c in cluster if c[2]]
    fixed = None
    for f in fixes:
        if fixed is None or V.compare(scheme, f, fixed) > 0:
            fixed = f
    # severity: the vendor's rating of this package, then CVSS, then the record's own label
    label, source, score, vector = "unknown", None, None, None
    for c in cluster:
        s = c[3]
        if s and s.get("source", "").startswith("vendor") and _RANK.get(s["label"], 0) > _RANK.get(label, 0):
            label, source = s["label"], s["source"]
    if label == "unknown":
        for c in cluster:
            s = c[3]
            if s and s.get("score") is not None and (score is None or s["score"] > score):
                label, source, score, vector = s["label"], s["source"], s["score"], s.get("vector")
    best_cvss = None
    for vid in ids:
        cv = records.get(vid, {}).get("cvss")
        if cv and (best_cvss is None or cv["score"] > best_cvss["score"]):
            best_cvss = cv
    if best_cvss:
        if label == "unknown":
            label, source = best_cvss["label"], best_cvss["source"]
        score, vector = score if score is not None else best_cvss["score"], vector or best_cvss["vector"]
    if label == "unknown":
        for vid in ids:
            dbs = records.get(vid, {}).get("db_severity")
            if dbs and _RANK[dbs] > _RANK[label]:
                label, source = dbs, "database_specific"
    summary = next((records[v]["summary"] for v in ids if records.get(v, {}).get("summary")), "")
    return VulnMatch(
        id=primary, package=p.name if p.type != "maven" or not p.group else f"{p.group}:{p.name}",
        installed=p.version, fixed=fixed, severity=label,
        aliases=sorted(names - {primary}), records=ids, ecosystem=cluster[0][4],
        source_package=p.source_name if p.is_os else None, severity_source=source, score=score, vector=vector,
        summary=summary, purl=p.purl, package_type=p.type, locations=list(p.locations[:3]),
    )
