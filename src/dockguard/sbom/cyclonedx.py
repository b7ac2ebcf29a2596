"""CycloneDX 1.6 JSON through cyclonedx-python-lib: components with purls, OS and source-package
properties, and (for `dockguard vulns --format cyclonedx`) vulnerabilities with ratings and VEX analysis."""

from __future__ import annotations

import hashlib

from dockguard.packages.model import Inventory, Package

PROP = "dockguard:"


def bom_ref(p: Package) -> str:
    if p.purl:
        return p.purl
    h = hashlib.sha1("|".join(map(str, p.key())).encode()).hexdigest()[:16]
    return f"pkg-{h}"


def build_bom(inv: Inventory, image=None, vulnerabilities=None):
    from cyclonedx.model import Property
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.license import DisjunctiveLicense, LicenseExpression
    from cyclonedx.model.tool import Tool
    from packageurl import PackageURL

    import dockguard

    bom = Bom()
    bom.metadata.tools.components.add(
        Component(type=ComponentType.APPLICATION, name="dockguard", version=getattr(dockguard, "__version__", "0"))
    )
    target_name = (image.reference if image is not None else inv.target) or "target"
    is_image = image is not None and image.source != "directory"
    root = Component(type=ComponentType.CONTAINER if is_image else ComponentType.FILE, name=target_name,
                     bom_ref="target")
    if is_image and image.digest:
        root.version = image.digest
    bom.metadata.component = root
    if inv.distro is not None:
        d = inv.distro
        osc = Component(type=ComponentType.OPERATING_SYSTEM, name=d.id, version=d.version_id or "",
                        bom_ref=f"os:{d.label}", description=d.pretty_name)
        bom.components.add(osc)
    for p in inv.packages:
        c = Component(type=ComponentType.LIBRARY, name=p.name, version=p.version, bom_ref=bom_ref(p),
                      group=p.group)
        if p.purl:
            try:
                c.purl = PackageURL.from_string(p.purl)
            except ValueError:
                pass
        lic = []
        for text in p.licenses[:3]:
            if " " in text.strip() or "(" in text:
                lic.append(LicenseExpression(text.strip()))
            else:
                lic.append(DisjunctiveLicense(name=text.strip()))
        if lic:
            c.licenses.update(lic[:1] if any(isinstance(x, LicenseExpression) for x in lic) else lic)
        props = [Property(name=PROP + "package:type", value=p.type)]
        if p.is_os and p.source_name:
            props.append(Property(name=PROP + "package:source:name", value=p.source_name))
            props.append(Property(name=PROP + "package:source:version", value=p.source_version or p.version))
        for loc in p.locations[:5]:
            props.append(Property(name=PROP + "location", value=loc))
        c.properties.update(props)
        bom.components.add(c)
        bom.register_dependency(root, [c])
    if vulnerabilities:
        from dockguard.sbom.cdx_vulns import add_vulnerabilities

        add_vulnerabilities(bom, vulnerabilities)
    return bom


def render(inv: Inventory, image=None, vulnerabilities=None) -> str:
    from cyclonedx.output.json import JsonV1Dot6

    bom = build_bom(inv, image, vulnerabilities)
    return JsonV1Dot6(bom).output_as_string(indent=2) + "\n"
