"""Rule examples of lang `image-vulns` (DG590): a YAML document with the image's `files` and the
`osv` records of a throw-away database; the example's image gets its `vulnerabilities` by the real
catalogers and matcher.

    files:
      etc/os-release: "ID=debian\\nVERSION_ID=\\"12\\"\\n"
      var/lib/dpkg/status: |
        Package: openssl
        ...
    osv:
      - {id: DSA-…, affected: [...]}
"""

from __future__ import annotations

from dockguard.model.image import FileEntry, Image


def image_from_example(code: str) -> Image:
    import yaml

    from dockguard.image.tree import MemoryTree
    from dockguard.packages import catalog
    from dockguard.vulns.db import VulnDB
    from dockguard.vulns.match import match

    doc = yaml.safe_load(code) or {}
    tree = MemoryTree()
    for path, content in (doc.get("files") or {}).items():
        data = content.encode() if isinstance(content, str) else bytes(content)
        tree.add(FileEntry(path=path.strip("/"), type="file", size=len(data)), data)
    image = Image(reference="example:1.0", source="example", path="example:1.0", files=tree)
    inv = catalog(tree, image.reference)
    db = VulnDB(":memory:", create=True)
    try:
        db.import_records(doc.get("osv") or [], "example")
        image.vulnerabilities, _notes = match(inv, db)
    finally:
        db.close()
    return image
