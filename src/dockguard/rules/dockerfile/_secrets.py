"""What looks like a secret: variable names, values (known token formats, credentials in URLs),
and file names. Shared by the secret rules DG130–DG133."""

from __future__ import annotations

import re

# ---- names --------------------------------------------------------------------------------

_SECRET_WORDS = {
    "PASSWORD", "PASSWD", "PASS", "PASSPHRASE", "SECRET", "SECRETS", "TOKEN", "APIKEY",
    "CREDENTIAL", "CREDENTIALS", "CREDS", "PRIVATEKEY", "AUTHTOKEN", "PAT",
}
_SECRET_PAIRS = {
    ("API", "KEY"), ("ACCESS", "KEY"), ("PRIVATE", "KEY"), ("SECRET", "KEY"), ("CLIENT", "SECRET"),
    ("ENCRYPTION", "KEY"), ("SIGNING", "KEY"), ("MASTER", "KEY"), ("SESSION", "KEY"),
    ("AUTH", "KEY"), ("LICENSE", "KEY"), ("ACCOUNT", "KEY"), ("APP", "KEY"), ("SSH", "KEY"),
    ("DEPLOY", "KEY"), ("SERVICE", "KEY"), ("STORAGE", "KEY"), ("SHARED", "KEY"),
}
# A last word that makes the variable hold something else than the secret itself.
_NOT_SECRET_SUFFIX = {
    "FILE", "FILES", "PATH", "DIR", "DIRECTORY", "URL", "URI", "ENDPOINT", "HOST", "PORT", "USER",
    "USERNAME", "NAME", "ID", "TYPE", "LENGTH", "LEN", "EXPIRY", "EXPIRES", "TTL", "TIMEOUT",
    "HEADER", "METHOD", "ENABLED", "DISABLED", "REQUIRED", "FORMAT", "ALGORITHM", "ALG", "VERSION",
    "SIZE", "POLICY", "MIN", "MAX", "COUNT", "PREFIX", "SUFFIX", "FIELD", "PARAM", "MODE",
    "LOCATION", "REF", "ARN", "HASH_ALGORITHM", "ROTATION", "SOURCE", "PROVIDER", "STORE",
    "ENV", "VAR", "KEY_ID", "SALT_ROUNDS", "REGEX", "PATTERN", "CMD", "COMMAND", "SCRIPT",
}
_NOT_SECRET_NAMES = {"PWD", "OLDPWD", "PASS_MAX_DAYS", "PASS_MIN_DAYS", "PASS_WARN_AGE", "TOKENIZERS_PARALLELISM"}


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [w for w in re.split(r"[_\-.]+", spaced.upper()) if w]


def secret_name(name: str) -> bool:
    """True for names like DB_PASSWORD, GITHUB_TOKEN, aws_secret_access_key, apiKey;
    False for DB_PASSWORD_FILE, TOKEN_URL, AWS_ACCESS_KEY_ID, PASSWORD_MIN_LENGTH."""
    if name.upper() in _NOT_SECRET_NAMES:
        return False
    words = _words(name)
    if not words:
        return False
    if words[-1] in _NOT_SECRET_SUFFIX or "_".join(words[-2:]) in _NOT_SECRET_SUFFIX:
        return False
    if any(w in _SECRET_WORDS for w in words):
        # PAT only as a whole-name suffix word (GITHUB_PAT), not PATH/PATTERN (already words)
        return True
    return any((a, b) in _SECRET_PAIRS for a, b in zip(words, words[1:]))


def value_is_reference(value: str | None) -> bool:
    """An empty value, a placeholder or a path to a secret file is not a secret."""
    if value is None:
        return True
    v = value.strip()
    if not v:
        return True
    low = v.lower()
    if v.startswith(("/", "./", "~/")) or low.startswith(("file:", "vault:", "arn:", "secret:", "ssm:", "sm://", "projects/")):
        return True
    if low in ("changeme", "change-me", "xxx", "none", "null", "false", "true", "0", "1", "<secret>", "redacted", "dummy", "placeholder"):
        return True
    return False


# ---- values -------------------------------------------------------------------------------

TOKEN_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\b")),
    ("a GitLab token", re.compile(r"\bglpat-[A-Za-z0-9_\-]{20,}\b")),
    ("an AWS access key ID", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a Slack token", re.compile(r"\bxox[baprse]-[A-Za-z0-9-]{10,}\b")),
    ("a Stripe secret key", re.compile(r"\b[sr]k_live_[0-9A-Za-z]{24,}\b")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b")),
    ("an npm token", re.compile(r"\bnpm_[A-Za-z0-9]{36}\b")),
    ("a PyPI token", re.compile(r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}\b")),
    ("a Hugging Face token", re.compile(r"\bhf_[A-Za-z]{34}\b")),
    ("an OpenAI key", re.compile(r"\bsk-(?:proj-)?[A-Za-z0-9_\-]{20,}T3BlbkFJ[A-Za-z0-9_\-]{20,}\b")),
    ("a SendGrid key", re.compile(r"\bSG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}\b")),
    ("a private key", re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")),
    ("a JSON Web Token", re.compile(r"\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}")),
)

URL_CREDS = re.compile(r"\b([a-z][a-z0-9+.\-]*)://([^/\s:@'\"]+):([^@\s/'\"]+)@([^/\s'\"]+)", re.I)


def find_token(text: str) -> tuple[str, str] | None:
    """(kind, the secret) for the first known token format in text."""
    for kind, pattern in TOKEN_PATTERNS:
        m = pattern.search(text)
        if m:
            return kind, m.group(0)
    return None


def url_password(text: str) -> tuple[str, str, str] | None:
    """(url host, user, password) for `scheme://user:password@host`, unless the password is a variable."""
    for m in URL_CREDS.finditer(text):
        password = m.group(3)
        if password.startswith("$") or password in ("*", "***", "password", "pass", "PASSWORD", "<password>"):
            continue
        return m.group(4), m.group(2), password
    return None


# ---- files --------------------------------------------------------------------------------

_FILE_HIGH = re.compile(
    r"(?:^|/)(?:id_(?:rsa|dsa|ecdsa|ed25519)(?!\.pub)[^/]*|\.env(?:\.(?!example|sample|template|dist|defaults?\b)[\w.-]+)?"
    r"|\.git-credentials|\.netrc|_netrc|\.pgpass|\.pypirc|\.htpasswd|credentials\.json|client_secrets?\.json"
    r"|service[-_]?account[^/]*\.json|kubeconfig|\.kube/config|\.docker/config\.json|\.dockercfg"
    r"|\.aws/credentials|\.aws|\.ssh|\.gnupg|\.?secrets|secrets?\.(?:ya?ml|json|toml|env)|[^/]+\.(?:key|p12|pfx|jks|keystore|ppk|kdbx|tfstate))/?$",
    re.I,
)
_FILE_MEDIUM = re.compile(r"(?:^|/)(?:\.npmrc|\.yarnrc(?:\.yml)?|\.gem/credentials|\.m2/settings\.xml|[^/]+\.pem)/?$", re.I)
_CERTISH = re.compile(r"(?:^|[/_.\-])(?:ca|cacert|certs?|chain|fullchain|bundle|pub|public|root|intermediate|trust)", re.I)


def secret_file(path: str) -> str | None:
    """"high" or "medium" when the path's name is a typical secret file, else None."""
    p = path.strip().rstrip("/")
    if not p or p in (".", "*"):
        return None
    if _FILE_HIGH.search(p):
        if p.lower().endswith(".key") and re.search(r"(?:^|/)[^/]*(?:pub|public)[^/]*\.key$", p, re.I):
            return None
        return "high"
    if _FILE_MEDIUM.search(p):
        if p.lower().endswith(".pem") and _CERTISH.search(p.rsplit("/", 1)[-1][:-4]):
            return None
        return "medium"
    return None
