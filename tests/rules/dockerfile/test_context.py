""".dockerignore matching and the whole-context COPY rule (DG134)."""

from __future__ import annotations

import pytest

from dockguard.dockerignore import DockerIgnore
from dockguard.model.finding import Severity

from tests.rules.dockerfile.security_support import findings, run


@pytest.mark.parametrize("patterns,path,excluded", [
    ([".git"], ".git/HEAD", True),
    ([".git/"], ".git/config", True),
    (["/.git"], ".git/HEAD", True),
    (["./.env"], ".env", True),
    ([".env"], "sub/.env", False),
    (["**/.env"], "sub/deep/.env", True),
    (["**/.env"], ".env", True),
    (["*.pem"], "key.pem", True),
    (["*.pem"], "certs/key.pem", False),
    (["**/*.pem"], "certs/key.pem", True),
    (["*", "!src"], "src/app.py", True is False),
    (["*", "!src"], ".git/HEAD", True),
    (["*.md", "!README.md"], "README.md", False),
    (["*.md", "!README.md", "README.md"], "README.md", True),
    (["docs/**/*.md"], "docs/a/b/c.md", True),
    (["docs/**/*.md"], "docs/c.md", True),
    (["id_rsa?"], "id_rsa1", True),
    (["id_rsa?"], "id_rsa", False),
    (["[a-c]at"], "bat", True),
    (["# comment", "", "secret"], "secret/x", True),
    (["\\#file"], "#file", True),
])
def test_matcher(patterns, path, excluded):
    assert DockerIgnore(patterns).excluded(path) is excluded


def test_no_dockerignore(tmp_path):
    text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
    assert run(text, "DG134", context=str(tmp_path)) == [(3, "COPY . copies the whole context and no .dockerignore was found")]


def test_dockerignore_missing_entries(tmp_path):
    (tmp_path / ".dockerignore").write_text("# build context\n.git\nnode_modules\n")
    text = "FROM python:3.12-slim\nCOPY ./ /app/\n"
    found = findings(text, "DG134", context=str(tmp_path), path=str(tmp_path / "Dockerfile"))
    assert [(f.location.line, f.message, f.severity) for f in found] == [
        (2, "COPY ./ copies the whole context and .dockerignore does not exclude: .env, *.pem, *.key, id_rsa, .ssh, .aws", Severity.LOW)]


def test_dockerignore_that_covers_everything(tmp_path):
    (tmp_path / ".dockerignore").write_text(".git\n**/.env\n**/*.pem\n**/*.key\n**/id_rsa*\n**/.ssh\n**/.aws\n")
    assert findings("FROM python:3.12-slim\nCOPY . .\n", "DG134", context=str(tmp_path), path=str(tmp_path / "Dockerfile")) == []


def test_allowlist_dockerignore(tmp_path):
    (tmp_path / ".dockerignore").write_text("*\n!src\n!requirements.txt\n")
    assert findings("FROM python:3.12-slim\nCOPY . .\n", "DG134", context=str(tmp_path), path=str(tmp_path / "Dockerfile")) == []


def test_per_dockerfile_dockerignore(tmp_path):
    df = tmp_path / "app.Dockerfile"
    (tmp_path / "app.Dockerfile.dockerignore").write_text("*\n!src\n")
    assert findings("FROM python:3.12-slim\nCOPY . .\n", "DG134", context=str(tmp_path), path=str(df)) == []


def test_narrow_copies_and_builder_stage(tmp_path):
    assert run("FROM python:3.12-slim\nCOPY src/ /app/src/\nCOPY *.go /src/\n", "DG134", context=str(tmp_path)) == []
    text = "FROM golang:1.22 AS build\nCOPY . /src\nFROM scratch\nCOPY --from=build /src/app /app\n"
    found = findings(text, "DG134", context=str(tmp_path))
    assert [(f.location.line, f.severity) for f in found] == [(2, Severity.LOW)]


def test_builder_copy_carried_into_final_stage(tmp_path):
    text = "FROM python:3.12 AS build\nCOPY . /src\nFROM python:3.12-slim\nCOPY --from=build /src /app\n"
    found = findings(text, "DG134", context=str(tmp_path))
    assert [(f.location.line, f.message, f.severity) for f in found] == [
        (2, "COPY . copies the whole context and no .dockerignore was found (and line 4 copies it into the shipped stage)",
         Severity.MEDIUM)]
