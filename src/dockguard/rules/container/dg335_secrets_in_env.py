"""DG335: Secret passed in a plain environment variable."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good

RULE = Rule(
    id='DG335',
    title='Secret passed in a plain environment variable',
    severity=Severity.HIGH,
    kind="container",
    practices=('P33',),
    peers={'checkov': ('CKV_K8S_35',)},
    cis=(),
    rationale=(
        'Environment variables are visible in `docker inspect`, /proc/<pid>/environ, crash dumps, logs and to every process of the container; a secret written in a compose file, manifest or command line also lives in version control and shell history.'
    ),
    remediation=(
        'Use compose/Docker `secrets:` (files under /run/secrets), Kubernetes Secrets (`valueFrom.secretKeyRef` or mounted secret volumes) or a secret manager; point the application at a file (`*_FILE` variables).'
    ),
    options=(
        Option('allowed_names', [], 'Variable names never reported.'),
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run -e DB_PASSWORD=s3cr3t-Pa55word postgres:16', 'docker-run'),
        good('docker run -e DB_PASSWORD_FILE=/run/secrets/db postgres:16', 'docker-run'),
        good('docker run -e DB_PASSWORD postgres:16', 'docker-run', "passed through from the caller's environment"),
        bad('services:\n  web:\n    image: nginx:1.27\n    environment:\n      API_TOKEN: ghp_0123456789abcdefghijklmnopqrstuvwxyz\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n    secrets:\n      - db\nsecrets:\n  db:\n    file: ./db.txt\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      env:\n        - {name: AWS_SECRET_ACCESS_KEY, value: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      env:\n        - name: AWS_SECRET_ACCESS_KEY\n          valueFrom:\n            secretKeyRef: {name: aws, key: secret}\n', 'kubernetes'),
    ),
)


import re

from dockguard.redact import redact

NAME = re.compile(r"(PASSW(OR)?D|PASSWD|PWD$|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH_?KEY|CLIENT_?SECRET|"
                  r"ENCRYPTION_?KEY|SIGNING_?KEY|CONN(ECTION)?_?STRING|DATABASE_URL|DSN$)", re.I)
NOT_SECRET = re.compile(r"(_FILE|_PATH|_DIR|_URL_FILE|_LENGTH|_ENABLED|_HEADER|_NAME|_TYPE|_EXPIRY|_TTL|_USER(NAME)?)$", re.I)
URL_CRED = re.compile(r"^[a-z][a-z0-9+.-]*://[^/\s:@]+:([^@\s/]+)@", re.I)
PLACEHOLDER = re.compile(r"^(\$\{?\w+.*|<.*>|\*+|x+|changeme|change_me|password|secret|example|dummy|none|null|true|false|yes|no|\d{1,4}|/.*|\.?/.*)$", re.I)


def check(spec: ContainerSpec, ctx):
    allowed = {n.upper() for n in ctx.options.get("allowed_names", [])}
    for name, value in spec.env.items():
        if value is None or value == "" or name.upper() in allowed:
            continue
        m = URL_CRED.match(value)
        secret = None
        if m and not PLACEHOLDER.match(m.group(1)):
            secret = m.group(1)
        elif NAME.search(name) and not NOT_SECRET.search(name) and not PLACEHOLDER.match(value.strip()):
            secret = value
        if secret is None:
            continue
        where = {"compose": "compose secrets", "kubernetes": "a Kubernetes Secret (valueFrom.secretKeyRef)"}.get(spec.source, "a secret file (docker secrets)")
        yield Hit(f"{spec.name}: {name}={redact(secret)} is a secret in a plain environment variable; use {where}",
                  line=spec.line_of(f"env:{name}", "env"), object=spec.name, evidence=f"{name}={redact(secret)}")
