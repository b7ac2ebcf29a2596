"""The non-root user rules and friends (DG100–DG102, DG108–DG110): stages, pragmas, messages."""

from __future__ import annotations

from dockguard.config import Config
from dockguard.model.finding import Severity

from tests.rules.dockerfile.security_support import all_findings, findings, run


def test_root_in_builder_stage_is_fine_final_stage_decides():
    text = ("FROM golang:1.22 AS build\nUSER root\nRUN go build -o /app .\n"
            "FROM alpine:3.20\nCOPY --from=build /app /app\nUSER 10001\n")
    assert run(text, "DG101") == []
    assert run(text, "DG100") == []


def test_root_forms_and_later_non_root():
    for user in ("root", "0", "root:root", "0:0", "root:staff"):
        assert run(f"FROM alpine:3.20\nUSER app\nUSER {user}\n", "DG101") == [
            (3, f"the last USER of the final stage is {user!r}: the container runs as root")]
    assert run("FROM alpine:3.20\nUSER root\nRUN apk add --no-cache curl\nUSER 10001\n", "DG101") == []


def test_user_inherited_through_from_chain():
    text = "FROM alpine:3.20 AS base\nUSER root\nFROM base AS app\nRUN true\n"
    assert run(text, "DG101") == [(2, "the last USER of the final stage is 'root' (inherited from stage 'base'): the container runs as root")]
    assert run(text, "DG100") == []
    text = "FROM alpine:3.20 AS base\nUSER 10001\nFROM base\nRUN true\n"
    assert run(text, "DG101") == [] and run(text, "DG100") == []


def test_target_stage_from_config():
    text = ("FROM alpine:3.20 AS runtime\nUSER root\n"
            "FROM alpine:3.20 AS debug\nUSER 10001\n")
    cfg = Config(target="runtime")
    assert [f.location.line for f in findings(text, "DG101", config=cfg)] == [2]
    assert findings(text, "DG101") == []


def test_no_user_messages_and_exemptions():
    assert run("FROM python:3.12-slim\nCMD [\"python\"]\n", "DG100") == [
        (1, "no USER in the final stage: it runs as the user of python:3.12-slim (root unless that image sets another)")]
    assert run("FROM scratch\nCOPY app /app\n", "DG100") == [(1, "no USER in the final stage: FROM scratch runs as UID 0")]
    assert run("FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n", "DG100") == []
    assert run("FROM alpine:3.20 AS a\nFROM alpine:3.20 AS final\nRUN true\n", "DG100") == [
        (2, "no USER in the final stage 'final': it runs as the user of alpine:3.20 (root unless that image sets another)")]


def test_empty_user():
    assert run("FROM alpine:3.13\nUSER\n", "DG101")[0][0] == 2


def test_non_numeric_user_info():
    found = findings("FROM alpine:3.20\nUSER app:app\n", "DG102")
    assert [(f.location.line, f.message, f.severity) for f in found] == [
        (2, "USER app:app: use the numeric UID so runAsNonRoot can verify it", Severity.INFO)]
    assert run("FROM alpine:3.20\nUSER 10001:app\n", "DG102") == []
    assert run("FROM alpine:3.20\nUSER ${APP_UID}\n", "DG102") == []


def test_hadolint_pragma_suppresses_through_peer_mapping():
    text = "FROM alpine:3.20\n# hadolint ignore=DL3002\nUSER root\n"
    assert run(text, "DG101") == []
    text = "FROM alpine:3.20\n# dockguard ignore=DG101\nUSER root\n"
    assert run(text, "DG101") == []
    text = "FROM alpine:3.20\n# hadolint ignore=DL3004\nUSER root\n"
    assert run(text, "DG101") == [(3, "the last USER of the final stage is 'root': the container runs as root")]


def test_sudo_in_heredoc_sh_c_and_exec_form():
    text = ("FROM debian:12-slim\n"
            "RUN <<EOF\napt-get update\nsudo apt-get install -y curl\nEOF\n"
            "RUN sh -c 'sudo -u app make install'\n"
            "RUN [\"sudo\", \"true\"]\n"
            "RUN apt-get install -y sudo sudoku\n")
    assert [line for line, _ in run(text, "DG108")] == [4, 6, 7]


def test_passwords():
    text = ("FROM ubuntu:24.04\n"
            "RUN echo 'root:toor' | chpasswd\n"
            "RUN chpasswd < input.txt\n"
            "RUN useradd -m -p '$6$abc$def' bob && usermod -p '!' carol\n"
            "RUN passwd -d app\n"
            "RUN chgrp root /etc/passwd\n")
    assert run(text, "DG109") == [
        (2, "password set for root with chpasswd: it stays in the image and its history"),
        (3, "password set with chpasswd: it stays in the image and its history"),
        (4, "useradd -p: a password hash is baked into the image"),
        (5, "passwd -d: the account is left with an empty password"),
    ]
    # the clear-text password never appears in a message
    assert all("toor" not in f.message for f in all_findings(text) if "DG100" <= f.rule_id <= "DG149")


def test_uid0_and_duplicate_uids():
    text = ("FROM debian:12-slim\n"
            "RUN useradd -o -u 0 admin\n"
            "RUN useradd -u 1000 a && useradd --uid=1000 b\n"
            "RUN echo 'toor:x:0:0::/root:/bin/sh' >> /etc/passwd\n")
    found = findings(text, "DG110")
    assert [(f.location.line, f.message, f.severity) for f in found] == [
        (2, "useradd with UID 0: a second root account", Severity.HIGH),
        (3, "useradd: UID 1000 is already used by a user created on line 3", Severity.LOW),
        (4, "a user 'toor' with UID 0 is appended to /etc/passwd", Severity.HIGH),
    ]
