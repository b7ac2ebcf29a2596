"""Secret rules (DG130–DG133): names, values (redacted), files, removal in later layers."""

from __future__ import annotations

from dockguard.model.finding import Severity

from tests.rules.dockerfile.security_support import findings, run


def test_secret_names_and_false_positives():
    text = ("FROM node:20-slim\n"
            "ENV DB_PASSWORD_FILE=/run/secrets/db TOKEN_URL=https://auth/token AWS_ACCESS_KEY_ID=x\n"
            "ENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D\n"
            "ENV API_TOKEN=\n"
            "ENV PASSWORD_MIN_LENGTH=12\n"
            "ENV JWT_SECRET=${JWT_SECRET}\n"
            "ARG NPM_TOKEN\n"
            "ARG DB_PASSWORD=hunter2hunter2\n")
    found = findings(text, "DG130")
    assert [(f.location.line, f.message, f.severity) for f in found] == [
        (6, "ENV JWT_SECRET: a secret stored in the image config", Severity.HIGH),
        (7, "ARG NPM_TOKEN: build arguments are recorded in the image history", Severity.MEDIUM),
        (8, "ARG DB_PASSWORD with a default value in the Dockerfile: build arguments are recorded in the image history", Severity.HIGH),
    ]
    assert all("hunter2" not in f.message for f in found)


def test_secret_in_builder_stage_is_low():
    text = "FROM node:20 AS build\nARG NPM_TOKEN\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app /app\n"
    assert [(f.location.line, f.severity) for f in findings(text, "DG130")] == [(2, Severity.LOW)]


def test_hadolint_pragma_maps_dl3064():
    assert run("FROM alpine:3.20\n# hadolint ignore=DL3064\nARG API_KEY\n", "DG130") == []


def test_secret_values_are_redacted():
    token = "ghp_" + "A1b2C3d4E5" * 3 + "abcdef"
    text = ("FROM alpine:3.20\n"
            f"ENV GH={token}\n"
            "ENV HTTPS_PROXY=http://alice:Winter2024pw@proxy.corp:3128\n"
            "RUN git clone https://deploy:s3cr3tPassw0rd@git.example.com/app.git\n"
            "RUN curl -H 'Authorization: Bearer abcdef0123456789' https://api.example.com\n"
            "RUN curl -u admin:$PASSWORD https://api.example.com\n"
            "RUN git clone https://oauth2:${TOKEN}@git.example.com/app.git\n"
            "LABEL key=AKIAIOSFODNN7EXAMPLE\n")
    found = sorted(findings(text, "DG131"), key=lambda f: f.location.line)
    assert [(f.location.line, f.severity) for f in found] == [
        (2, Severity.CRITICAL), (3, Severity.CRITICAL), (4, Severity.CRITICAL), (5, Severity.CRITICAL), (8, Severity.CRITICAL)]
    assert found[0].message == "ENV GH holds a GitHub token: ghp_********(40 chars)"
    assert found[1].message.startswith("ENV HTTPS_PROXY persists proxy credentials (user alice")
    for secret in (token, "Winter2024pw", "s3cr3tPassw0rd", "abcdef0123456789", "AKIAIOSFODNN7EXAMPLE"):
        assert all(secret not in f.message for f in found)
    # a token value is reported once, as a value (critical), not again by name
    assert findings("FROM alpine:3.20\nENV GITHUB_TOKEN=" + token + "\n", "DG130") == []


def test_secret_files_copied():
    text = ("FROM node:20-slim\n"
            "COPY id_rsa /root/.ssh/id_rsa\n"
            "COPY .env.example .env.sample ./\n"
            "COPY config/.env.production ./\n"
            "COPY ca.pem fullchain.pem /certs/\n"
            "COPY server.pem /certs/\n"
            "COPY .npmrc ./\n"
            "COPY known_hosts /root/.ssh/known_hosts\n")
    found = findings(text, "DG132")
    assert [(f.location.line, f.severity) for f in found] == [
        (2, Severity.HIGH), (4, Severity.HIGH), (6, Severity.MEDIUM), (7, Severity.MEDIUM)]
    assert found[0].message == "COPY id_rsa into the image: secret files stay in the layer"


def test_secret_removed_later():
    text = ("FROM alpine:3.20\n"
            "WORKDIR /app\n"
            "COPY id_rsa .env ./\n"
            "RUN git clone git@example.com:org/app.git\n"
            "RUN rm -f /app/id_rsa\n"
            "RUN rm .env\n"
            "ENV API_TOKEN=abcd1234efgh5678\n"
            "RUN unset API_TOKEN\n"
            "ENV API_TOKEN=\n")
    assert run(text, "DG133") == [
        (5, "rm of /app/id_rsa does not remove it: id_rsa copied on line 3 stays in that layer"),
        (6, "rm of /app/.env does not remove it: .env copied on line 3 stays in that layer"),
        (8, "unset API_TOKEN does not remove it: ENV on line 7 keeps it in the image config and history"),
        (9, "ENV API_TOKEN is cleared here, but the value set on line 7 stays in that layer's config and the history"),
    ]


def test_removed_in_same_run_is_not_reported():
    text = "FROM alpine:3.20\nRUN --mount=type=secret,id=k,target=/k cp /k /root/k && use /root/k && rm /root/k\n"
    assert run(text, "DG133") == []
