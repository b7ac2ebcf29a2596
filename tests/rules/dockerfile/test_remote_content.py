"""Remote content rules (DG111–DG116, DG129): ADD, downloads, curl|sh, admin ports."""

from __future__ import annotations

from dockguard.model.finding import Severity

from tests.rules.dockerfile.security_support import findings, run


def test_expose_admin_ports():
    text = "FROM alpine:3.20\nEXPOSE 8080 22/tcp\nEXPOSE 20-30\nEXPOSE 2375\nEXPOSE ${PORT}\n"
    found = findings(text, "DG111")
    assert [(f.location.line, f.message, f.severity) for f in found] == [
        (2, "EXPOSE 22/tcp: port 22 is SSH", Severity.MEDIUM),
        (3, "EXPOSE 20-30: port 22 is SSH", Severity.MEDIUM),
        (3, "EXPOSE 20-30: port 23 is Telnet", Severity.HIGH),
        (4, "EXPOSE 2375: port 2375 is the Docker API without TLS", Severity.HIGH),
    ]


def test_sensitive_paths():
    text = ("FROM alpine:3.20\nWORKDIR \"/proc/self/fd/1\"\nWORKDIR /development\nWORKDIR /etc/nginx\n"
            "VOLUME [\"/sys/fs\", \"/data\"]\nVOLUME /etc\n")
    assert run(text, "DG112") == [
        (2, "WORKDIR /proc/self/fd/1: /proc is a kernel/system interface"),
        (5, "VOLUME /sys/fs: /sys is a kernel/system interface"),
        (6, "VOLUME /etc: a volume over the system directory /etc"),
    ]


def test_add_local_vs_archive_vs_url():
    text = ("FROM alpine:3.20\n"
            "ADD \"/target/resources.tar.gz\" \"resources\"\n"
            "ADD app.jar conf/ /app/\n"
            "ADD https://example.com/a.zip /tmp/\n"
            "ADD --checksum=sha256:" + "c" * 64 + " https://example.com/b.tgz /tmp/\n"
            "ADD http://example.com/c.sh /tmp/\n"
            "ADD https://github.com/org/repo.git#v1.2 /src\n"
            "ADD https://github.com/org/repo.git#" + "d" * 40 + " /src2\n")
    assert run(text, "DG113") == [(3, "ADD of local files app.jar, conf/: use COPY")]
    found = findings(text, "DG114")
    assert [(f.location.line, f.severity) for f in found] == [(4, Severity.MEDIUM), (6, Severity.HIGH), (7, Severity.LOW)]
    assert found[1].message == "ADD http://example.com/c.sh over plain HTTP without --checksum: the content is not verified"
    assert found[2].message == "ADD https://github.com/org/repo.git#v1.2: git source not pinned to a commit"


def test_pipe_to_shell_forms():
    text = ("FROM debian:12-slim\n"
            "RUN curl -fsSL https://x.io/i.sh | sh\n"
            "RUN wget -qO- http://x.io/i.sh | sudo -E bash -s -- --yes\n"
            "RUN bash <(curl -s https://x.io/b.sh)\n"
            "RUN sh -c \"$(curl -fsSL https://x.io/c.sh)\"\n"
            "RUN curl -s https://api.example.com/v | python3 -c 'import json,sys; print(1)'\n"
            "RUN curl -fsSL https://x.io/key | gpg --dearmor -o /usr/share/keyrings/x.gpg\n"
            "RUN <<EOF\ncurl -fsSL https://x.io/d.sh | bash\nEOF\n")
    found = findings(text, "DG116")
    assert [(f.location.line, f.severity) for f in found] == [
        (2, Severity.HIGH), (3, Severity.CRITICAL), (4, Severity.HIGH), (5, Severity.HIGH), (9, Severity.HIGH)]
    assert found[0].message == "curl https://x.io/i.sh is piped into sh"
    assert found[2].message == "bash runs https://x.io/b.sh fetched by curl"


def test_download_without_checksum():
    text = ("FROM debian:12-slim\n"
            "RUN curl -fsSLo /tmp/t.tgz https://x.io/t.tgz && tar -xzf /tmp/t.tgz\n"
            "RUN wget -q https://x.io/t.deb && dpkg -i t.deb\n"
            "RUN curl -fsSLO https://x.io/t.tgz && curl -fsSLO https://x.io/t.tgz.sha256 && sha256sum -c t.tgz.sha256 && tar xzf t.tgz\n"
            "RUN curl -fsSL https://x.io/t.tgz | tar -xz\n"
            "RUN curl -fsS http://localhost:8080/health\n"
            "RUN curl -fsSLo /usr/share/keyrings/x.asc https://x.io/key.asc\n")
    assert run(text, "DG115") == [
        (2, "https://x.io/t.tgz is downloaded and used without a checksum or signature check"),
        (3, "https://x.io/t.deb is downloaded and used without a checksum or signature check"),
        (5, "https://x.io/t.tgz is unpacked by tar straight from curl, unverified"),
    ]


def test_curl_and_wget_per_stage():
    text = ("FROM debian:12 AS a\nRUN wget http://google.com\nRUN curl http://bing.com\n"
            "FROM alpine:3.20\nRUN curl http://bing.com\nRUN apk add --no-cache wget\n")
    assert run(text, "DG129") == [(3, "curl (line 3) and wget (line 2) are both used in this stage")]
