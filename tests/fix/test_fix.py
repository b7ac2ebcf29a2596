"""`dockguard fix`: edits keep every other byte, --diff writes nothing, unsafe fixes need --unsafe."""

from __future__ import annotations

import os
import stat

from click.testing import CliRunner

from dockguard.commands.fix import command

TRICKY = (
    "# syntax=docker/dockerfile:1\r\n"
    "FROM debian:12\r\n"
    "MAINTAINER Jane <j@x>\r\n"
    "# a comment with apk add x \\\r\n"
    "RUN apt-get update && \\\r\n"
    "    apt-get install curl \\\r\n"
    "      git  # keep me\r\n"
    "RUN apk add bash && apk add zsh\r\n"
    "CMD [\"app\"]"
)


def write(tmp_path, text, mode=0o640):
    path = tmp_path / "Dockerfile"
    path.write_bytes(text.encode())
    os.chmod(path, mode)
    return path


def test_safe_fixes_keep_crlf_comments_and_mode(tmp_path):
    path = write(tmp_path, TRICKY)
    result = CliRunner().invoke(command, [str(path), "--no-color"])
    assert result.exit_code in (0, 1), result.output
    out = path.read_bytes().decode()
    assert out == (
        "# syntax=docker/dockerfile:1\r\n"
        "FROM debian:12\r\n"
        'LABEL maintainer="Jane <j@x>"\r\n'
        "# a comment with apk add x \\\r\n"
        "RUN apt-get update && \\\r\n"
        "    apt-get install -y curl \\\r\n"
        "      git  # keep me\r\n"
        "RUN apk add --no-cache bash && apk add --no-cache zsh\r\n"
        "CMD [\"app\"]"
    )
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["Dockerfile"]  # no temporary file left


def test_unsafe_only_with_flag(tmp_path):
    path = write(tmp_path, "FROM debian:12\nRUN apt-get install -y curl\nCMD app --port 80\n")
    CliRunner().invoke(command, [str(path)])
    assert path.read_text() == "FROM debian:12\nRUN apt-get install -y curl\nCMD app --port 80\n"
    CliRunner().invoke(command, [str(path), "--unsafe"])
    assert path.read_text() == (
        "FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\nCMD [\"app\", \"--port\", \"80\"]\n")


def test_diff_writes_nothing(tmp_path):
    path = write(tmp_path, "FROM alpine:3.20\nRUN apk add curl\n")
    before = path.read_bytes()
    result = CliRunner().invoke(command, [str(path), "--diff"])
    assert result.exit_code == 1
    assert "+RUN apk add --no-cache curl" in result.stdout
    assert path.read_bytes() == before


def test_fix_is_idempotent(tmp_path):
    path = write(tmp_path, TRICKY)
    CliRunner().invoke(command, [str(path)])
    once = path.read_bytes()
    result = CliRunner().invoke(command, [str(path), "--diff"])
    assert path.read_bytes() == once and result.exit_code == 0
