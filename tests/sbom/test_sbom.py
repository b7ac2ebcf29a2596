"""`dockguard sbom`: CycloneDX 1.6 validated against the official schema (cyclonedx-python-lib's
strict validator), SPDX 2.3 validated by spdx-tools (the SPDX project's parser and validator; no
package ships the SPDX 2.3 JSON schema itself)."""

from __future__ import annotations

import json

import pytest

from tests.vulns.test_vulns import run

STATUS = ("Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl (3.0.11-1~deb12u2)\n"
          "Version: 3.0.11-1~deb12u2+b1\nMaintainer: Debian OpenSSL Team\n\n"
          "Package: base-files\nStatus: install ok installed\nArchitecture: amd64\nVersion: 12.4+deb12u5\n")


@pytest.fixture
def rootdir(tmp_path):
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    (root / "var/lib/dpkg").mkdir(parents=True)
    (root / "etc/os-release").write_text('ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')
    (root / "var/lib/dpkg/status").write_text(STATUS)
    (root / "app").mkdir()
    (root / "app/requirements.txt").write_text("requests==2.31.0\n")
    (root / "app/package-lock.json").write_text(json.dumps({"lockfileVersion": 3, "packages": {
        "node_modules/@babel/core": {"version": "7.22.0"}}}))
    return root


def test_cyclonedx_valid_with_purls_and_source_properties(rootdir, tmp_path):
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    out = tmp_path / "bom.json"
    r = run("sbom", str(rootdir), "-o", str(out))
    assert r.exit_code == 0, r.output
    text = out.read_text()
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    doc = json.loads(text)
    assert doc["specVersion"] == "1.6"
    comps = {c["name"]: c for c in doc["components"]}
    ssl = comps["libssl3"]
    assert ssl["purl"] == "pkg:deb/debian/libssl3@3.0.11-1~deb12u2%2Bb1?arch=amd64&distro=debian-12&upstream=openssl"
    props = {p["name"]: p["value"] for p in ssl["properties"]}
    assert props["dockguard:package:source:name"] == "openssl"
    assert props["dockguard:package:source:version"] == "3.0.11-1~deb12u2"
    assert comps["requests"]["purl"] == "pkg:pypi/requests@2.31.0"
    assert comps["@babel/core"]["purl"] == "pkg:npm/%40babel/core@7.22.0"
    assert comps["debian"]["type"] == "operating-system" and comps["debian"]["version"] == "12"


def test_spdx_valid(rootdir, tmp_path):
    from spdx_tools.spdx.parser.parse_anything import parse_file
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    out = tmp_path / "bom.spdx.json"
    r = run("sbom", str(rootdir), "-f", "spdx", "-o", str(out))
    assert r.exit_code == 0, r.output
    messages = validate_full_spdx_document(parse_file(str(out)))
    assert messages == []
    doc = json.loads(out.read_text())
    assert doc["spdxVersion"] == "SPDX-2.3"
    pk = {p["name"]: p for p in doc["packages"]}
    assert pk["libssl3"]["externalRefs"][0]["referenceLocator"].startswith("pkg:deb/debian/libssl3@")
    assert pk["libssl3"]["sourceInfo"] == "built package from: openssl 3.0.11-1~deb12u2"
    rel = {(x["spdxElementId"], x["relationshipType"], x["relatedSpdxElement"]) for x in doc["relationships"]}
    assert ("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Target") in rel
    assert sum(1 for x in rel if x[1] == "CONTAINS") == len(doc["packages"]) - 1


def test_sbom_of_an_image_archive_built_from_layers(tmp_path):
    """A two-layer image: the second layer upgrades libssl3 and deletes a Python package (whiteout)."""
    from dockguard.image.synth import write_docker_archive

    spec = {"layers": [
        {"files": {"etc/os-release": 'ID=debian\nVERSION_ID="12"\n',
                   "var/lib/dpkg/status": STATUS.replace("3.0.11-1~deb12u2", "3.0.11-1~deb12u1"),
                   "usr/lib/python3/dist-packages/gone-1.0.dist-info/METADATA": "Name: gone\nVersion: 1.0\n"}},
        {"files": {"var/lib/dpkg/status": STATUS}, "remove": ["usr/lib/python3/dist-packages/gone-1.0.dist-info"]},
    ]}
    archive = write_docker_archive(spec, str(tmp_path / "img.tar"))
    r = run("sbom", archive)
    assert r.exit_code == 0, r.output
    comps = {c["name"]: c for c in json.loads(r.stdout)["components"]}
    assert comps["libssl3"]["version"] == "3.0.11-1~deb12u2+b1"
    assert "gone" not in comps
    assert json.loads(r.stdout)["metadata"]["component"]["type"] == "container"


def test_sbom_bad_target(tmp_path):
    bad = tmp_path / "x.tar"
    bad.write_bytes(b"not a tar at all")
    r = run("sbom", str(bad))
    assert r.exit_code == 2 and "Traceback" not in r.output
