"""Version comparison per scheme: dpkg, apk, rpm, PEP 440, semver (npm, crates.io), Go, Maven, gem.

`key(scheme, version)` returns a sort key (cached); `compare(scheme, a, b)` returns -1/0/1. dpkg, apk,
rpm, semver and Go are implemented here (apk after apk-tools: univers' apk `<=`/`>=` are wrong,
univers#172); PEP 440 uses `packaging`; Maven and RubyGems use `univers`.
"""

from __future__ import annotations

import re
from functools import lru_cache, total_ordering

# OSV ecosystem (prefix before ":") -> scheme
ECOSYSTEM_SCHEME = {
    "Debian": "dpkg", "Ubuntu": "dpkg",
    "Alpine": "apk", "Wolfi": "apk", "Chainguard": "apk",
    "Red Hat": "rpm", "Rocky Linux": "rpm", "AlmaLinux": "rpm", "SUSE": "rpm", "openSUSE": "rpm",
    "Mageia": "rpm", "openEuler": "rpm", "Photon OS": "rpm",
    "PyPI": "pep440", "npm": "semver", "crates.io": "semver", "Go": "go", "Maven": "maven",
    "RubyGems": "gem", "NuGet": "semver", "Hex": "semver", "Pub": "semver", "Packagist": "generic",
}


def scheme_for(ecosystem: str) -> str:
    return ECOSYSTEM_SCHEME.get(ecosystem.split(":", 1)[0], "generic")


# -- dpkg ------------------------------------------------------------------

def _dpkg_order(c: str) -> int:
    if c == "~":
        return -1
    if c.isdigit():
        return 0
    if c.isalpha():
        return ord(c)
    return ord(c) + 256


@total_ordering
class _DpkgPart:
    __slots__ = ("s",)

    def __init__(self, s: str):
        self.s = s

    def __eq__(self, other):
        return _verrevcmp(self.s, other.s) == 0

    def __lt__(self, other):
        return _verrevcmp(self.s, other.s) < 0


def _verrevcmp(a: str, b: str) -> int:
    i = j = 0
    la, lb = len(a), len(b)
    while i < la or j < lb:
        first_diff = 0
        while (i < la and not a[i].isdigit()) or (j < lb and not b[j].isdigit()):
            ac = _dpkg_order(a[i]) if i < la else 0
            bc = _dpkg_order(b[j]) if j < lb else 0
            if ac != bc:
                return ac - bc
            i += 1
            j += 1
        while i < la and a[i] == "0":
            i += 1
        while j < lb and b[j] == "0":
            j += 1
        while i < la and a[i].isdigit() and j < lb and b[j].isdigit():
            if not first_diff:
                first_diff = ord(a[i]) - ord(b[j])
            i += 1
            j += 1
        if i < la and a[i].isdigit():
            return 1
        if j < lb and b[j].isdigit():
            return -1
        if first_diff:
            return first_diff
    return 0


def _dpkg_key(v: str):
    v = v.strip()
    epoch = 0
    if ":" in v:
        e, _, v = v.partition(":")
        epoch = int(e) if e.isdigit() else 0
    if "-" in v:
        upstream, _, rev = v.rpartition("-")
    else:
        upstream, rev = v, "0"
    return (epoch, _DpkgPart(upstream), _DpkgPart(rev))


# -- rpm -------------------------------------------------------------------

_RPM_SEG = re.compile(r"([A-Za-z]+|\d+|~|\^)")


def rpmvercmp(a: str, b: str) -> int:
    if a == b:
        return 0
    sa, sb = _RPM_SEG.findall(a), _RPM_SEG.findall(b)
    i = 0
    while True:
        ta = sa[i] if i < len(sa) else None
        tb = sb[i] if i < len(sb) else None
        if ta == "~" or tb == "~":
            if ta != "~":
                return 1
            if tb != "~":
                return -1
            i += 1
            continue
        if ta == "^" or tb == "^":
            if ta is None:
                return -1
            if tb is None:
                return 1
            if ta != "^":
                return 1
            if tb != "^":
                return -1
            i += 1
            continue
        if ta is None or tb is None:
            if ta is None and tb is None:
                return 0
            return -1 if ta is None else 1
        if ta.isdigit():
            if not tb.isdigit():
                return 1
            na, nb = int(ta), int(tb)
            if na != nb:
                return -1 if na < nb else 1
        else:
            if tb.isdigit():
                return -1
            if ta != tb:
                return -1 if ta < tb else 1
        i += 1


@total_ordering
class _RpmPart:
    __slots__ = ("s",)

    def __init__(self, s: str):
        self.s = s

    def __eq__(self, other):
        return rpmvercmp(self.s, other.s) == 0

    def __lt__(self, other):
        return rpmvercmp(self.s, other.s) < 0


def _rpm_key(v: str):
    epoch = 0
    if ":" in v:
        e, _, v = v.partition(":")
        epoch = int(e) if e.isdigit() else 0
    ver, sep, rel = v.rpartition("-") if "-" in v else (v, "", "")
    return (epoch, _RpmPart(ver), _RpmPart(rel) if sep else _RpmPart(""))


# -- apk (apk-tools version.c) ---------------------------------------------

_PRE = {"alpha": 0, "beta": 1, "pre": 2, "rc": 3}
_POST = {"cvs": 0, "svn": 1, "git": 2, "hg": 3, "p": 4}
# token ranks, from apk-tools: a longer version is newer unless the extra token is a pre-release
# suffix; when token kinds differ the kind later in (digit, letter, suffix, revision, end) is older.
R_PRE, R_END, R_REV, R_POST, R_LETTER, R_DIGIT = 0, 1, 2, 3, 4, 5
_APK = re.compile(r"^(\d+(?:\.\d+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*)(?:~[0-9a-f]+)?(?:-r(\d+))?$")
_SUF = re.compile(r"_(alpha|beta|pre|rc|cvs|svn|git|hg|p)(\d*)")


def _apk_key(v: str):
    m = _APK.match(v.strip())
    if not m:
        return ((R_END, 0), ("~invalid", v))  # invalid: ordered after nothing in particular, stable
    tokens = []
    for n, part in enumerate(m.group(1).split(".")):
        if n > 0 and len(part) > 1 and part.startswith("0"):
            tokens.append((R_DIGIT, (0, part.rstrip("0") or "0")))  # ".01" compared as a fraction
        else:
            tokens.append((R_DIGIT, (1, int(part))))
    if m.group(2):
        tokens.append((R_LETTER, (0, ord(m.group(2)))))
    for name, num in _SUF.findall(m.group(3) or ""):
        if name in _PRE:
            tokens.append((R_PRE, (_PRE[name], int(num or 0))))
        else:
            tokens.append((R_POST, (_POST[name], int(num or 0))))
    if m.group(4):
        tokens.append((R_REV, (0, int(m.group(4)))))
    tokens.append((R_END, (0, 0)))
    return tuple(tokens)


# -- semver / Go -----------------------------------------------------------

_SEMVER = re.compile(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")


@total_ordering
class _Pre:
    """A semver pre-release: none sorts after any pre-release; identifiers numeric < alphanumeric."""

    __slots__ = ("ids",)

    def __init__(self, text: str | None):
        self.ids = None if text is None else tuple((0, int(x), "") if x.isdigit() else (1, 0, x) for x in text.split("."))

    def __eq__(self, other):
        return self.ids == other.ids

    def __lt__(self, other):
        if self.ids is None:
            return False
        if other.ids is None:
            return True
        return self.ids < other.ids


def _semver_key(v: str):
    v = v.strip()
    if v.startswith("="):
        v = v.lstrip("=")
    v = v.removesuffix("+incompatible")
    m = _SEMVER.match(v)
    if not m:
        return ((-1,), _generic_key(v))
    nums = tuple(int(g or 0) for g in m.group(1, 2, 3, 4))
    return (nums, _Pre(m.group(5)))


# -- PEP 440 ---------------------------------------------------------------

def _pep440_key(v: str):
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(v))
    except InvalidVersion:
        return (0, _generic_key(v))


# -- univers-backed (Maven, RubyGems) -----------------------------------------

_MAVEN_ALIAS = re.compile(r"[.-](release|ga|final)$", re.I)


def _univers_key(cls_name: str):
    def key(v: str):
        from univers import versions as uv

        if cls_name == "MavenVersion":
            v = _MAVEN_ALIAS.sub("", v)  # Maven ComparableVersion: "ga", "final", "release" are ""

        try:
            return (1, getattr(uv, cls_name)(v))
        except Exception:  # univers raises several types for unparsable input
            return (0, _generic_key(v))
    return key


# -- generic ---------------------------------------------------------------

def _generic_key(v: str):
    return tuple((0, int(x), "") if x.isdigit() else (1, 0, x) for x in re.findall(r"\d+|[A-Za-z]+", v))


_KEYS = {
    "dpkg": _dpkg_key, "rpm": _rpm_key, "apk": _apk_key, "semver": _semver_key, "go": _semver_key,
    "pep440": _pep440_key, "maven": _univers_key("MavenVersion"), "gem": _univers_key("RubygemsVersion"),
    "generic": _generic_key,
}


@lru_cache(maxsize=200_000)
def key(scheme: str, version: str):
    return _KEYS.get(scheme, _generic_key)(version)


def compare(scheme: str, a: str, b: str) -> int:
    ka, kb = key(scheme, a), key(scheme, b)
    try:
        return -1 if ka < kb else (1 if ka > kb else 0)
    except TypeError:  # keys of different shapes (an unparsable version against a valid one)
        return -1 if str(a) < str(b) else (1 if str(a) > str(b) else 0)
