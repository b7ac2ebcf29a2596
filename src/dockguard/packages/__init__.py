"""Installed packages: catalogers over a FileTree (an image's merged tree or a directory).

`catalog(tree)` runs every cataloger and returns an `Inventory` (the OS release, the packages, the
files each OS package owns). One module per ecosystem: dpkg, apk, rpm, osrelease, python, node,
golang, java. See docs/vulns.md for the coverage table.
"""

from dockguard.packages.model import Distro, Inventory, Package

__all__ = ["Distro", "Inventory", "Package", "catalog"]


def catalog(tree, *args, **kwargs):
    from dockguard.packages.collect import catalog as _catalog

    return _catalog(tree, *args, **kwargs)
