"""`dockguard scan IMAGE…`: an image's config, files and secrets, from any image source.

IMAGE is a `docker save` / `podman save` tarball, an OCI layout (directory or tar), an image in the
local daemon (name or ID), or a registry reference. The source is detected (an existing path is an
archive; otherwise the daemon is asked, then the registry) or forced with `--source`.
"""

from __future__ import annotations

import os
import sys

import click

from dockguard.commands.common import fail_threshold, finish, load_config_for, output_options

SCAN_KEYS = {"platform": str, "insecure_registries": list, "max_layer_size": int, "max_ratio": int, "secrets": bool}


@click.command(name="scan")
@click.argument("images", nargs=-1, required=True)
@output_options
@click.option("--source", type=click.Choice(["auto", "archive", "daemon", "registry"]), default="auto",
              show_default=True, help="Where IMAGE is.")
@click.option("--platform", help="os/arch[/variant] to pick from a multi-platform image (default: the host's).")
@click.option("--insecure-registry", multiple=True, help="A registry (host:port) reached over plain HTTP (repeatable).")
@click.option("--no-secrets", is_flag=True, help="Do not run the secrets engine over the layers.")
@click.option("-r", "--rule", "only", multiple=True, help="Run only this rule (repeatable; peer IDs work too).")
@click.option("--ignore", multiple=True, help="Ignore this rule (repeatable; peer IDs work too).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
def command(images, fmt, output, fail_on, config_path, no_color, source, platform, insecure_registry, no_secrets,
            only, ignore, progress):
    """Scan images: config, files and secrets in every layer."""
    from dockguard.engine import Engine
    from dockguard.errors import DockguardError
    from dockguard.image.layers import Limits
    from dockguard.report import Report
    from dockguard.rules.loader import load_rules

    config = load_config_for(config_path, [i for i in images if os.path.exists(i)])
    config.ignore += list(ignore)
    section = config.section("scan", SCAN_KEYS)
    platform = platform or section.get("platform")
    insecure = list(insecure_registry) + list(section.get("insecure_registries", []))
    limits = Limits()
    if "max_layer_size" in section:
        limits.max_layer_bytes = section["max_layer_size"]
    if "max_ratio" in section:
        limits.max_ratio = section["max_ratio"]
    visitor = None
    if not no_secrets and section.get("secrets", True):
        from dockguard.secrets.engine import SecretScanner
        from dockguard.secrets.scan import image_visitor

        visitor = image_visitor(SecretScanner.from_config(config))
    ruleset = load_rules(("image",))
    engine = Engine(ruleset, config, only=only or None)
    show = progress if progress is not None else (sys.stderr.isatty() and fmt == "text" or (sys.stderr.isatty() and output))
    findings, errors, scanned = [], [], []
    for ref in images:
        try:
            loaded = load_image(ref, source, platform=platform, insecure=insecure, visitor=visitor, limits=limits,
                                show_progress=bool(show))
        except DockguardError as exc:
            errors.append((ref, getattr(exc, "message", str(exc))))
            continue
        for image in loaded:
            findings += engine.check(image, "image", image.path)
            scanned.append(image.path if len(loaded) == 1 else f"{image.path} ({', '.join(image.tags) or image.digest})")
    report = Report("scan", findings, rules=ruleset, errors=errors, scanned=scanned)
    raise SystemExit(finish(report, fmt, output, fail_threshold(fail_on, config), no_color))


def detect_source(ref: str) -> str:
    if os.path.exists(ref):
        return "archive"
    return "daemon-or-registry"


def load_image(ref: str, source: str = "auto", *, platform=None, insecure=(), visitor=None, limits=None,
               show_progress: bool = False):
    """Load the image(s) named by `ref` from the given (or detected) source."""
    from dockguard.errors import InputError

    kind = source if source != "auto" else detect_source(ref)
    with _progress(ref, show_progress) as report:
        if kind == "archive":
            from dockguard.sources.image_archive import load_archive

            if not os.path.exists(ref):
                raise InputError(ref, "no such file or directory")
            return load_archive(ref, platform=platform, visitor=visitor, limits=limits, progress=report)
        if kind == "daemon":
            from dockguard.sources.image_daemon import load_daemon

            return load_daemon(ref, visitor=visitor, limits=limits, progress=report, platform=platform)
        if kind == "registry":
            from dockguard.sources.image_registry import load_registry

            return load_registry(ref, platform=platform, insecure=insecure, visitor=visitor, limits=limits,
                                 progress=report)
        # auto, not a path: the local daemon first, then the registry
        from dockguard.sources.image_daemon import load_daemon
        from dockguard.sources.image_registry import load_registry

        try:
            return load_daemon(ref, visitor=visitor, limits=limits, progress=report, platform=platform)
        except InputError as daemon_error:
            try:
                return load_registry(ref, platform=platform, insecure=insecure, visitor=visitor, limits=limits,
                                     progress=report)
            except InputError as registry_error:
                raise InputError(ref, f"not a file; daemon: {daemon_error.message}; registry: "
                                      f"{registry_error.message}") from None


class _progress:
    """A rich progress bar on stderr, advanced per layer; a no-op when off."""

    def __init__(self, ref: str, on: bool):
        self.ref = ref
        self.on = on
        self.bar = None
        self.task = None

    def __enter__(self):
        if not self.on:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} layers"),
                            TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self.bar.start()
        self.task = self.bar.add_task(f"scan {self.ref}", total=None)

        def report(i: int, n: int, desc) -> None:
            self.bar.update(self.task, completed=i, total=n or None)

        return report

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False
