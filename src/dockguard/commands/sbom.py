"""`dockguard sbom TARGET`: the packages of an image or directory as CycloneDX 1.6 or SPDX 2.3 JSON."""

from __future__ import annotations

import sys

import click


@click.command(name="sbom")
@click.argument("target")
@click.option("-f", "--format", "fmt", type=click.Choice(["cyclonedx", "spdx"]), default="cyclonedx",
              show_default=True, help="SBOM format (JSON).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the SBOM to this file.")
@click.option("--source", type=click.Choice(["auto", "archive", "daemon", "registry", "dir"]), default="auto",
              show_default=True, help="Where TARGET is (auto: a plain directory is read as files and lock files).")
@click.option("--platform", help="os/arch[/variant] to pick from a multi-platform image.")
@click.option("--insecure-registry", multiple=True, help="A registry (host:port) reached over plain HTTP.")
def command(target, fmt, output, source, platform, insecure_registry):
    """Write the software bill of materials of an image or a directory."""
    from dockguard.commands.common import _write_atomic
    from dockguard.packages import catalog
    from dockguard.packages.target import open_target
    from dockguard.sbom import render

    images = open_target(target, source=source, platform=platform, insecure=insecure_registry)
    if len(images) > 1:
        click.echo(f"dockguard: {target}: {len(images)} images; writing the SBOM of the first "
                   f"({', '.join(images[0].tags) or images[0].digest})", err=True)
    image = images[0]
    inv = catalog(image.files, image.path)
    for err in image.errors + inv.errors:
        click.echo(f"dockguard: {target}: {err}", err=True)
    text = render(fmt, inv, image)
    if output:
        _write_atomic(output, text)
    else:
        sys.stdout.write(text)
