"""How the rule-example tests read an example: its `lang` -> the models it yields.

Each parser takes the example's code and returns a list of (model, kind) pairs; the test runs the
rule over each model of the rule's kind.
"""

from __future__ import annotations

from typing import Any, Callable


def _dockerfile(code: str) -> list[tuple[Any, str]]:
    from dockguard.sources.dockerfile import parse

    return [(parse(code, "Dockerfile"), "dockerfile")]


def _daemon_json(code: str) -> list[tuple[Any, str]]:
    """daemon.json text, then optional `$ dockerd …`, `$ info {…}`, `$ version {…}`, `$ host {…}` lines."""
    from dockguard.sources.host import from_example

    return [(from_example(code), "host")]


PARSERS: dict[str, Callable[[str], list[tuple[Any, str]]]] = {
    "dockerfile": _dockerfile,
    "daemon-json": _daemon_json,
}


def parse_example(lang: str, code: str) -> list[tuple[Any, str]]:
    try:
        parser = PARSERS[lang]
    except KeyError:
        raise AssertionError(f"no example parser for lang {lang!r}; add one to tests/rules/example_parsers.py")
    return parser(code)
