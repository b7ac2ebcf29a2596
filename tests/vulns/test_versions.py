"""Version comparison tables per scheme, with the known-hard cases; univers checked where used."""

import pytest

from dockguard.vulns.versions import compare

CASES = [
    # dpkg: epochs, tildes, revisions, binNMU, letters vs +
    ("dpkg", "1.0~rc1", "1.0", -1), ("dpkg", "1.0~~", "1.0~", -1), ("dpkg", "1:1.0", "2.0", 1),
    ("dpkg", "3.0.11-1~deb12u1", "3.0.11-1~deb12u2", -1), ("dpkg", "3.0.11-1~deb12u2", "3.0.11-1", -1),
    ("dpkg", "2.36-9+deb12u13", "2.36-9+deb12u14", -1), ("dpkg", "1.0-1", "1.0-1+b1", -1),
    ("dpkg", "1.0a", "1.0+", -1), ("dpkg", "1.0", "1.0-0", 0), ("dpkg", "0:1.0-1", "1.0-1", 0),
    ("dpkg", "1.10", "1.9", 1), ("dpkg", "5.2.15-2", "5.2.15-2+b13", -1),
    # apk: suffixes, revisions, letters (apk-tools rules)
    ("apk", "1.2.0-r0", "1.10.0-r0", -1), ("apk", "1.6-r0", "1.6_rc1-r0", 1), ("apk", "1.0_p1", "1.0", 1),
    ("apk", "1.0_alpha", "1.0_beta", -1), ("apk", "1.0_beta2", "1.0_pre1", -1), ("apk", "1.0_pre1", "1.0_rc1", -1),
    ("apk", "1.0_rc1", "1.0", -1), ("apk", "1.0-r1", "1.0_p1", -1), ("apk", "1.0a", "1.0.1", -1),
    ("apk", "1.0a", "1.0b", -1), ("apk", "3.3.1-r0", "3.3.1-r1", -1), ("apk", "9.16.47-r0", "9.16.48-r0", -1),
    ("apk", "1.0_p1", "1.0_p2", -1),
    # rpm: epochs, tilde, caret, releases
    ("rpm", "1:1.0-1", "2.0-1", 1), ("rpm", "1.0~rc1-1", "1.0-1", -1), ("rpm", "1.0^post-1", "1.0-1", 1),
    ("rpm", "2.20.0-3.el9", "2.20.0-10.el9", -1), ("rpm", "1.0a-1", "1.0-1", 1), ("rpm", "1.0.1-1", "1.0a-1", 1),
    ("rpm", "3.0.7-24.el9", "1:3.0.7-24.el9", -1),
    # PEP 440: pre/post/dev releases, epochs, local versions
    ("pep440", "2.0.0rc1", "2.0.0", -1), ("pep440", "1.0.post1", "1.0", 1), ("pep440", "1!0.1", "2.0", 1),
    ("pep440", "1.0.dev1", "1.0a1", -1), ("pep440", "2.31.0", "2.31", 0), ("pep440", "1.26.17", "1.26.9", 1),
    ("pep440", "1.0+local", "1.0", 1),
    # semver: pre-releases
    ("semver", "1.0.0-rc.1", "1.0.0", -1), ("semver", "1.0.0-alpha.1", "1.0.0-alpha.beta", -1),
    ("semver", "1.0.0-rc.2", "1.0.0-rc.10", -1), ("semver", "1.0.0-alpha", "1.0.0-alpha.1", -1),
    ("semver", "1.0.0+build.1", "1.0.0", 0), ("semver", "10.0.0", "9.9.9", 1),
    # Go: v prefix, pseudo-versions, +incompatible
    ("go", "v1.2.3", "1.2.4", -1), ("go", "v0.0.0-20210101000000-abcdef123456", "0.1.0", -1),
    ("go", "v2.0.0+incompatible", "2.0.0", 0), ("go", "v0.17.0", "0.9.0", 1),
    # Maven (univers): qualifiers
    ("maven", "1.0-alpha1", "1.0-beta", -1), ("maven", "1.0-SNAPSHOT", "1.0", -1), ("maven", "1.0", "1.0-sp1", -1),
    ("maven", "1.0-rc1", "1.0-SNAPSHOT", -1), ("maven", "2.17.0", "2.15.0", 1), ("maven", "1.0.RELEASE", "1.0", 0),
    ("maven", "2.14.1", "2.14.1.Final", 0),
]


@pytest.mark.parametrize("scheme,a,b,expected", CASES)
def test_compare(scheme, a, b, expected):
    assert compare(scheme, a, b) == expected
    assert compare(scheme, b, a) == -expected


def test_univers_apk_le_is_wrong_ours_is_right():
    """univers#172: AlpineLinuxVersion <= falls back to string order; ours follows apk-tools."""
    from univers.versions import AlpineLinuxVersion

    assert not (AlpineLinuxVersion("1.2.0-r0") <= AlpineLinuxVersion("1.10.0-r0"))  # the known bug
    assert compare("apk", "1.2.0-r0", "1.10.0-r0") < 0


@pytest.mark.parametrize("scheme,cls", [("dpkg", "DebianVersion"), ("rpm", "RpmVersion"), ("pep440", "PypiVersion")])
def test_agrees_with_univers(scheme, cls):
    from univers import versions as uv

    klass = getattr(uv, cls)
    rows = [c for c in CASES if c[0] == scheme and c[3] != 0]
    if scheme == "rpm":  # univers' RpmVersion has no caret support
        rows = [c for c in rows if "^" not in c[1] + c[2]]
    for _s, a, b, expected in rows:
        got = -1 if klass(a) < klass(b) else 1
        assert got == expected, (a, b)


def test_speed_dpkg():
    import random
    import time

    from dockguard.vulns.versions import key

    vs = [f"{random.randint(0, 2)}:{random.randint(1, 9)}.{random.randint(0, 30)}-{random.randint(1, 9)}+deb12u{i}" for i in range(20000)]
    t = time.perf_counter()
    sorted(vs, key=lambda v: key("dpkg", v))
    assert time.perf_counter() - t < 3.0
