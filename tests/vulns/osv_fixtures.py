"""OSV records in the real schema, written from real advisories' version data.

* DSA-5532-1 (openssl, Debian 12): CVE-2023-5363, fixed in 3.0.11-1~deb12u2.
* DEBIAN-CVE-2026-4438 (glibc, Debian 12): gethostbyaddr DNS backend, fixed in 2.36-9+deb12u14,
  CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N (5.4).
* DEBIAN-CVE-2010-4756 (glibc, Debian 12): glob() DoS, urgency unimportant, no fix (unfixed).
* GHSA-j8r2-6x86-q33q (requests, PyPI): CVE-2023-32681 Proxy-Authorization leak, 2.3.0 <= v < 2.31.0.
* GHSA-v845-jxx5-vc9f (urllib3, PyPI): CVE-2023-43804 Cookie header on redirects, fixed 1.26.17 / 2.0.6.
* GHSA-h5c8-rqwp-cp95 (jinja2, PyPI): CVE-2024-22195 xmlattr XSS, fixed 3.1.3.
* ALPINE-CVE-2023-4408 (bind, Alpine v3.16): fixed 9.16.48-r0.
"""

DSA_5532_1 = {
    "schema_version": "1.6.0", "id": "DSA-5532-1", "modified": "2024-09-01T00:00:00Z",
    "published": "2023-10-24T00:00:00Z", "aliases": ["CVE-2023-5363"],
    "summary": "openssl - security update",
    "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"},
                  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.11-1~deb12u2"}]}]}],
}

DEBIAN_CVE_2026_4438 = {
    "schema_version": "1.6.0", "id": "DEBIAN-CVE-2026-4438", "modified": "2026-04-01T00:00:00Z",
    "published": "2026-03-20T00:00:00Z", "upstream": ["CVE-2026-4438"],
    "details": "Calling gethostbyaddr or gethostbyaddr_r with a configured nsswitch.conf that specifies the "
               "library's DNS backend in the GNU C library version 2.34 to version 2.43 could result in an invalid "
               "DNS hostname being returned to the caller in violation of the DNS specification.",
    "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N"}],
    "affected": [{"package": {"ecosystem": "Debian:12", "name": "glibc"},
                  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.36-9+deb12u14"}]}]}],
}

DEBIAN_CVE_2010_4756 = {
    "schema_version": "1.6.0", "id": "DEBIAN-CVE-2010-4756", "modified": "2026-01-01T00:00:00Z",
    "published": "2011-03-02T00:00:00Z", "upstream": ["CVE-2010-4756"],
    "details": "The glob implementation in the GNU C Library allows remote authenticated users to cause a denial "
               "of service (CPU and memory consumption) via crafted glob expressions.",
    "affected": [{"package": {"ecosystem": "Debian:12", "name": "glibc"},
                  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}],
                  "ecosystem_specific": {"urgency": "unimportant"}}],
}

GHSA_REQUESTS = {
    "schema_version": "1.6.0", "id": "GHSA-j8r2-6x86-q33q", "modified": "2024-06-01T00:00:00Z",
    "published": "2023-05-22T20:36:32Z", "aliases": ["CVE-2023-32681", "PYSEC-2023-74"],
    "summary": "Unintended leak of Proxy-Authorization header in requests",
    "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N"}],
    "affected": [{"package": {"ecosystem": "PyPI", "name": "requests", "purl": "pkg:pypi/requests"},
                  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.3.0"}, {"fixed": "2.31.0"}]}]}],
    "database_specific": {"severity": "MODERATE", "github_reviewed": True},
}

GHSA_URLLIB3 = {
    "schema_version": "1.6.0", "id": "GHSA-v845-jxx5-vc9f", "modified": "2024-06-01T00:00:00Z",
    "published": "2023-10-02T23:04:59Z", "aliases": ["CVE-2023-43804", "PYSEC-2023-192"],
    "summary": "`Cookie` HTTP header isn't stripped on cross-origin redirects",
    "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:H"}],
    "affected": [
        {"package": {"ecosystem": "PyPI", "name": "urllib3"},
         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.26.17"}]}]},
        {"package": {"ecosystem": "PyPI", "name": "urllib3"},
         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.0.0"}, {"fixed": "2.0.6"}]}]},
    ],
    "database_specific": {"severity": "HIGH"},
}

GHSA_JINJA2 = {
    "schema_version": "1.6.0", "id": "GHSA-h5c8-rqwp-cp95", "modified": "2024-06-01T00:00:00Z",
    "published": "2024-01-11T15:20:48Z", "aliases": ["CVE-2024-22195"],
    "summary": "Jinja vulnerable to HTML attribute injection when passing user input as keys to xmlattr filter",
    "affected": [{"package": {"ecosystem": "PyPI", "name": "Jinja2"},
                  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.1.3"}]}],
                  "versions": ["3.1.0", "3.1.1", "3.1.2"]}],
    "database_specific": {"severity": "MODERATE"},
}

ALPINE_BIND = {
    "schema_version": "1.6.0", "id": "ALPINE-CVE-2023-4408", "modified": "2026-03-09T01:23:33Z",
    "published": "2024-02-13T14:15:45Z", "upstream": ["CVE-2023-4408"],
    "affected": [{"package": {"ecosystem": "Alpine:v3.16", "name": "bind"},
                  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "9.16.48-r0"}]}]}],
}

WITHDRAWN = {
    "schema_version": "1.6.0", "id": "GHSA-xxxx-withdrawn", "modified": "2024-01-01T00:00:00Z",
    "withdrawn": "2024-01-02T00:00:00Z",
    "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"},
                  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}],
}

DEBIAN = [DSA_5532_1, DEBIAN_CVE_2026_4438, DEBIAN_CVE_2010_4756]
PYPI = [GHSA_REQUESTS, GHSA_URLLIB3, GHSA_JINJA2, WITHDRAWN]
ALL = DEBIAN + PYPI + [ALPINE_BIND]


def write_zip(path, records) -> str:
    import json
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for r in records:
            zf.writestr(f"{r['id']}.json", json.dumps(r))
    return str(path)
