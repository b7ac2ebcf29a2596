"""Suppressions with an audit trail: an ignore file (reason, expiry) and OpenVEX documents.

Ignore file (YAML or JSON), `.dockguard-vulnignore.yaml`:

    ignore:
      - id: CVE-2023-5363          # a record ID or any alias
        package: openssl           # optional: binary or source package name
        reason: not reachable: we never call EVP_CIPHER_CTX_set_params with custom lengths
        expires: 2026-12-31        # optional: from that day on the entry stops suppressing

OpenVEX (https://openvex.dev/ns/v0.2.0): statements whose `status` is `not_affected` or `fixed`
suppress the matching vulnerability for the products (and subcomponents) they name; the
justification / impact statement is kept on the match.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from dockguard.errors import InputError


@dataclass
class IgnoreEntry:
    id: str
    reason: str
    package: str | None = None
    expires: datetime.date | None = None
    where: str = ""

    def expired(self, today: datetime.date) -> bool:
        return self.expires is not None and today >= self.expires


def _load_doc(path: str):
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
    if path.endswith(".json") or text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except ValueError as exc:
            raise InputError(path, f"not valid JSON ({exc})") from None
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(path, f"not valid YAML ({str(exc).splitlines()[0]})") from None


def load_ignore_file(path: str) -> list[IgnoreEntry]:
    doc = _load_doc(path)
    items = doc.get("ignore") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise InputError(path, "expected `ignore:` with a list of {id, reason, package?, expires?}")
    out = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or not item.get("id"):
            raise InputError(f"{path}: entry {n}", "each entry needs an `id`")
        if not item.get("reason"):
            raise InputError(f"{path}: entry {n} ({item['id']})", "each entry needs a `reason` (the audit trail)")
        exp = item.get("expires")
        if isinstance(exp, str):
            try:
                exp = datetime.date.fromisoformat(exp)
            except ValueError:
                raise InputError(f"{path}: entry {n} ({item['id']})", f"expires {exp!r} is not YYYY-MM-DD") from None
        elif isinstance(exp, datetime.datetime):
            exp = exp.date()
        elif exp is not None and not isinstance(exp, datetime.date):
            raise InputError(f"{path}: entry {n} ({item['id']})", "expires must be a date YYYY-MM-DD")
        out.append(IgnoreEntry(id=str(item["id"]), reason=str(item["reason"]), package=item.get("package"),
                               expires=exp, where=f"{path}: entry {n}"))
    return out


@dataclass
class VexStatement:
    vulns: set[str]
    products: list[str]  # purls / image references / digests; empty = any product
    status: str
    justification: str | None
    impact: str | None
    where: str


def load_openvex(path: str) -> list[VexStatement]:
    doc = _load_doc(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("statements"), list):
        raise InputError(path, "not an OpenVEX document (no `statements`)")
    out = []
    for n, st in enumerate(doc["statements"], 1):
        if not isinstance(st, dict):
            continue
        v = st.get("vulnerability")
        names: set[str] = set()
        if isinstance(v, dict):
            if v.get("name"):
                names.add(str(v["name"]))
            if v.get("@id"):
                names.add(str(v["@id"]).rsplit("/", 1)[-1])
            names.update(str(a) for a in v.get("aliases") or [])
        elif isinstance(v, str):
            names.add(v)
        products = []
        for prod in st.get("products") or []:
            if isinstance(prod, dict):
                if prod.get("@id"):
                    products.append(str(prod["@id"]))
                for sub in prod.get("subcomponents") or []:
                    if isinstance(sub, dict) and sub.get("@id"):
                        products.append(str(sub["@id"]))
                ids = prod.get("identifiers") or {}
                if isinstance(ids, dict) and ids.get("purl"):
                    products.append(str(ids["purl"]))
            elif isinstance(prod, str):
                products.append(prod)
        status = str(st.get("status", ""))
        if status not in ("not_affected", "affected", "fixed", "under_investigation"):
            raise InputError(f"{path}: statement {n}", f"unknown status {status!r}")
        if status == "not_affected" and not (st.get("justification") or st.get("impact_statement")):
            raise InputError(f"{path}: statement {n}", "not_affected needs a justification or an impact_statement")
        out.append(VexStatement(names, products, status, st.get("justification"), st.get("impact_statement"),
                                f"{path}: statement {n}"))
    return out


def _purl_base(purl: str) -> tuple[str, str | None]:
    """(purl without qualifiers/subpath and version, version)."""
    core = purl.split("?", 1)[0].split("#", 1)[0]
    if "@" in core.rsplit("/", 1)[-1]:
        base, _, ver = core.rpartition("@")
        return base.lower(), ver
    return core.lower(), None


def _product_matches(product: str, match, image_refs: set[str]) -> bool:
    if product in image_refs:
        return True
    if product.startswith("pkg:") and match.purl:
        pb, pv = _purl_base(product)
        mb, mv = _purl_base(match.purl)
        if pb.startswith("pkg:oci/"):
            return False
        return pb == mb and (pv is None or pv == mv)
    return False


def apply(matches, *, ignores: list[IgnoreEntry] = (), vex: list[VexStatement] = (), image_refs: set[str] = frozenset(),
          today: datetime.date | None = None) -> tuple[list, list, list[str]]:
    """Split matches into (kept, suppressed) and return notes (expired ignore entries)."""
    today = today or datetime.date.today()
    kept, suppressed, notes = [], [], []
    expired_seen = set()
    for m in matches:
        names = {m.id, *m.aliases, *m.records}
        why = None
        for e in ignores:
            if e.id in names and (e.package is None or e.package in (m.package, m.source_package)):
                if e.expired(today):
                    if e.where not in expired_seen:
                        expired_seen.add(e.where)
                        notes.append(f"{e.where}: ignore entry for {e.id} expired on {e.expires.isoformat()}; "
                                     f"it no longer suppresses (reason was: {e.reason})")
                    continue
                why = {"by": "ignore", "reason": e.reason, "expires": e.expires.isoformat() if e.expires else None,
                       "where": e.where}
                break
        if why is None:
            for st in vex:
                if st.status not in ("not_affected", "fixed") or not (names & st.vulns):
                    continue
                if st.products and not any(_product_matches(p, m, image_refs) for p in st.products):
                    continue
                why = {"by": "vex", "status": st.status, "justification": st.justification,
                       "impact_statement": st.impact, "where": st.where}
                break
        if why is None:
            kept.append(m)
        else:
            m.suppressed = why
            suppressed.append(m)
    return kept, suppressed, notes
