"""No output format ever prints a full secret, even one that travels inside other text."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dockguard.redact import redact, scrub

# Secrets are assembled at run time so that no token-shaped literal sits in the repository.
PASSWORD = "Sup3r" + "S3cret" + "Passw0rd"
GITHUB = "ghp_" + "abcdefghijklmnopqrstuvwxyz" + "0123456789"
GITLAB = "glpat-" + "abcdefghijklmnop1234"

DOCKERFILE = f"""FROM ubuntu:22.04
ARG GITHUB_TOKEN={GITHUB}
RUN curl -k https://admin:{PASSWORD}@example.com/x.tgz | tar xz
RUN wget --no-check-certificate https://deploy:{PASSWORD}@example.com/setup.sh -O- | sh
RUN git clone https://oauth2:{GITLAB}@gitlab.com/x/y.git
ENV HTTP_PROXY=http://proxyuser:{PASSWORD}@proxy:3128
RUN echo "password={PASSWORD}" > /etc/app.conf && chmod 777 /etc/app.conf
RUN mysql -uroot -p{PASSWORD} -e "select 1"
"""


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "gitlab", "checkstyle"])
def test_lint_output_never_holds_a_full_secret(tmp_path, fmt):
    path = tmp_path / "Dockerfile"
    path.write_text(DOCKERFILE)
    proc = subprocess.run([sys.executable, "-m", "dockguard", "lint", "-f", fmt, str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    out = proc.stdout + proc.stderr
    for secret in (PASSWORD, GITHUB, GITLAB):
        assert secret not in out
    assert "DG131" in out  # the secrets are still reported, redacted


def test_scrub_keeps_other_text_and_redacts_in_place():
    text = f"curl -k https://admin:{PASSWORD}@example.com/x.tgz"
    assert scrub(text) == f"curl -k https://admin:{redact(PASSWORD)}@example.com/x.tgz"
    assert scrub("FROM ubuntu:22.04") == "FROM ubuntu:22.04"
    assert scrub(None) is None


def test_fix_diff_redacts_secrets_in_changed_lines(tmp_path):
    path = tmp_path / "Dockerfile"
    path.write_text(f"FROM alpine:3.20\nRUN apk add curl && curl -u admin:{PASSWORD} https://x.example/a -o /a\n")
    proc = subprocess.run([sys.executable, "-m", "dockguard", "fix", "--diff", str(path)], capture_output=True, text=True)
    assert "--no-cache" in proc.stdout  # the fix is shown
    assert PASSWORD not in proc.stdout + proc.stderr
    assert PASSWORD in path.read_text()  # --diff writes nothing
