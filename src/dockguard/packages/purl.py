"""Package URLs (packageurl-python) for inventory packages."""

from __future__ import annotations

from dockguard.packages.model import Distro, Package

_RPM_NS = {"rhel": "redhat", "centos": "centos", "rocky": "rocky", "almalinux": "almalinux", "fedora": "fedora",
           "ol": "oracle", "amzn": "amazon", "opensuse-leap": "opensuse", "sles": "suse"}


def purl_for(p: Package, distro: Distro | None = None) -> str | None:
    from packageurl import PackageURL

    q: dict[str, str] = {}
    ns = None
    name = p.name
    version = p.version
    if p.type in ("deb", "apk", "rpm"):
        ptype = p.type
        if distro is not None:
            ns = _RPM_NS.get(distro.id, distro.id) if p.type == "rpm" else distro.id
            q["distro"] = distro.label
        elif p.type == "apk":
            ns = "alpine"
        if p.arch:
            q["arch"] = p.arch
        if p.source_name and p.source_name != p.name:
            q["upstream"] = p.source_name if p.type != "rpm" else f"{p.source_name}-{p.source_version}.src.rpm"
        if p.type == "rpm":
            if p.epoch:
                q["epoch"] = str(p.epoch)
            version = version.split(":", 1)[1] if ":" in version and p.epoch else version
    elif p.type == "python":
        ptype = "pypi"
    elif p.type == "npm":
        ptype = "npm"
        if name.startswith("@") and "/" in name:
            ns, name = name.split("/", 1)
    elif p.type == "go":
        ptype = "golang"
        if "/" in name:
            ns, name = name.rsplit("/", 1)
    elif p.type == "maven":
        ptype = "maven"
        ns = p.group
    elif p.type == "cargo":
        ptype = "cargo"
    elif p.type == "gem":
        ptype = "gem"
    else:
        return None
    try:
        return PackageURL(type=ptype, namespace=ns, name=name, version=version, qualifiers=q or None).to_string()
    except ValueError:
        return None
