"""What every checking command shares: output options, the failure threshold, the exit code."""

from __future__ import annotations

import os
import sys
from typing import Callable

import click

from dockguard.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, ConfigError
from dockguard.model.finding import Severity
from dockguard.report import FORMATS, Report, render

SEVERITIES = [s.label for s in Severity]


def output_options(func: Callable) -> Callable:
    """--format, --output, --fail-on, --config, --no-color."""
    func = click.option("--no-color", is_flag=True, help="Plain text even on a terminal.")(func)
    func = click.option(
        "--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file (default: found upward)."
    )(func)
    func = click.option(
        "--fail-on",
        type=click.Choice(SEVERITIES, case_sensitive=False),
        default=None,
        help="Exit 1 when a finding is at or above this severity (default: low, or the config's fail_on).",
    )(func)
    func = click.option(
        "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report to this file."
    )(func)
    func = click.option(
        "-f", "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format."
    )(func)
    return func


def load_config_for(config_path: str | None, paths: list[str]):
    from dockguard.config import load_config

    if config_path:
        return load_config(config_path)
    start = next((p for p in paths if p != "-" and os.path.exists(p)), os.getcwd())
    return load_config(start=start)


def finish(report: Report, fmt: str, output: str | None, fail_on: Severity, no_color: bool = False) -> int:
    """Render and write the report; return the exit code (2 on input errors, 1 on findings)."""
    report.color = fmt == "text" and output is None and not no_color and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    text = render(fmt, report)
    if output:
        _write_atomic(output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    if report.errors:
        return EXIT_USAGE
    if any(f.severity >= fail_on for f in report.findings):
        return EXIT_FINDINGS
    return EXIT_OK


def fail_threshold(cli_value: str | None, config) -> Severity:
    if cli_value:
        return Severity.parse(cli_value)
    return config.fail_on


def _write_atomic(path: str, text: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(directory, f".{os.path.basename(path)}.dockguard-tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the report: {exc.strerror}") from None
