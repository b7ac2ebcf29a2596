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


def _docker_run(code: str) -> list[tuple[Any, str]]:
    from dockguard.sources.docker_run import extract

    specs, errors = extract(code, "example.sh", kind="shell")
    assert not errors and specs, f"example is not a docker run command: {errors}"
    assert not any(u.startswith("unknown flag") for s in specs for u in s.unresolved), [s.unresolved for s in specs]
    return [(s, "container") for s in specs]


def _compose(code: str) -> list[tuple[Any, str]]:
    from dockguard.sources.compose import load_text

    return [(s, "container") for s in load_text(code, "compose.yaml", env={})]


def _kubernetes(code: str) -> list[tuple[Any, str]]:
    from dockguard.sources.kubernetes import load_text

    return [(s, "container") for s in load_text(code, "manifest.yaml")]


def _engine_api(code: str) -> list[tuple[Any, str]]:
    import json

    from dockguard.sources.engine_api import from_create_body

    return [(from_create_body(json.loads(code)), "container")]


def _image(code: str) -> list[tuple[Any, str]]:
    """A YAML description of an image (see dockguard.image.synth) -> an Image read by the real loader,
    with the secrets engine run over its layers as `dockguard scan` does."""
    import yaml

    from dockguard.image.synth import spec_image
    from dockguard.secrets.engine import default_scanner
    from dockguard.secrets.scan import image_visitor

    spec = yaml.safe_load(code) or {}
    return [(spec_image(spec, visitor=image_visitor(default_scanner())), "image")]


def _image_vulns(code: str) -> list[tuple[Any, str]]:
    """YAML: the image's `files` and the `osv` records of a throw-away database (DG590)."""
    from dockguard.vulns.example import image_from_example

    return [(image_from_example(code), "image")]


PARSERS: dict[str, Callable[[str], list[tuple[Any, str]]]] = {
    "image-vulns": _image_vulns,
    "dockerfile": _dockerfile,
    "image": _image,
    "daemon-json": _daemon_json,
    "docker-run": _docker_run,
    "compose": _compose,
    "kubernetes": _kubernetes,
    "engine-api": _engine_api,
}


def parse_example(lang: str, code: str) -> list[tuple[Any, str]]:
    try:
        parser = PARSERS[lang]
    except KeyError:
        raise AssertionError(f"no example parser for lang {lang!r}; add one to tests/rules/example_parsers.py")
    return parser(code)
