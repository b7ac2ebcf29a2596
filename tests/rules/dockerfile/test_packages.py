"""Edge cases of the package-manager rules (DG150–DG169): rule, line and message."""

from __future__ import annotations

import pytest

from dockguard.config import Config
from dockguard.engine import Engine
from dockguard.lint import lint_text
from dockguard.rules.loader import load_rules

RULESET = load_rules(("dockerfile",))


def run(text: str, rule: str, **options):
    config = Config()
    if options:
        config.rules[rule] = options
    engine = Engine(RULESET, config, only=[rule])
    return [(f.location.line, f.message) for f in lint_text(engine, text, "Dockerfile") if f.rule_id == rule]


def test_apt_pin_continuation_line_and_ignores_target_release_and_debs():
    text = ("FROM debian:12\n"
            "RUN apt-get update && \\\n"
            "    apt-get install -y -t bookworm-backports \\\n"
            "      curl=7.88.* ./pkg.deb git\n")
    assert run(text, "DG150") == [(3, "apt-get install without a pinned version: git")]
    assert run(text, "DG150", level="exact") == [(3, "apt-get install without an exact pinned version: curl=7.88.*, git")]


def test_apt_pin_variable_is_unknown():
    assert run("FROM debian:12\nRUN apt-get install -y $PACKAGES\n", "DG150") == []


def test_pip_pins():
    text = ("FROM python:3.12\n"
            "RUN pip install --no-cache-dir -r req.txt . git+https://x.org/a.git@v1 'b>=1' c -i https://idx d==2\n"
            "RUN python3 -m pip install --upgrade pip flask\n")
    assert run(text, "DG151") == [(2, "pip install without a pinned version: c"), (3, "pip install without a pinned version: flask")]


def test_npm_and_apk_and_go():
    assert run("FROM node:20\nRUN npm ci && npm i -g @scope/x@latest y@1.2.3\n", "DG152") == [
        (2, "npm install without a pinned version: @scope/x@latest")]
    assert run("FROM alpine:3.20\nRUN apk add -X http://repo -t .deps curl=8.0-r0 ./x.apk bash\n", "DG153") == [
        (2, "apk add without a pinned version: bash")]
    assert run("FROM golang:1.22\nRUN go install a.io/b@latest c.io/d@v1.2.0\n", "DG158") == [
        (2, "go install of a moving version: a.io/b@latest")]


def test_no_install_recommends_flag_after_packages_with_mount():
    text = "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl --no-install-recommends\n"
    assert run(text, "DG160") == []


def test_no_install_recommends_hit_has_unsafe_fix():
    engine = Engine(RULESET, Config(), only=["DG160"])
    [f] = lint_text(engine, "FROM debian:12\nRUN apt-get install -y curl\n", "Dockerfile")
    assert f.location.line == 2 and not f.fix.safe
    assert f.fix.edits[0].text == "RUN apt-get install --no-install-recommends -y curl\n"


@pytest.mark.parametrize("cmd,hit", [
    ("apt-get install curl", True),
    ("apt-get -qq install curl", False),
    ("apt-get install curl -y", False),
    ("apt-get -fmy install curl", False),
    ("yum install -y httpd", False),
    ("yum install httpd", True),
    ("zypper -n install curl", False),
    ("zypper install curl", True),
    ("dnf --assumeyes install x", False),
    ("microdnf install x", False),
])
def test_missing_yes(cmd, hit):
    assert bool(run(f"FROM x\nRUN {cmd}\n", "DG161")) is hit


def test_apt_lists_cache_mount_and_heredoc():
    assert run("FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y x\n", "DG162") == []
    text = "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y x\nEOF\n"
    assert run(text, "DG162") == [(3, "apt-get update without removing /var/lib/apt/lists in the same RUN")]


def test_pip_cache_env_and_prefix():
    assert run("FROM python:3\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x==1\n", "DG165") == []
    assert run("FROM python:3\nRUN PIP_NO_CACHE_DIR=1 pip install x==1\n", "DG165") == []
    assert run("FROM python:3\nRUN pip3 install x==1\n", "DG165") == [(2, "pip install without --no-cache-dir: x==1")]


def test_update_alone_semicolon_and_order():
    assert run("FROM debian:12\nRUN apt-get update ; apt-get install -y x\n", "DG167") == []
    assert run("FROM debian:12\nRUN apt-get install -y x && apt-get update\n", "DG167") == [
        (2, "`apt-get update` without an install or upgrade after it in the same RUN")]


def test_hadolint_pragma_suppresses_through_peer_mapping():
    text = "FROM debian:12\n# hadolint ignore=DL3014\nRUN apt-get install curl\n"
    assert run(text, "DG161") == []


def test_apt_instead_of_apt_get_fix_only_for_renamable():
    engine = Engine(RULESET, Config(), only=["DG169"])
    f, f2 = lint_text(engine, "FROM debian:12\nRUN apt update && apt install -y x\n", "Dockerfile")
    [g] = lint_text(engine, "FROM debian:12\nRUN apt list --installed\n", "Dockerfile")
    assert f.fix is not None and f2.fix is not None and g.fix is None
    assert f.fix.edits[0].text == "RUN apt-get update && apt install -y x\n"
    assert f2.fix.edits[0].text == "RUN apt update && apt-get install -y x\n"
