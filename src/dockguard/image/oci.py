"""OCI / Docker image metadata: media types, manifest and index walking, platform matching."""

from __future__ import annotations

import json
import platform as _platform
from typing import Any, Callable

from dockguard.errors import InputError

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
INDEX_TYPES = (OCI_INDEX, DOCKER_LIST)
MANIFEST_TYPES = (OCI_MANIFEST, DOCKER_MANIFEST)
ACCEPT = ", ".join([OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST])

_ARCH = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64", "armv7l": "arm",
         "armv6l": "arm", "i386": "386", "i686": "386", "ppc64le": "ppc64le", "s390x": "s390x",
         "riscv64": "riscv64"}


def host_platform() -> str:
    arch = _ARCH.get(_platform.machine().lower(), _platform.machine().lower())
    if arch == "arm64":
        return "linux/arm64/v8"
    if arch == "arm":
        return "linux/arm/v7"
    return f"linux/{arch}"


def parse_platform(text: str) -> tuple[str, str, str | None]:
    parts = text.strip().lower().split("/")
    if len(parts) < 2 or not all(parts):
        raise InputError(text, "a platform is os/arch[/variant], e.g. linux/amd64")
    return parts[0], parts[1], parts[2] if len(parts) > 2 else None


def platform_of(desc: dict[str, Any]) -> str | None:
    p = desc.get("platform")
    if not isinstance(p, dict) or not p.get("os"):
        return None
    out = f"{p.get('os')}/{p.get('architecture')}"
    if p.get("variant"):
        out += f"/{p['variant']}"
    return out


def matches(desc: dict[str, Any], wanted: str) -> bool:
    got = platform_of(desc)
    if got is None:
        return False
    wos, warch, wvar = parse_platform(wanted)
    gos, garch, gvar = parse_platform(got) if got.count("/") >= 1 else (got, "", None)
    if (wos, warch) != (gos, garch):
        return False
    if wvar and gvar and wvar != gvar:
        return False
    return True


def is_attestation(desc: dict[str, Any]) -> bool:
    ann = desc.get("annotations") or {}
    return ann.get("vnd.docker.reference.type") == "attestation-manifest" or platform_of(desc) == "unknown/unknown"


def load_json(raw: bytes, where: str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(where, f"malformed JSON ({exc})") from None


def resolve_manifests(
    index: dict[str, Any], fetch: Callable[[str], bytes], where: str, platform: str | None, depth: int = 0
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Walk an index (nested indexes too) down to image manifests: [(descriptor, manifest JSON)].

    With several platforms, keep the one asked for (default: the host's); single-platform entries
    are all kept (a `docker save` of several images).
    """
    if depth > 8:
        raise InputError(where, "image indexes nested too deeply")
    descs = index.get("manifests")
    if not isinstance(descs, list):
        raise InputError(where, "the image index has no manifest list")
    descs = [d for d in descs if isinstance(d, dict) and not is_attestation(d)]
    platforms = {platform_of(d) for d in descs if platform_of(d)}
    if len(platforms) > 1:
        wanted = platform or host_platform()
        chosen = [d for d in descs if matches(d, wanted)]
        if not chosen:
            raise InputError(where, f"no image for platform {wanted} (has: {', '.join(sorted(platforms))})")
        descs = chosen[:1]
    elif platform and platforms and not any(matches(d, platform) for d in descs):
        raise InputError(where, f"no image for platform {platform} (has: {', '.join(sorted(platforms))})")
    out = []
    for d in descs:
        digest = d.get("digest")
        if not isinstance(digest, str):
            continue
        try:
            raw = fetch(digest)
        except KeyError:
            continue  # a platform whose blobs were not saved
        doc = load_json(raw, f"{where}:{digest}")
        mt = d.get("mediaType") or doc.get("mediaType")
        if mt in INDEX_TYPES or "manifests" in doc:
            out += resolve_manifests(doc, fetch, where, platform, depth + 1)
        else:
            out.append((d, doc))
    return out
