"""The OSV database (import, update over HTTP, status), matching semantics, severity, ignore file and
OpenVEX, and the `dockguard vulns` / `db` commands on a directory and on an image archive."""

from __future__ import annotations

import datetime
import functools
import http.server
import json
import threading
import time

import pytest

from dockguard.image.tree import MemoryTree
from dockguard.model.image import FileEntry
from dockguard.packages import catalog
from dockguard.vulns.db import VulnDB, iter_records
from dockguard.vulns.match import affected_by, match
from tests.vulns import osv_fixtures as F

DEBIAN_OS = 'ID=debian\nVERSION_ID="12"\n'


def mem(files):
    t = MemoryTree()
    for path, data in files.items():
        b = data.encode()
        t.add(FileEntry(path=path, type="file", size=len(b)), b)
    return t


def status(*pkgs):
    return "\n".join(f"Package: {n}\nStatus: install ok installed\nArchitecture: amd64\n"
                     + (f"Source: {s}\n" if s else "") + f"Version: {v}\n" for n, v, s in pkgs)


@pytest.fixture
def db(tmp_path):
    d = VulnDB(str(tmp_path / "vulns.db"), create=True)
    d.import_records(F.ALL, "fixtures")
    yield d
    d.close()


class Result:
    def __init__(self, code, out, err):
        self.exit_code, self.stdout, self.stderr = code, out, err
        self.output = out + err


def run(*args):
    """`dockguard ARGS` in-process, through the real entry point (exit codes, error handling)."""
    import contextlib
    import io

    from dockguard.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Result(code, out.getvalue(), err.getvalue())


# -- ranges -------------------------------------------------------------------

@pytest.mark.parametrize("scheme,version,events,versions,expected", [
    ("pep440", "2.30.0", [{"introduced": "2.3.0"}, {"fixed": "2.31.0"}], None, (True, "2.31.0")),
    ("pep440", "2.2.0", [{"introduced": "2.3.0"}, {"fixed": "2.31.0"}], None, (False, None)),
    ("pep440", "2.31.0", [{"introduced": "2.3.0"}, {"fixed": "2.31.0"}], None, (False, None)),
    ("semver", "1.5.0", [{"introduced": "1.0.0"}, {"last_affected": "1.5.0"}], None, (True, None)),
    ("semver", "1.5.1", [{"introduced": "1.0.0"}, {"last_affected": "1.5.0"}], None, (False, None)),
    ("semver", "2.1.0", [{"introduced": "1.0.0"}, {"fixed": "1.2.0"}, {"introduced": "2.0.0"}, {"fixed": "2.2.0"}], None, (True, "2.2.0")),
    ("semver", "1.5.0", [{"introduced": "1.0.0"}, {"fixed": "1.2.0"}, {"introduced": "2.0.0"}, {"fixed": "2.2.0"}], None, (False, None)),
    ("semver", "1.0.0-rc.1", [{"introduced": "0"}, {"fixed": "1.0.0"}], None, (True, "1.0.0")),
    ("dpkg", "2.36-9+deb12u13", [{"introduced": "0"}], None, (True, None)),
    ("pep440", "9.9", [], ["9.9"], (True, None)),
    ("pep440", "3.1.2", [{"introduced": "0"}, {"fixed": "3.1.3"}], ["3.1.0", "3.1.1", "3.1.2"], (True, "3.1.3")),
])
def test_ranges(scheme, version, events, versions, expected):
    ranges = [{"type": "ECOSYSTEM", "events": events}] if events else []
    assert affected_by(scheme, version, ranges, versions) == expected


# -- db -------------------------------------------------------------------------

def test_import_zip_dir_file_and_withdrawn(tmp_path):
    z = F.write_zip(tmp_path / "all.zip", F.DEBIAN)
    d = tmp_path / "dir"
    d.mkdir()
    for r in F.PYPI:
        (d / f"{r['id']}.json").write_text(json.dumps(r))
    one = tmp_path / "one.json"
    one.write_text(json.dumps(F.ALPINE_BIND))
    with VulnDB(str(tmp_path / "v.db"), create=True) as db:
        assert db.import_records(iter_records(z), z) == {"Debian:12": 3}
        assert db.import_records(iter_records(str(d)), str(d)) == {"PyPI": 3}
        assert db.import_records(iter_records(str(one)), str(one)) == {"Alpine:v3.16": 1}
        st = db.status()
        assert st["records"] == 7 and {s["ecosystem"] for s in st["sources"]} == {"Debian:12", "PyPI", "Alpine:v3.16"}
        # withdrawn records are dropped; re-import replaces, never duplicates
        db.import_records(iter_records(z), z)
        assert db.status()["affected"] == 3 + 4 + 1
        assert db.affected_rows({"PyPI": {"jinja2"}})[0][3] == "jinja2"  # PEP 503 name


def test_db_cli_import_status_and_bad_input(tmp_path):
    z = F.write_zip(tmp_path / "all.zip", F.ALL)
    dbp = str(tmp_path / "v.db")
    r = run("db", "import", z, "--db", dbp)
    assert r.exit_code == 0 and "7 records" in r.output
    r = run("db", "status", "--db", dbp, "--json")
    st = json.loads(r.stdout)
    assert st["records"] == 7 and all(s["age_days"] is not None for s in st["sources"])
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    r = run("db", "import", str(bad), "--db", dbp)
    assert r.exit_code == 2 and "not valid JSON" in r.output
    r = run("db", "status", "--db", str(tmp_path / "missing.db"))
    assert r.exit_code == 2 and "no vulnerability database" in r.output


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


@pytest.fixture
def osv_mirror(tmp_path):
    root = tmp_path / "mirror"
    (root / "Debian:12").mkdir(parents=True)
    (root / "PyPI").mkdir()
    F.write_zip(root / "Debian:12" / "all.zip", F.DEBIAN)
    F.write_zip(root / "PyPI" / "all.zip", F.PYPI)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_db_update_from_a_local_mirror(tmp_path, osv_mirror):
    dbp = str(tmp_path / "v.db")
    r = run("db", "update", "--ecosystem", "Debian:12", "--ecosystem", "PyPI", "--base-url", osv_mirror, "--db", dbp)
    assert r.exit_code == 0, r.output
    assert "Debian:12: 3 records" in r.output and "PyPI: 3 records" in r.output
    # a second update without --ecosystem refreshes what is there
    r = run("db", "update", "--base-url", osv_mirror, "--db", dbp)
    assert r.exit_code == 0 and "PyPI: 3 records" in r.output
    r = run("db", "update", "--ecosystem", "npm", "--base-url", osv_mirror, "--db", dbp)
    assert r.exit_code == 2 and "HTTP 404" in r.output


# -- matching ----------------------------------------------------------------------

def test_os_by_source_package_and_unfixed_and_severity(db):
    tree = mem({"etc/os-release": DEBIAN_OS, "var/lib/dpkg/status": status(
        ("libssl3", "3.0.11-1~deb12u1", "openssl"), ("openssl", "3.0.11-1~deb12u2", None),
        ("libc6", "2.36-9+deb12u13", "glibc"), ("libc-bin", "2.36-9+deb12u13", "glibc"))})
    ms, notes = match(catalog(tree), db)
    got = {(m.package, m.id, m.fixed, m.severity) for m in ms}
    assert got == {
        ("libssl3", "CVE-2023-5363", "3.0.11-1~deb12u2", "unknown"),
        ("libc6", "CVE-2026-4438", "2.36-9+deb12u14", "medium"),
        ("libc-bin", "CVE-2026-4438", "2.36-9+deb12u14", "medium"),
        ("libc6", "CVE-2010-4756", None, "low"),
        ("libc-bin", "CVE-2010-4756", None, "low"),
    }
    glibc = next(m for m in ms if m.id == "CVE-2026-4438" and m.package == "libc6")
    assert glibc.score == 5.4 and glibc.severity_source == "CVSS_V3" and glibc.records == ["DEBIAN-CVE-2026-4438"]
    assert glibc.source_package == "glibc"
    unfixed = next(m for m in ms if m.id == "CVE-2010-4756" and m.package == "libc6")
    assert unfixed.severity_source == "vendor:urgency"
    assert not notes


def test_other_release_not_matched(db):
    tree = mem({"etc/os-release": 'ID=debian\nVERSION_ID="11"\n',
                "var/lib/dpkg/status": status(("libssl3", "3.0.11-1~deb12u1", "openssl"))})
    assert match(catalog(tree), db)[0] == []


def test_language_packages_and_aliases(db):
    tree = mem({
        "app/site-packages/requests-2.30.0.dist-info/METADATA": "Name: requests\nVersion: 2.30.0\n",
        "app/site-packages/urllib3-2.0.5.dist-info/METADATA": "Name: urllib3\nVersion: 2.0.5\n",
        "app/site-packages/Jinja2-3.1.3.dist-info/METADATA": "Name: Jinja2\nVersion: 3.1.3\n",
    })
    ms, _ = match(catalog(tree), db)
    got = {(m.package, m.id, m.fixed, m.severity) for m in ms}
    assert got == {("requests", "CVE-2023-32681", "2.31.0", "medium"), ("urllib3", "CVE-2023-43804", "2.0.6", "medium")}
    req = next(m for m in ms if m.package == "requests")
    assert set(req.aliases) == {"GHSA-j8r2-6x86-q33q", "PYSEC-2023-74"}
    assert req.score == 6.1 and req.vector.startswith("CVSS:3.1/AV:N/AC:H")


def test_alpine_apk_origin(db):
    tree = mem({"etc/os-release": 'ID=alpine\nVERSION_ID=3.16.9\n',
                "lib/apk/db/installed": "P:bind-libs\nV:9.16.47-r0\no:bind\n\nP:bind-tools\nV:9.16.48-r0\no:bind\n"})
    ms, _ = match(catalog(tree), db)
    assert [(m.package, m.id, m.fixed) for m in ms] == [("bind-libs", "CVE-2023-4408", "9.16.48-r0")]


def test_matching_speed_500_packages_against_a_large_db(tmp_path):
    """500 installed packages against ~60k synthetic Debian + PyPI records: under a second."""
    import random

    rnd = random.Random(1)
    recs = []
    for i in range(40000):
        recs.append({"id": f"DEBIAN-CVE-2099-{i}", "modified": "2024-01-01T00:00:00Z",
                     "affected": [{"package": {"ecosystem": "Debian:12", "name": f"src{rnd.randint(0, 3000)}"},
                                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": f"1.{rnd.randint(0, 20)}-{rnd.randint(1, 5)}+deb12u{rnd.randint(1, 9)}"}]}]}]})
    for i in range(20000):
        recs.append({"id": f"GHSA-synt-{i}", "modified": "2024-01-01T00:00:00Z",
                     "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                     "affected": [{"package": {"ecosystem": "PyPI", "name": f"py{rnd.randint(0, 8000)}"},
                                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": f"{rnd.randint(0, 5)}.{rnd.randint(0, 30)}"}]}]}]})
    with VulnDB(str(tmp_path / "big.db"), create=True) as db:
        db.import_records(recs, "synthetic")
    lines = [("pkg%d" % i, f"1.{i % 20}-1+deb12u{i % 9}", f"src{i * 7 % 3000}") for i in range(400)]
    files = {"etc/os-release": DEBIAN_OS, "var/lib/dpkg/status": status(*lines)}
    for i in range(100):
        files[f"app/site-packages/py{i * 13}-1.0.dist-info/METADATA"] = f"Name: py{i * 13}\nVersion: {i % 5}.{i % 30}\n"
    inv = catalog(mem(files))
    assert len(inv.packages) == 500
    from dockguard.vulns import versions

    versions.key.cache_clear()
    with VulnDB(str(tmp_path / "big.db")) as db:
        t = time.perf_counter()
        ms, _ = match(inv, db)
        elapsed = time.perf_counter() - t
    assert ms and elapsed < 1.0, elapsed


# -- suppression ---------------------------------------------------------------------

def test_ignore_file_and_vex(tmp_path, db):
    from dockguard.vulns import suppress

    tree = mem({"etc/os-release": DEBIAN_OS, "var/lib/dpkg/status": status(
        ("libssl3", "3.0.11-1~deb12u1", "openssl"), ("libc6", "2.36-9+deb12u13", "glibc")),
        "app/site-packages/requests-2.30.0.dist-info/METADATA": "Name: requests\nVersion: 2.30.0\n"})
    ms, _ = match(catalog(tree), db)
    ign = tmp_path / "ignore.yaml"
    ign.write_text("ignore:\n"
                   "  - id: CVE-2010-4756\n    reason: glob() is never given untrusted patterns\n    expires: 2999-01-01\n"
                   "  - id: DSA-5532-1\n    package: openssl\n    reason: old waiver\n    expires: 2020-01-01\n")
    vex = tmp_path / "vex.json"
    vex.write_text(json.dumps({"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x", "author": "sec", "timestamp": "2024-01-01T00:00:00Z",
                               "version": 1, "statements": [{"vulnerability": {"name": "CVE-2023-32681"},
                                                             "products": [{"@id": "example:1.0", "subcomponents": [{"@id": "pkg:pypi/requests@2.30.0"}]}],
                                                             "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}))
    kept, sup, notes = suppress.apply(ms, ignores=suppress.load_ignore_file(str(ign)), vex=suppress.load_openvex(str(vex)),
                                      image_refs={"example:1.0"}, today=datetime.date(2026, 1, 1))
    assert {m.id for m in kept} == {"CVE-2023-5363", "CVE-2026-4438"}  # the expired waiver no longer suppresses
    assert {(m.id, m.suppressed["by"]) for m in sup} == {("CVE-2010-4756", "ignore"), ("CVE-2023-32681", "vex")}
    vexed = next(m for m in sup if m.suppressed["by"] == "vex")
    assert vexed.suppressed["justification"] == "vulnerable_code_not_in_execute_path"
    assert any("expired on 2020-01-01" in n for n in notes)


def test_ignore_file_needs_a_reason(tmp_path):
    from dockguard.errors import InputError
    from dockguard.vulns import suppress

    p = tmp_path / "i.yaml"
    p.write_text("ignore:\n  - id: CVE-1\n")
    with pytest.raises(InputError, match="reason"):
        suppress.load_ignore_file(str(p))


# -- commands ----------------------------------------------------------------------------

@pytest.fixture
def dbfile(tmp_path):
    z = F.write_zip(tmp_path / "all.zip", F.ALL)
    p = str(tmp_path / "cli.db")
    assert run("db", "import", z, "--db", p).exit_code == 0
    return p


def test_vulns_on_a_directory_formats_and_fail_on(tmp_path, dbfile):
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "requirements.txt").write_text("requests==2.30.0\nurllib3==1.26.5\njinja2==3.1.3\n")
    r = run("vulns", str(proj), "--db", dbfile)
    assert r.exit_code == 1
    assert "requests" in r.output and "2.31.0" in r.output and "CVE-2023-32681" in r.output and "1.26.17" in r.output
    r = run("vulns", str(proj), "--db", dbfile, "--fail-on", "high")
    assert r.exit_code == 0
    r = run("vulns", str(proj), "--db", dbfile, "-f", "json")
    doc = json.loads(r.stdout)
    assert {f["rule"] for f in doc["findings"]} == {"DG590"}
    assert {v["id"] for v in doc["vulnerabilities"]} == {"CVE-2023-32681", "CVE-2023-43804"}
    r = run("vulns", str(proj), "--db", dbfile, "-f", "sarif")
    sarif = json.loads(r.stdout)
    assert {res["ruleId"] for res in sarif["runs"][0]["results"]} == {"DG590"}


def test_vulns_cyclonedx_with_vex_analysis(tmp_path, dbfile):
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "requirements.txt").write_text("requests==2.30.0\nurllib3==1.26.5\n")
    ign = tmp_path / "ig.yaml"
    ign.write_text("ignore:\n  - id: GHSA-v845-jxx5-vc9f\n    reason: we never send cookies\n")
    r = run("vulns", str(proj), "--db", dbfile, "-f", "cyclonedx", "--ignore-file", str(ign))
    assert r.exit_code == 1
    text = r.stdout
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    doc = json.loads(text)
    vulns = {v["id"]: v for v in doc["vulnerabilities"]}
    assert vulns["CVE-2023-43804"]["analysis"]["state"] == "not_affected"
    assert "we never send cookies" in vulns["CVE-2023-43804"]["analysis"]["detail"]
    assert vulns["CVE-2023-32681"]["affects"][0]["ref"] == "pkg:pypi/requests@2.30.0"


def test_vulns_ignore_unfixed_and_missing_db(tmp_path, dbfile):
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    (root / "var/lib/dpkg").mkdir(parents=True)
    (root / "etc/os-release").write_text(DEBIAN_OS)
    (root / "var/lib/dpkg/status").write_text(status(("libc6", "2.36-9+deb12u14", "glibc")))
    r = run("vulns", str(root), "--db", dbfile, "-f", "json")
    assert [v["id"] for v in json.loads(r.stdout)["vulnerabilities"]] == ["CVE-2010-4756"]
    r = run("vulns", str(root), "--db", dbfile, "--ignore-unfixed")
    assert r.exit_code == 0 and "0 vulnerabilities" in r.output
    r = run("vulns", str(root), "--db", str(tmp_path / "none.db"))
    assert r.exit_code == 2 and "dockguard db import" in r.output


@pytest.fixture(scope="session")
def debian_archive(tmp_path_factory):
    from dockguard.packages.archive import write_docker_archive
    from tests.support.images import debootstrap_tarball

    try:
        tarball = debootstrap_tarball()
    except (FileNotFoundError, RuntimeError) as exc:
        pytest.skip(f"no debootstrap rootfs: {exc}")
    return write_docker_archive([str(tarball)], str(tmp_path_factory.mktemp("img") / "debian.tar"))


def test_vulns_and_sbom_on_the_debootstrap_image(debian_archive, dbfile, tmp_path):
    r = run("vulns", debian_archive, "--db", dbfile, "-f", "json")
    doc = json.loads(r.stdout)
    ids = {(v["package"], v["id"]) for v in doc["vulnerabilities"]}
    assert ("libc6", "CVE-2010-4756") in ids  # unfixed in bookworm, urgency unimportant
    glibc = [v for v in doc["vulnerabilities"] if v["id"] == "CVE-2026-4438"]
    from dockguard.vulns.versions import compare

    for v in glibc:  # reported exactly when the installed glibc is older than the fix
        assert compare("dpkg", v["installed"].split("+b")[0], "2.36-9+deb12u14") < 0
    out = tmp_path / "sbom.json"
    r = run("sbom", debian_archive, "-o", str(out))
    assert r.exit_code == 0
    comps = json.loads(out.read_text())["components"]
    assert any(c["name"] == "libc6" and "distro=debian-12" in c["purl"] for c in comps)
