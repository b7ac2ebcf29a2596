"""SBOM writers: CycloneDX 1.6 JSON (validated against the official schema in the tests) and SPDX 2.3 JSON."""

FORMATS = ("cyclonedx", "spdx")


def render(fmt: str, inventory, image=None, vulnerabilities=None) -> str:
    if fmt == "cyclonedx":
        from dockguard.sbom.cyclonedx import render as r

        return r(inventory, image, vulnerabilities)
    if fmt == "spdx":
        from dockguard.sbom.spdx import render as r

        return r(inventory, image)
    raise ValueError(f"unknown SBOM format {fmt!r}")
