"""Permissions and attack-surface rules (DG135–DG139)."""

from __future__ import annotations

from dockguard.model.finding import Severity

from tests.rules.dockerfile.security_support import findings, run


def test_world_writable():
    text = ("FROM alpine:3.20\n"
            "RUN chmod -R 777 /app && chmod 1777 /scratch\n"
            "RUN chmod o+w,u+x /data\n"
            "RUN chmod -R a+rwX /srv\n"
            "RUN chmod 0644 /etc/app.conf && chmod +w /x && chmod u+w /y\n"
            "COPY --chmod=666 a.conf /etc/\n")
    assert run(text, "DG135") == [
        (2, "chmod 777 /app: world-writable"),
        (3, "chmod o+w,u+x /data: world-writable"),
        (4, "chmod a+rwX /srv: world-writable"),
        (6, "COPY --chmod=666 /etc/: world-writable"),
    ]


def test_setuid_setgid():
    text = ("FROM alpine:3.20\n"
            "RUN chmod u+s /bin/tool\n"
            "RUN chmod 4755 /bin/tool2 && chmod 2775 /shared\n"
            "RUN chmod a-s /bin/su && chmod 0755 /bin/x && chmod +s /bin/y\n")
    found = findings(text, "DG136")
    assert [(f.location.line, f.message, f.severity) for f in found] == [
        (2, "chmod u+s /bin/tool: adds the setuid bit", Severity.MEDIUM),
        (3, "chmod 4755 /bin/tool2: adds the setuid bit", Severity.MEDIUM),
        (3, "chmod 2775 /shared: adds the setgid bit", Severity.LOW),
        (4, "chmod +s /bin/y: adds the setuid bit", Severity.MEDIUM),
    ]


def test_build_tools_single_stage_only_and_removal():
    text = "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc make=4.3-4.1 libpq-dev\n"
    assert run(text, "DG137") == [(2, "build tools stay in the image: gcc, make, libpq-dev; build in a separate stage")]
    purged = text + "RUN apt-get purge -y gcc make libpq-dev\n"
    assert run(purged, "DG137") == []
    assert run("FROM debian:12-slim\nRUN apt-get install -y libx11-dev\n", "DG137") == []
    assert run("FROM debian:12 AS b\nRUN apt-get install -y gcc\nFROM debian:12-slim\n", "DG137") == []
    assert run("FROM node:20-slim\nRUN npm ci\n", "DG137") == [
        (2, "npm ci: devDependencies are installed in the shipped image (use --omit=dev)")]
    assert run("FROM node:20-slim\nENV NODE_ENV=production\nRUN npm ci\n", "DG137") == []


def test_attack_surface_packages():
    text = ("FROM alpine:3.20\n"
            "RUN apk add --no-cache openssh-server netcat-openbsd curl\n"
            "RUN apk add --no-cache --virtual .tmp socat && apk del .tmp\n")
    found = findings(text, "DG138")
    assert [(f.location.line, f.message, f.severity) for f in found] == [
        (2, "openssh-server (an SSH daemon) is installed in the shipped image", Severity.MEDIUM),
        (2, "netcat-openbsd (netcat) is installed in the shipped image", Severity.LOW),
        (2, "curl is added to a minimal base image (alpine:3.20)", Severity.INFO),
    ]
    assert run("FROM debian:12 AS tools\nRUN apt-get install -y nmap\nFROM debian:12-slim\n", "DG138") == []


def test_multiple_services():
    assert run("FROM debian:12-slim\nCMD [\"/usr/bin/supervisord\", \"-n\"]\n", "DG139") == [
        (2, "CMD starts the process supervisor supervisord: several services in one container")]
    assert run("FROM debian:12-slim\nCMD service ssh start && nginx -g 'daemon off;'\n", "DG139")[0][0] == 2
    assert run("FROM debian:12-slim\nCMD [\"sh\", \"-c\", \"nginx & php-fpm\"]\n", "DG139")[0][0] == 2
    assert run("FROM debian:12-slim\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n", "DG139") == []
    assert run("FROM debian:12-slim\nCMD test -f /x && exec app\n", "DG139") == []
