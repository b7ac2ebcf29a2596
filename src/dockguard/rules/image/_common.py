"""Helpers the image rules share (standard library only)."""

from __future__ import annotations

import fnmatch
import posixpath
import re

from dockguard.model.image import FileEntry, Image

# Where vendored or package-owned files live; name-based file rules skip them.
PACKAGE_TREES = re.compile(
    r"^(?:usr/share/|usr/include/|usr/src/|usr/lib/python[\d.]+/(?:test|unittest|lib2to3)/|"
    r".*/(?:site-packages|dist-packages|node_modules|vendor|testdata|tests?)/|usr/local/go/|usr/lib/go-[\d.]+/)"
)

KEYSTORE_EXT = (".jks", ".keystore", ".p12", ".pfx", ".ppk", ".bks", ".jceks")
KEY_NAMES = ("id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk")
KEY_EXT = (".pem", ".key")

# (glob on the path, what it is, needs-content-check regex or None)
CREDENTIAL_FILES: tuple[tuple[str, str, str | None], ...] = (
    ("*.docker/config.json", "Docker registry credentials", r'"auth"\s*:\s*"[^"]+"|"identitytoken"|"password"'),
    ("*.aws/credentials", "AWS credentials", r"aws_secret_access_key|aws_session_token"),
    ("*.aws/config", "AWS config with keys", r"aws_secret_access_key"),
    ("*.npmrc", "npm registry credentials", r"_authToken\s*=|_auth\s*=|_password\s*="),
    ("*.yarnrc.yml", "Yarn registry credentials", r"npmAuthToken|npmAuthIdent"),
    ("*.pypirc", "PyPI credentials", r"(?im)^\s*password\s*[=:]"),
    ("*pip/pip.conf", "pip index credentials", r"://[^/\s:@]+:[^@\s]+@"),
    ("*.git-credentials", "Git credentials", r"://[^/\s:@]+:[^@\s]+@"),
    ("*.netrc", "netrc credentials", r"(?m)\bpassword\s+\S"),
    ("*.kube/config", "Kubernetes kubeconfig", r"client-key-data|token:|password:"),
    ("*kubeconfig", "Kubernetes kubeconfig", r"client-key-data|token:|password:"),
    ("*.config/gcloud/application_default_credentials.json", "Google Cloud credentials", None),
    ("*.config/gcloud/credentials.db", "Google Cloud credentials", None),
    ("*.azure/accessTokens.json", "Azure CLI tokens", None),
    ("*.azure/msal_token_cache.json", "Azure CLI tokens", None),
    ("*.m2/settings.xml", "Maven credentials", r"<password>\s*[^<$\s]"),
    ("*.gem/credentials", "RubyGems credentials", r":rubygems_api_key:"),
    ("*.composer/auth.json", "Composer credentials", r'"(?:password|token|bearer)"'),
    ("*.config/gh/hosts.yml", "GitHub CLI token", r"oauth_token:"),
    ("*.vault-token", "Vault token", None),
    ("*.boto", "Boto (AWS/GCS) credentials", r"secret_access_key|gs_secret"),
    ("*.s3cfg", "s3cmd credentials", r"secret_key\s*=\s*\S"),
    ("*.pgpass", "PostgreSQL password file", None),
    ("*.my.cnf", "MySQL client credentials", r"(?im)^\s*password\s*="),
    ("*.terraformrc", "Terraform Cloud token", r"token\s*="),
    ("*.config/hub", "hub GitHub token", r"oauth_token"),
    ("*.htpasswd", "htpasswd password hashes", None),
)
_CRED_RX = [(re.compile(fnmatch.translate(g)), what, re.compile(c) if c else None) for g, what, c in CREDENTIAL_FILES]


def credential_kind(path: str) -> tuple[str, re.Pattern | None] | None:
    p = "/" + path
    for rx, what, content in _CRED_RX:
        if rx.match(p):
            return what, content
    return None


def is_env_file(path: str) -> bool:
    base = posixpath.basename(path)
    if base == ".env":
        return True
    if base.startswith(".env."):
        return base.split(".", 2)[2] not in ("example", "sample", "template", "dist", "defaults", "schema")
    return False


def key_file_kind(path: str) -> str | None:
    """'keystore' / 'ssh-key' / 'pem' (content to check) / None, from the name."""
    base = posixpath.basename(path).lower()
    if base.endswith(KEYSTORE_EXT):
        return "keystore"
    if base in KEY_NAMES:
        return "ssh-key"
    if base.endswith(KEY_EXT):
        return "pem"
    return None


def sensitive_name(path: str) -> str | None:
    """What a file is when its name alone says it holds a secret (for 'deleted later' checks)."""
    if PACKAGE_TREES.match(path):
        return None
    kind = key_file_kind(path)
    if kind in ("keystore", "ssh-key"):
        return "private key" if kind == "ssh-key" else "keystore"
    if kind == "pem":
        return "key file"
    if is_env_file(path):
        return ".env file"
    cred = credential_kind(path)
    if cred:
        return cred[0]
    return None


def history_text(image: Image, index: int) -> str:
    if 0 <= index < len(image.layers):
        h = image.layers[index].history
        if h is not None and h.created_by:
            text = h.created_by
            text = re.sub(r"^/bin/sh -c #\(nop\)\s*", "", text)
            text = re.sub(r"^(?:\|\d+ (?:\S+=\S*\s+)*)?/bin/sh -c ", "RUN ", text)
            return redact_text(text)
    return ""


def layer_label(image: Image, index: int) -> str:
    """'layer 3 (RUN rm /root/.aws/credentials)' for messages; secrets in the instruction redacted."""
    text = history_text(image, index)
    if text:
        if len(text) > 80:
            text = text[:77] + "..."
        return f"layer {index} ({text})"
    return f"layer {index}"


def redact_text(text: str) -> str:
    """Text with every secret the engine finds in it redacted."""
    try:
        from dockguard.secrets.engine import default_scanner
    except ImportError:  # pragma: no cover
        return text
    matches = default_scanner().scan_text(text)
    for m in sorted(matches, key=lambda m: -m.start):
        text = text[: m.start] + m.redacted + text[m.end:]
    return text


def obj(path: str, image: Image, layer: int | None = None, line: int | None = None) -> str:
    where = "/" + path + (f":{line}" if line else "")
    if layer is not None:
        where += f" @ {layer_label(image, layer)}"
    return where


def files(image: Image) -> list[FileEntry]:
    return list(image.files.entries()) if image.files is not None else []


def read(image: Image, paths: list[str], limit: int = 1 << 20) -> dict[str, bytes]:
    tree = image.files
    if tree is None or not paths:
        return {}
    many = getattr(tree, "read_many", None)
    if many is not None:
        return many(paths, limit)
    out = {}
    for p in paths:
        try:
            out[p] = tree.read(p, limit)
        except KeyError:
            pass
    return out


SENSITIVE_NAME = re.compile(
    r"(?i)(?:passw(?:or)?d|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|"
    r"credential|auth[_-]?key|client[_-]?secret|signing[_-]?key|encryption[_-]?key|_pass$|^pass$)"
)
NOT_SECRET_NAME = re.compile(r"(?i)(?:_FILE|_PATH|_DIR|_URL_ENV|_NAME|_ID|_USER|_USERNAME|_LENGTH|_TTL|_TIMEOUT|_ENABLED|_TYPE|_ALGORITHM|_HEADER|_ENDPOINT|_REGION)$")
PLACEHOLDER = re.compile(r"^(?:|\$\{?\w+\}?|<[^>]*>|changeme|none|null|false|true|\*+|x+|-|/.*|[0-9]{1,5})$", re.I)


def suspicious_assignment(name: str, value: str) -> bool:
    """A NAME=value pair whose name says secret and whose value looks like one."""
    if not SENSITIVE_NAME.search(name) or NOT_SECRET_NAME.search(name):
        return False
    value = value.strip().strip("'\"")
    return len(value) >= 4 and not PLACEHOLDER.match(value)


def scan_text(text: str):
    """Secrets-engine matches in a string (config values)."""
    from dockguard.secrets.engine import default_scanner

    return default_scanner().scan_text(text)
