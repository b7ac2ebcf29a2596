"""TLS and signature bypass rules (DG117–DG128) and content trust (DG140)."""

from __future__ import annotations

import pytest

from tests.rules.dockerfile.security_support import run


@pytest.mark.parametrize("rule,text,line", [
    ("DG117", "RUN curl -Lkv https://e.com", 2),
    ("DG117", "RUN echo ok && curl \\\n    --insecure \\\n    https://e.com", 2),
    ("DG117", "RUN echo insecure >> ~/.curlrc", 2),
    ("DG118", "RUN wget --no-progress --no-check-certificate -o f https://e.com", 2),
    ("DG119", "RUN pip \\\n    --trusted-host pypi.org install x", 2),
    ("DG119", "RUN python3 -m pip install --trusted-host=pypi.org x", 2),
    ("DG119", "ARG PIP_TRUSTED_HOST pypi.python.org", 2),
    ("DG119", "RUN export PIP_TRUSTED_HOST=pypi.org && pip install x", 2),
    ("DG120", "ENV LOL=1 PYTHONHTTPSVERIFY=0", 2),
    ("DG121", "RUN ABC=1 echo t; NODE_TLS_REJECT_UNAUTHORIZED=0 node x.js", 2),
    ("DG122", "RUN npm config set 'strict-ssl'='false'", 2),
    ("DG122", "RUN yarn config set strict-ssl false --global", 2),
    ("DG122", "ENV npm_config_strict_ssl false", 2),
    ("DG122", "RUN npm install --strict-ssl=false", 2),
    ("DG123", "ENV GIT_SSL_NO_VERIFY 0", 2),
    ("DG123", "RUN cd /x && export GIT_SSL_NO_VERIFY=true \\\n    && git clone https://e.com/r.git", 2),
    ("DG123", "RUN git -c http.sslVerify=false clone https://e.com/r.git", 2),
    ("DG123", "RUN git config --global http.sslverify false", 2),
    ("DG124", "RUN yum-config-manager --save --setopt=\\*.sslverify=0", 2),
    ("DG124", "RUN yum-config-manager --setopt='lol.sslverify'=False --save", 2),
    ("DG124", "RUN apt-get -o Acquire::https::Verify-Peer=false update", 2),
    ("DG124", "RUN echo 'sslverify=0' >> /etc/yum.conf", 2),
    ("DG125", "RUN apk \\\n    add python3 \\\n    --allow-untrusted", 2),
    ("DG126", "RUN apt-get --allow-unauthenticated install python3", 2),
    ("DG126", "RUN apt-get install --force-yes python3", 2),
    ("DG126", "RUN apt-get -o APT::Get::AllowUnauthenticated=true install x", 2),
    ("DG126", "RUN echo 'deb [trusted=yes] http://repo.example/ ./' > /etc/apt/sources.list.d/x.list", 2),
    ("DG127", "RUN tdnf install -y ${package} shadow-utils --nogpgcheck", 2),
    ("DG127", "RUN dnf install -y --setopt=gpgcheck=0 x", 2),
    ("DG127", "RUN zypper --no-gpg-checks install -y x", 2),
    ("DG127", "RUN printf '[x]\\ngpgcheck=0\\n' > /etc/yum.repos.d/x.repo", 2),
    ("DG128", "RUN rpm -i --nodigest python3.rpm", 2),
    ("DG140", "ENV DOCKER_CONTENT_TRUST=0", 2),
])
def test_bypass_detected(rule, text, line):
    found = run("FROM alpine:3.20\n" + text + "\n", rule)
    assert [ln for ln, _ in found] == [line], found


@pytest.mark.parametrize("rule,text", [
    ("DG117", "RUN curl https://e.com | grep -k lol"),
    ("DG117", "RUN curl -lol https://e.com"),
    ("DG118", "RUN wget https://e.com; grep \"--no-check-certificate\" /etc/passwd"),
    ("DG119", "RUN echo PIP_TRUSTED_HOST | pip install checkov"),
    ("DG119", "RUN ASDFPIP_TRUSTED_HOST=test pip install checkov"),
    ("DG120", "RUN PYTHONHTTPSVERIFY=\"0\\\"\" python example.py"),
    ("DG121", "ENV NODE_TLS_REJECT_UNAUTHORIZED 1"),
    ("DG122", "RUN npm config set strict-ssl true || false"),
    ("DG122", "RUN npm install strict-ssl false"),
    ("DG123", "RUN unset GIT_SSL_NO_VERIFY"),
    ("DG123", "ENV ASDFGIT_SSL_NO_VERIFY=1"),
    ("DG124", "RUN yum-config-manager --save --setopt=install_weak_deps=False || echo \"--setopt=sslverify=0\""),
    ("DG124", "RUN yum-config-manager --save --setopt=something-base.sslverify=1"),
    ("DG125", "RUN apk add a-handbag | grep \"--allow-untrusted\""),
    ("DG126", "RUN apt-get update &&\\\n    echo \"--force-yes\""),
    ("DG127", "RUN dnf update ||\\\n    echo \"--nogpgcheck\""),
    ("DG128", "RUN rpm -i python3.rpm && rpm -V python3"),
    ("DG140", "ENV DOCKER_CONTENT_TRUST=1"),
])
def test_no_false_positive(rule, text):
    assert run("FROM alpine:3.20\n" + text + "\n", rule) == []


def test_messages():
    assert run("FROM alpine:3.20\nENV GIT_SSL_NO_VERIFY=0\n", "DG123") == [
        (2, "ENV GIT_SSL_NO_VERIFY=0: git skips certificate checks (any value does)")]
    assert run("FROM alpine:3.20\nRUN curl -k https://e.com\n", "DG117") == [
        (2, "curl without certificate verification: curl -k https://e.com")]
    assert run("FROM alpine:3.20\nRUN npm set strict-ssl false -g\n", "DG122") == [
        (2, "npm sets strict-ssl false: registry certificates are not checked")]


def test_checkov_id_in_config_ignore_suppresses_only_its_rule():
    from dockguard.config import Config

    text = "FROM alpine:3.20\nRUN curl -k https://e.com && wget --no-check-certificate https://e.com\n"
    cfg = Config(ignore=["CKV2_DOCKER_2"])
    assert run(text, "DG117", config=cfg) == []
    assert [ln for ln, _ in run(text, "DG118", config=Config(ignore=["CKV2_DOCKER_2"]))] == [2]


def test_onbuild_and_heredoc():
    text = "FROM alpine:3.20\nONBUILD RUN apk add --allow-untrusted x\nRUN <<EOF\nset -e\nwget --no-check-certificate https://e.com\nEOF\n"
    assert [ln for ln, _ in run(text, "DG125")] == [2]
    assert [ln for ln, _ in run(text, "DG118")] == [5]
