"""Catalogers over real and test-built package databases, installed packages and lock files."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import zipfile

import pytest

from dockguard.image.tree import MemoryTree
from dockguard.model.image import FileEntry
from dockguard.packages import catalog
from dockguard.packages.tree import DirectoryTree


def mem(files: dict[str, bytes | str], modes: dict[str, int] | None = None) -> MemoryTree:
    t = MemoryTree()
    for path, data in files.items():
        b = data.encode() if isinstance(data, str) else data
        t.add(FileEntry(path=path, type="file", size=len(b), mode=(modes or {}).get(path, 0o644)), b)
    return t


def by_name(inv, type_=None):
    return {p.name: p for p in inv.packages if type_ is None or p.type == type_}


DEBIAN_OS = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n'


# -- dpkg ---------------------------------------------------------------------

@pytest.fixture(scope="session")
def debian_root(tmp_path_factory):
    from tests.support.images import debootstrap_rootfs

    try:
        return debootstrap_rootfs(tmp_path_factory.mktemp("debian-root"))
    except (FileNotFoundError, RuntimeError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"no debootstrap rootfs: {exc}")


def test_dpkg_real_debootstrap(debian_root):
    inv = catalog(DirectoryTree(str(debian_root)), "debian")
    assert inv.distro.id == "debian" and inv.distro.version_id == "12"
    debs = by_name(inv, "deb")
    status = (debian_root / "var/lib/dpkg/status").read_text()
    installed = {b.split("\n")[0].split(": ", 1)[1] for b in status.split("\n\n") if "Status: install ok installed" in b}
    assert set(debs) == installed
    libc = debs["libc6"]
    assert libc.source_name == "glibc" and libc.version.startswith("2.36-9")
    assert libc.purl.startswith("pkg:deb/debian/libc6@2.36-9") and "distro=debian-12" in libc.purl and "upstream=glibc" in libc.purl
    assert "usr/lib/x86_64-linux-gnu/libc.so.6" in libc.files or any(f.endswith("/libc.so.6") for f in libc.files)
    bash = debs["bash"]  # "Source: bash" absent, binNMU version: source version from the parens or the binary
    assert bash.source_name == "bash"


def test_dpkg_source_with_version_and_status_filter():
    status = (
        "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl (3.0.11-1~deb12u1)\n"
        "Version: 3.0.11-1~deb12u1+b1\n\n"
        "Package: oldpkg\nStatus: deinstall ok config-files\nVersion: 1.0\n\n"
        "Package: tzdata\nStatus: install ok installed\nVersion: 2024a-0+deb12u1\nDescription: time zone\n and more\n"
    )
    inv = catalog(mem({"etc/os-release": DEBIAN_OS, "var/lib/dpkg/status": status,
                       "var/lib/dpkg/info/libssl3:amd64.list": "/.\n/usr/lib/x86_64-linux-gnu/libssl.so.3\n"}))
    debs = by_name(inv)
    assert set(debs) == {"libssl3", "tzdata"}
    assert (debs["libssl3"].source_name, debs["libssl3"].source_version) == ("openssl", "3.0.11-1~deb12u1")
    assert debs["libssl3"].files == ["usr/lib/x86_64-linux-gnu/libssl.so.3"]


def test_dpkg_distroless_status_d():
    inv = catalog(mem({
        "etc/os-release": DEBIAN_OS,
        "var/lib/dpkg/status.d/libssl3": "Package: libssl3\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\nSource: openssl\n",
        "var/lib/dpkg/status.d/libssl3.md5sums": "d41d8cd98f00b204e9800998ecf8427e  usr/lib/x86_64-linux-gnu/libssl.so.3\n",
        "var/lib/dpkg/status.d/base": "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n",
    }))
    debs = by_name(inv)
    assert set(debs) == {"libssl3", "base-files"}
    assert debs["libssl3"].source_name == "openssl" and debs["libssl3"].files == ["usr/lib/x86_64-linux-gnu/libssl.so.3"]


# -- apk ----------------------------------------------------------------------

APK_DB = """C:Q1abc=
P:musl
V:1.2.5-r0
A:x86_64
L:MIT
o:musl
F:lib
R:ld-musl-x86_64.so.1

P:libcrypto3
V:3.3.1-r0
A:x86_64
o:openssl
F:usr/lib
R:libcrypto.so.3
F:usr/lib/python3.12/site-packages/pyfoo-1.0.dist-info
R:METADATA

P:bind-libs
V:9.16.47-r0
o:bind
"""


def test_apk_origin_files_and_owned_python_dropped():
    inv = catalog(mem({
        "etc/os-release": 'ID=alpine\nVERSION_ID=3.16.9\n', "etc/alpine-release": "3.16.9\n",
        "lib/apk/db/installed": APK_DB,
        "usr/lib/python3.12/site-packages/pyfoo-1.0.dist-info/METADATA": "Name: pyfoo\nVersion: 1.0\n",
        "usr/lib/python3.12/site-packages/mine-2.0.dist-info/METADATA": "Name: Mine_Pkg\nVersion: 2.0\n",
    }))
    assert inv.distro.id == "alpine" and inv.distro.version_id == "3.16.9"
    apks = by_name(inv, "apk")
    assert apks["libcrypto3"].source_name == "openssl"
    assert "usr/lib/libcrypto.so.3" in apks["libcrypto3"].files
    assert apks["musl"].purl == "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.16.9"
    py = by_name(inv, "python")
    assert set(py) == {"mine-pkg"}  # pyfoo belongs to libcrypto3's file list -> OS-owned, dropped
    assert inv.dropped == 1


# -- rpm ----------------------------------------------------------------------

SPEC = """Name: tinypkg
Version: 1.2.3
Release: 4.el9
Epoch: 2
Summary: tiny
License: MIT
BuildArch: noarch
%description
tiny
%install
mkdir -p %{buildroot}/usr/share/tiny
echo hi > %{buildroot}/usr/share/tiny/hello.txt
%files
/usr/share/tiny/hello.txt
"""


@pytest.fixture(scope="module")
def rpmdb_sqlite(tmp_path_factory):
    if not shutil.which("rpmbuild") or not shutil.which("rpm"):
        pytest.skip("rpm/rpmbuild not installed (apt-get install rpm)")
    top = tmp_path_factory.mktemp("rpm")
    (top / "SPECS").mkdir()
    (top / "SPECS/tiny.spec").write_text(SPEC)
    subprocess.run(["rpmbuild", "--define", f"_topdir {top}", "-bb", str(top / "SPECS/tiny.spec")], check=True,
                   capture_output=True)
    rpmfile = next((top / "RPMS/noarch").glob("*.rpm"))
    db = top / "db"
    db.mkdir()
    subprocess.run(["rpm", "--define", "_db_backend sqlite", "--dbpath", str(db), "--initdb"], check=True, capture_output=True)
    subprocess.run(["rpm", "--define", "_db_backend sqlite", "--dbpath", str(db), "-i", "--justdb", "--nodeps",
                    "--ignorearch", "--ignoreos", str(rpmfile)], check=True, capture_output=True)
    con = sqlite3.connect(db / "rpmdb.sqlite")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    blob = con.execute("SELECT blob FROM Packages").fetchone()[0]
    con.close()
    return (db / "rpmdb.sqlite").read_bytes(), bytes(blob)


ROCKY_OS = 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\n'


def _check_tiny(inv, where):
    rpms = by_name(inv, "rpm")
    p = rpms["tinypkg"]
    assert (p.version, p.epoch, p.release, p.arch) == ("2:1.2.3-4.el9", 2, "4.el9", "noarch")
    assert p.source_name == "tinypkg" and p.source_version == "2:1.2.3-4.el9"
    assert p.files == ["usr/share/tiny/hello.txt"]
    assert p.locations == [where]
    assert p.purl == "pkg:rpm/rocky/tinypkg@1.2.3-4.el9?arch=noarch&distro=rocky-9.3&epoch=2"


def test_rpm_sqlite_built_by_rpm(rpmdb_sqlite):
    data, _blob = rpmdb_sqlite
    inv = catalog(mem({"etc/os-release": ROCKY_OS, "var/lib/rpm/rpmdb.sqlite": data}))
    _check_tiny(inv, "var/lib/rpm/rpmdb.sqlite")


def ndb_file(blobs: list[bytes]) -> bytes:
    """An NDB Packages.db (rpm's ndb layout: header + slot page, then 16-byte-block blobs)."""
    page = 4096
    out = bytearray(page)
    struct.pack_into("<IIII", out, 0, int.from_bytes(b"RpmP", "little"), 0, 1, 1)
    off_blocks = page // 16
    for i, blob in enumerate(blobs, 1):
        struct.pack_into("<IIII", out, 32 + (i - 1) * 16, int.from_bytes(b"Slot", "little"), i, off_blocks, 0)
        rec = struct.pack("<IIII", int.from_bytes(b"BlbS", "little"), i, 0, len(blob)) + blob
        rec += b"\0" * (-len(rec) % 16)
        out += rec
        off_blocks += len(rec) // 16
    return bytes(out)


def bdb_file(blobs: list[bytes], pagesize: int = 4096) -> bytes:
    """A Berkeley DB hash file as rpm ≤ 4.16 wrote it: a metadata page, one hash page of key/value
    pairs whose values are H_OFFPAGE items pointing at chains of overflow pages."""
    pages = [bytearray(pagesize), bytearray(pagesize)]
    meta = pages[0]
    struct.pack_into("<I", meta, 12, 0x061561)
    struct.pack_into("<I", meta, 20, pagesize)
    meta[25] = 8
    hp = pages[1]
    hp[25] = 13
    entries = []
    free = pagesize
    for i, blob in enumerate(blobs):
        first = len(pages)
        chunks = [blob[j:j + pagesize - 26] for j in range(0, len(blob), pagesize - 26)] or [b""]
        for k, chunk in enumerate(chunks):
            pg = bytearray(pagesize)
            pg[25] = 7
            nxt = first + k + 1 if k + 1 < len(chunks) else 0
            struct.pack_into("<I", pg, 16, nxt)
            struct.pack_into("<H", pg, 22, len(chunk))
            pg[26:26 + len(chunk)] = chunk
            pages.append(pg)
        key = bytes([1]) + struct.pack("<I", i + 1)  # H_KEYDATA item
        free -= len(key)
        hp[free:free + len(key)] = key
        entries.append(free)
        item = bytes([3, 0, 0, 0]) + struct.pack("<II", first, len(blob))
        free -= len(item)
        hp[free:free + len(item)] = item
        entries.append(free)
    struct.pack_into("<H", hp, 20, len(entries))
    for n, off in enumerate(entries):
        struct.pack_into("<H", hp, 26 + n * 2, off)
    struct.pack_into("<I", meta, 32, len(pages) - 1)
    return b"".join(bytes(p) for p in pages)


def test_rpm_ndb_with_real_header(rpmdb_sqlite):
    _data, blob = rpmdb_sqlite
    inv = catalog(mem({"etc/os-release": ROCKY_OS, "usr/lib/sysimage/rpm/Packages.db": ndb_file([blob])}))
    _check_tiny(inv, "usr/lib/sysimage/rpm/Packages.db")


def test_rpm_bdb_with_real_header(rpmdb_sqlite):
    _data, blob = rpmdb_sqlite
    big = blob  # the header spans two overflow pages at pagesize 512
    data = bdb_file([big], pagesize=512)
    inv = catalog(mem({"etc/os-release": ROCKY_OS, "var/lib/rpm/Packages": data}))
    _check_tiny(inv, "var/lib/rpm/Packages")


def test_rpm_garbage_is_an_error_not_a_crash():
    inv = catalog(mem({"var/lib/rpm/Packages": b"\0" * 4096}))
    assert not inv.packages and any("Berkeley" in e for e in inv.errors)


# -- OS release -----------------------------------------------------------------

@pytest.mark.parametrize("files,expected,ecos", [
    ({"etc/os-release": DEBIAN_OS}, ("debian", "12"), ["Debian:12"]),
    ({"usr/lib/os-release": 'ID=ubuntu\nVERSION_ID="22.04"\n'}, ("ubuntu", "22.04"), ["Ubuntu:22.04:LTS", "Ubuntu:Pro:22.04:LTS"]),
    ({"usr/lib/os-release": 'ID=ubuntu\nVERSION_ID="23.10"\n'}, ("ubuntu", "23.10"), ["Ubuntu:23.10"]),
    ({"etc/alpine-release": "3.20.3\n"}, ("alpine", "3.20.3"), ["Alpine:v3.20"]),
    ({"etc/debian_version": "12.7\n"}, ("debian", "12"), ["Debian:12"]),
    ({"etc/redhat-release": "Red Hat Enterprise Linux release 9.4 (Plow)\n"}, ("rhel", "9.4"), ["Red Hat:9"]),
    ({"etc/os-release": 'ID="almalinux"\nVERSION_ID="9.4"\n'}, ("almalinux", "9.4"), ["AlmaLinux:9"]),
])
def test_os_release(files, expected, ecos):
    from dockguard.packages.osrelease import detect, osv_ecosystems

    d = detect(mem(files))
    assert (d.id, d.version_id) == expected
    assert osv_ecosystems(d) == ecos


# -- Python / Node / Java ---------------------------------------------------------

def test_python_installed():
    inv = catalog(mem({
        "usr/local/lib/python3.11/site-packages/requests-2.30.0.dist-info/METADATA":
            "Metadata-Version: 2.1\nName: requests\nVersion: 2.30.0\nLicense: Apache 2.0\n\nbody",
        "usr/local/lib/python3.11/site-packages/Jinja2-3.1.2.dist-info/METADATA": "Name: Jinja2\nVersion: 3.1.2\n",
        "usr/lib/python3/dist-packages/six-1.16.0.egg-info": "Metadata-Version: 1.1\nName: six\nVersion: 1.16.0\n",
        "opt/app/foo.egg-info/PKG-INFO": "Name: foo_bar\nVersion: 0.1\n",
    }))
    py = by_name(inv, "python")
    assert {n: p.version for n, p in py.items()} == {"requests": "2.30.0", "jinja2": "3.1.2", "six": "1.16.0", "foo-bar": "0.1"}
    assert py["jinja2"].purl == "pkg:pypi/jinja2@3.1.2"


def test_node_installed_scoped_and_nested():
    inv = catalog(mem({
        "app/node_modules/lodash/package.json": json.dumps({"name": "lodash", "version": "4.17.20", "license": "MIT"}),
        "app/node_modules/@babel/core/package.json": json.dumps({"name": "@babel/core", "version": "7.22.0"}),
        "app/node_modules/a/node_modules/lodash/package.json": json.dumps({"name": "lodash", "version": "3.10.1"}),
        "app/node_modules/lodash/fp/package.json": json.dumps({"name": "fp-internal", "version": "1.0.0"}),
        "app/package.json": json.dumps({"name": "myapp", "version": "1.0.0"}),
    }))
    got = sorted((p.name, p.version) for p in inv.packages)
    assert got == [("@babel/core", "7.22.0"), ("lodash", "3.10.1"), ("lodash", "4.17.20")]
    assert by_name(inv)["@babel/core"].purl == "pkg:npm/%40babel/core@7.22.0"


def _jar(entries: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, d in entries.items():
            zf.writestr(n, d)
    return buf.getvalue()


def test_java_pom_properties_manifest_nested():
    inner = _jar({"META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties":
                  "groupId=org.apache.logging.log4j\nartifactId=log4j-core\nversion=2.14.1\n"})
    manifest_only = _jar({"META-INF/MANIFEST.MF": "Manifest-Version: 1.0\nImplementation-Title: guava\n"
                                                  "Implementation-Version: 31.1-jre\nImplementation-Vendor-Id: com.google.guava\n"})
    app = _jar({"META-INF/MANIFEST.MF": "Manifest-Version: 1.0\n", "BOOT-INF/lib/log4j-core-2.14.1.jar": inner,
                "BOOT-INF/lib/guava.jar": manifest_only, "BOOT-INF/lib/commons-io-2.11.0.jar": _jar({"x.class": b""})})
    inv = catalog(mem({"opt/app/app.jar": app}))
    got = {(p.group, p.name, p.version) for p in inv.packages}
    assert ("org.apache.logging.log4j", "log4j-core", "2.14.1") in got
    assert ("com.google.guava", "guava", "31.1-jre") in got
    assert (None, "commons-io", "2.11.0") in got  # from the file name
    log4j = next(p for p in inv.packages if p.name == "log4j-core")
    assert log4j.locations == ["opt/app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar"]
    assert log4j.purl == "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"


# -- Go ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def go_binary(tmp_path_factory):
    go = shutil.which("go")
    if not go:
        pytest.skip("golang-go not installed")
    d = tmp_path_factory.mktemp("gobin")
    (d / "go.mod").write_text("module example.com/tiny\n\ngo 1.19\n")
    (d / "main.go").write_text('package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n')
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOCACHE": str(d / ".cache"), "CGO_ENABLED": "0",
           "GOPATH": str(d / "gopath")}
    subprocess.run([go, "build", "-o", str(d / "tiny"), "."], cwd=d, env=env, check=True, capture_output=True)
    version = subprocess.run([go, "env", "GOVERSION"], capture_output=True, text=True, env=env).stdout.strip()
    return (d / "tiny").read_bytes(), version


def test_go_buildinfo_of_a_real_binary(go_binary):
    data, version = go_binary
    inv = catalog(mem({"usr/local/bin/tiny": data}, {"usr/local/bin/tiny": 0o755}))
    got = {p.name: p.version for p in inv.packages}
    assert got["stdlib"] == "v" + version.removeprefix("go")
    # the main module of a local build is "(devel)": not reported as a package
    assert "example.com/tiny" not in got


def test_go_modinfo_deps_and_replace():
    from dockguard.packages.golang import parse_modinfo

    mod = ("path\texample.com/app\nmod\texample.com/app\tv1.0.0\th1:x=\n"
           "dep\tgolang.org/x/net\tv0.7.0\th1:y=\n"
           "dep\tgithub.com/old/lib\tv1.0.0\th1:z=\n=>\tgithub.com/new/lib\tv1.2.0\th1:w=\n"
           "build\tvcs.revision=abc123\n")
    pkgs = parse_modinfo("go1.21.5", mod, "bin/app")
    assert [(p.name, p.version) for p in pkgs] == [
        ("example.com/app", "v1.0.0"), ("golang.org/x/net", "v0.7.0"), ("github.com/new/lib", "v1.2.0"), ("stdlib", "v1.21.5")]
    assert pkgs[1].purl is None  # purls come from the catalog run


# -- lock files ---------------------------------------------------------------------

LOCKS = {
    "requirements.txt": "requests==2.30.0\nurllib3 == 1.26.5 ; python_version > '3'\nflask>=2\n# c\n-r other.txt\nDjango[argon2]==4.2.1 \\\n  --hash=sha256:abc\n",
    "poetry.lock": '[[package]]\nname = "Jinja2"\nversion = "3.1.2"\n\n[[package]]\nname = "markupsafe"\nversion = "2.1.3"\n',
    "uv.lock": 'version = 1\n[[package]]\nname = "myproj"\nversion = "0.1.0"\nsource = { editable = "." }\n\n[[package]]\nname = "idna"\nversion = "3.4"\nsource = { registry = "https://pypi.org/simple" }\n',
    "Pipfile.lock": json.dumps({"default": {"certifi": {"version": "==2023.5.7"}}, "develop": {"pytest": {"version": "==7.4.0"}}}),
    "web/package-lock.json": json.dumps({"lockfileVersion": 3, "packages": {"": {"name": "web"},
        "node_modules/lodash": {"version": "4.17.20"}, "node_modules/@types/node": {"version": "20.1.0", "dev": True},
        "node_modules/a/node_modules/lodash": {"version": "3.10.1"}, "packages/x": {"version": "1.0.0", "link": True}}}),
    "old/package-lock.json": json.dumps({"lockfileVersion": 1, "dependencies": {"minimist": {"version": "1.2.5",
        "dependencies": {"ms": {"version": "2.0.0"}}}}}),
    "y1/yarn.lock": '# yarn lockfile v1\n\n"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":\n  version "7.12.13"\n  resolved "https://x"\n\nlodash@^4.17.15:\n  version "4.17.21"\n',
    "y2/yarn.lock": '__metadata:\n  version: 6\n\n"lodash@npm:^4.17.21":\n  version: 4.17.21\n  resolution: "lodash@npm:4.17.21"\n\n"web@workspace:.":\n  version: 0.0.0-use.local\n',
    "p/pnpm-lock.yaml": "lockfileVersion: '6.0'\npackages:\n  /express@4.18.2:\n    resolution: {integrity: x}\n  /@types/node@20.1.0(typescript@5.0.0):\n    resolution: {integrity: y}\n",
    "p5/pnpm-lock.yaml": "lockfileVersion: 5.4\npackages:\n  /ms/2.1.3:\n    resolution: {integrity: x}\n  /@scope/pkg/1.0.0_react@18.0.0:\n    resolution: {integrity: y}\n",
    "g/go.mod": "module example.com/app\n\ngo 1.21\n\nrequire (\n\tgolang.org/x/net v0.7.0\n\tgithub.com/pkg/errors v0.9.1 // indirect\n)\n\nrequire github.com/old/lib v1.0.0\n\nreplace github.com/old/lib => github.com/new/lib v1.2.0\n",
    "g/go.sum": "golang.org/x/net v0.7.0 h1:x=\ngolang.org/x/net v0.7.0/go.mod h1:y=\n",
    "g2/go.sum": "golang.org/x/text v0.3.7 h1:x=\n",
    "j/pom.xml": """<project xmlns="http://maven.apache.org/POM/4.0.0"><version>1.0</version>
<properties><jackson.version>2.13.0</jackson.version></properties>
<dependencies>
<dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>${jackson.version}</version></dependency>
<dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.1</version><scope>test</scope></dependency>
<dependency><groupId>org.x</groupId><artifactId>managed</artifactId></dependency>
<dependency><groupId>org.x</groupId><artifactId>ranged</artifactId><version>[1.0,2.0)</version></dependency>
</dependencies></project>""",
}


def test_lock_files_in_a_directory(tmp_path):
    for rel, text in LOCKS.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    inv = catalog(DirectoryTree(str(tmp_path)), str(tmp_path))
    got = {(p.type, (p.group + ":" if p.group else "") + p.name, p.version) for p in inv.packages}
    expected = {
        ("python", "requests", "2.30.0"), ("python", "urllib3", "1.26.5"), ("python", "django", "4.2.1"),
        ("python", "jinja2", "3.1.2"), ("python", "markupsafe", "2.1.3"), ("python", "idna", "3.4"),
        ("python", "certifi", "2023.5.7"), ("python", "pytest", "7.4.0"),
        ("npm", "lodash", "4.17.20"), ("npm", "@types/node", "20.1.0"), ("npm", "lodash", "3.10.1"),
        ("npm", "minimist", "1.2.5"), ("npm", "ms", "2.0.0"), ("npm", "@babel/code-frame", "7.12.13"),
        ("npm", "lodash", "4.17.21"), ("npm", "express", "4.18.2"), ("npm", "ms", "2.1.3"), ("npm", "@scope/pkg", "1.0.0"),
        ("go", "golang.org/x/net", "v0.7.0"), ("go", "github.com/pkg/errors", "v0.9.1"), ("go", "github.com/new/lib", "v1.2.0"),
        ("go", "golang.org/x/text", "v0.3.7"),
        ("maven", "com.fasterxml.jackson.core:jackson-databind", "2.13.0"), ("maven", "junit:junit", "4.13.1"),
    }
    assert got == expected
    assert not inv.errors


def test_malformed_lock_is_reported_and_others_still_read(tmp_path):
    (tmp_path / "package-lock.json").write_text("{not json")
    (tmp_path / "requirements.txt").write_text("idna==3.4\n")
    inv = catalog(DirectoryTree(str(tmp_path)))
    assert [(p.name, p.version) for p in inv.packages] == [("idna", "3.4")]
    assert any("package-lock.json" in e for e in inv.errors)
