"""The local vulnerability database: OSV records in one portable SQLite file.

Tables: `vulns` (one row per record: aliases and upstream IDs, summary, severity), `affected` (one row per record ×
package: ranges and versions as JSON, indexed by (eco_key, name)), `sources` (what was imported, from
where, when). `eco_key` is the ecosystem as matched: the OSV ecosystem string, except the Red Hat
family's CPE-derived streams which collapse to `Red Hat:<major>`.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import sqlite3
import zipfile
from typing import Iterable, Iterator

from dockguard.errors import InputError
from dockguard.vulns import severity as sev

SCHEMA_VERSION = "1"
DEFAULT_BASE_URL = "https://osv-vulnerabilities.storage.googleapis.com"
_RH_MAJOR = re.compile(r"(?:^|:)(?:rhel_\w+:|enterprise_linux:)?(\d+)(?:[.:]|$)")
_PEP503 = re.compile(r"[-_.]+")


def default_path() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "dockguard", "vulns.db")


def eco_key(ecosystem: str) -> str:
    if ecosystem.startswith("Red Hat:"):
        m = _RH_MAJOR.search(ecosystem[len("Red Hat:"):])
        return f"Red Hat:{m.group(1)}" if m else "Red Hat"
    return ecosystem


def norm_name(ecosystem: str, name: str) -> str:
    if ecosystem == "PyPI":
        return _PEP503.sub("-", name).lower()
    return name


class VulnDB:
    def __init__(self, path: str, create: bool = False):
        self.path = path
        if not create and not os.path.exists(path):
            raise InputError(path, "no vulnerability database: run `dockguard db import PATH` or `dockguard db update`")
        if create:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        try:
            self.con = sqlite3.connect(path)
            self.con.execute("PRAGMA journal_mode=DELETE")  # one portable file, no -wal sidecar
            self._schema()
        except sqlite3.DatabaseError as exc:
            raise InputError(path, f"not a dockguard vulnerability database ({exc})") from None

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _schema(self) -> None:
        self.con.executescript(
            """
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE IF NOT EXISTS sources(ecosystem TEXT PRIMARY KEY, origin TEXT, imported_at TEXT,
                                               records INTEGER);
            CREATE TABLE IF NOT EXISTS vulns(id TEXT PRIMARY KEY, modified TEXT, published TEXT, summary TEXT,
                                             aliases TEXT, cvss TEXT, db_severity TEXT);
            CREATE TABLE IF NOT EXISTS affected(vuln_id TEXT NOT NULL, ecosystem TEXT NOT NULL, eco_key TEXT NOT NULL,
                                                name TEXT NOT NULL, ranges TEXT, versions TEXT, severity TEXT);
            CREATE INDEX IF NOT EXISTS affected_lookup ON affected(eco_key, name);
            CREATE INDEX IF NOT EXISTS affected_vuln ON affected(vuln_id);
            """
        )
        self.con.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        self.con.commit()

    # -- import --------------------------------------------------------------

    def import_records(self, records: Iterable[dict], origin: str) -> dict[str, int]:
        """Upsert OSV records; withdrawn ones are removed. Returns records per ecosystem."""
        counts: dict[str, int] = {}
        cur = self.con.cursor()
        cur.execute("BEGIN")
        vrows, arows, gone = [], [], []
        for rec in records:
            vid = rec.get("id") if isinstance(rec, dict) else None
            if not isinstance(vid, str):
                continue
            gone.append((vid,))
            if rec.get("withdrawn"):
                continue
            cvss = sev.from_cvss(rec.get("severity"))
            dbs = sev.label_of_text((rec.get("database_specific") or {}).get("severity")
                                    if isinstance(rec.get("database_specific"), dict) else None)
            vrows.append((vid, rec.get("modified"), rec.get("published"), (rec.get("summary") or rec.get("details") or "")[:500],
                          json.dumps(list(dict.fromkeys([*(rec.get("aliases") or []), *(rec.get("upstream") or [])]))), json.dumps(cvss) if cvss else None, dbs))
            seen_eco = set()
            for aff in rec.get("affected") or []:
                pkg = aff.get("package") or {}
                eco, name = pkg.get("ecosystem"), pkg.get("name")
                if not isinstance(eco, str) or not isinstance(name, str):
                    continue
                ranges = [r for r in aff.get("ranges") or [] if isinstance(r, dict) and r.get("type") in ("ECOSYSTEM", "SEMVER")]
                versions = aff.get("versions") or []
                if not ranges and not versions:
                    continue
                asev = _affected_severity(aff)
                arows.append((vid, eco, eco_key(eco), norm_name(eco.split(":")[0], name),
                              json.dumps([{"type": r["type"], "events": r.get("events") or []} for r in ranges]),
                              json.dumps(versions) if versions else None, json.dumps(asev) if asev else None))
                if eco not in seen_eco:
                    seen_eco.add(eco)
                    base = eco.split(":")[0] if eco.split(":")[0] in ("PyPI", "npm", "Go", "Maven", "crates.io", "RubyGems") else eco
                    counts[base] = counts.get(base, 0) + 1
            if len(gone) >= 5000:
                self._flush(cur, gone, vrows, arows)
                gone, vrows, arows = [], [], []
        self._flush(cur, gone, vrows, arows)
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        for eco, n in counts.items():
            cur.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)", (eco, origin, now, n))
        self.con.commit()
        return counts

    @staticmethod
    def _flush(cur, gone, vrows, arows) -> None:
        cur.executemany("DELETE FROM affected WHERE vuln_id = ?", gone)
        cur.executemany("DELETE FROM vulns WHERE id = ?", gone)
        cur.executemany("INSERT OR REPLACE INTO vulns VALUES (?, ?, ?, ?, ?, ?, ?)", vrows)
        cur.executemany("INSERT INTO affected VALUES (?, ?, ?, ?, ?, ?, ?)", arows)

    # -- lookup --------------------------------------------------------------

    def affected_rows(self, wanted: dict[str, set[str]]) -> list[tuple]:
        """(vuln_id, ecosystem, eco_key, name, ranges, versions, severity) for {eco_key: {names}}."""
        out = []
        for ek, names in wanted.items():
            names = sorted(names)
            for i in range(0, len(names), 500):
                chunk = names[i:i + 500]
                q = f"SELECT * FROM affected WHERE eco_key = ? AND name IN ({','.join('?' * len(chunk))})"
                out.extend(self.con.execute(q, [ek, *chunk]).fetchall())
        return out

    def vulns(self, ids: Iterable[str]) -> dict[str, dict]:
        ids = sorted(set(ids))
        out = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            q = f"SELECT id, modified, published, summary, aliases, cvss, db_severity FROM vulns WHERE id IN ({','.join('?' * len(chunk))})"
            for row in self.con.execute(q, chunk):
                out[row[0]] = {"id": row[0], "modified": row[1], "published": row[2], "summary": row[3],
                               "aliases": json.loads(row[4] or "[]"), "cvss": json.loads(row[5]) if row[5] else None,
                               "db_severity": row[6]}
        return out

    def status(self) -> dict:
        srcs = [dict(zip(("ecosystem", "origin", "imported_at", "records"), r))
                for r in self.con.execute("SELECT * FROM sources ORDER BY ecosystem")]
        return {
            "path": self.path,
            "size": os.path.getsize(self.path) if os.path.exists(self.path) else 0,
            "records": self.con.execute("SELECT COUNT(*) FROM vulns").fetchone()[0],
            "affected": self.con.execute("SELECT COUNT(*) FROM affected").fetchone()[0],
            "sources": srcs,
        }


def _affected_severity(aff: dict) -> dict | None:
    es = aff.get("ecosystem_specific") if isinstance(aff.get("ecosystem_specific"), dict) else {}
    ds = aff.get("database_specific") if isinstance(aff.get("database_specific"), dict) else {}
    for where, src in ((es, "urgency"), (ds, "urgency"), (es, "severity"), (ds, "severity")):
        lab = sev.label_of_text(where.get(src)) if isinstance(where.get(src), str) else None
        if lab:
            return {"label": lab, "source": f"vendor:{src}", "text": where.get(src)}
    return sev.from_cvss(aff.get("severity"))


# -- reading OSV data ---------------------------------------------------------------

def iter_records(path: str) -> Iterator[dict]:
    """OSV records from an ecosystem all.zip, a directory of JSON (recursive), or one JSON file."""
    if os.path.isdir(path):
        for root, _dirs, files in os.walk(path):
            for f in sorted(files):
                full = os.path.join(root, f)
                if f.endswith(".json"):
                    yield from _records_of(_load(full), full)
                elif f.endswith(".zip"):
                    yield from iter_records(full)
        return
    if not os.path.isfile(path):
        raise InputError(path, "no such file or directory")
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head[:2] == b"PK":
        try:
            zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise InputError(path, f"not a valid zip ({exc})") from None
        with zf:
            yield from iter_zip(zf, path)
        return
    yield from _records_of(_load(path), path)


def iter_zip(zf: zipfile.ZipFile, where: str) -> Iterator[dict]:
    for info in zf.infolist():
        if info.filename.endswith(".json") and not info.is_dir():
            try:
                doc = json.loads(zf.read(info))
            except ValueError as exc:
                raise InputError(f"{where}!{info.filename}", f"not valid JSON ({exc})") from None
            yield from _records_of(doc, f"{where}!{info.filename}")


def _load(path: str):
    try:
        with open(path, "rb") as fh:
            return json.load(fh)
    except ValueError as exc:
        raise InputError(path, f"not valid JSON ({exc})") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None


def _records_of(doc, where: str) -> Iterator[dict]:
    if isinstance(doc, list):
        for d in doc:
            if isinstance(d, dict) and "id" in d:
                yield d
    elif isinstance(doc, dict) and "id" in doc:
        yield doc
    elif isinstance(doc, dict) and isinstance(doc.get("vulns"), list):  # an OSV querybatch-style response
        yield from (d for d in doc["vulns"] if isinstance(d, dict) and "id" in d)
    else:
        raise InputError(where, "not an OSV record (no `id`)")


def download(ecosystem: str, base_url: str = DEFAULT_BASE_URL, timeout: float = 300) -> bytes:
    import urllib.error
    import urllib.parse
    import urllib.request

    url = f"{base_url.rstrip('/')}/{urllib.parse.quote(ecosystem)}/all.zip"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.read()
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"download failed: HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise InputError(url, f"download failed: {getattr(exc, 'reason', exc)}") from None


def update(db: VulnDB, ecosystem: str, base_url: str = DEFAULT_BASE_URL) -> dict[str, int]:
    data = download(ecosystem, base_url)
    url = f"{base_url.rstrip('/')}/{ecosystem}/all.zip"
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(url, "the download is not a zip") from None
    with zf:
        return db.import_records(iter_zip(zf, url), url)
