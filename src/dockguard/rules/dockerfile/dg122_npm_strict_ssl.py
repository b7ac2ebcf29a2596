from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile._tlsrule import TLS_FIX_CA, TLS_RATIONALE
from dockguard.rules.dockerfile._util import clean, env_settings, positionals, truthy_off, written_config

RULE = Rule(
    id="DG122",
    title="npm or yarn with strict-ssl disabled",
    severity=Severity.HIGH,
    kind="dockerfile",
    practices=("P09",),
    peers={"checkov": ("CKV2_DOCKER_12", "CKV2_DOCKER_13")},
    rationale=(
        "`npm config set strict-ssl false`, `yarn config set strict-ssl false`, "
        "`NPM_CONFIG_STRICT_SSL=false` or `--strict-ssl=false` make the package manager accept "
        "any registry certificate. " + TLS_RATIONALE
    ),
    remediation="Keep strict-ssl on; for a private CA use `npm config set cafile /path/ca.pem`. " + TLS_FIX_CA,
    examples=(
        bad("FROM node:20-slim\nRUN npm config set strict-ssl false && npm ci\n"),
        bad("FROM node:20-slim\nENV NPM_CONFIG_STRICT_SSL=false\n"),
        good("FROM node:20-slim\nRUN npm config set cafile /etc/ssl/certs/corp.pem && npm ci\n"),
    ),
)

_KEYS = ("strict-ssl", "strict_ssl", "enablestrictssl")


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        if cmd.name in ("npm", "yarn", "pnpm", "npx"):
            words = positionals(cmd.args)
            if "set" in words:
                rest = words[words.index("set") + 1 :]
                if rest:
                    key, eq, value = rest[0].partition("=")
                    if not eq:
                        value = rest[1] if len(rest) > 1 else ""
                    if key.lower() in _KEYS and truthy_off(value):
                        yield Hit(f"{cmd.name} sets {key} {clean(value)}: registry certificates are not checked", line=cmd.line)
                        continue
            value = cmd.flag_value("--strict-ssl")
            if truthy_off(value) or cmd.has_flag("--no-strict-ssl"):
                yield Hit(f"{cmd.name} --strict-ssl={clean(value) or 'false'}: registry certificates are not checked", line=cmd.line)
                continue
        written = written_config(cmd)
        if written and written[1].endswith((".npmrc", ".yarnrc", ".yarnrc.yml")):
            text = written[0].replace(" ", "").replace(":", "=").lower()
            for key in _KEYS:
                if f"{key}=false" in text:
                    yield Hit(f"strict-ssl false written to {written[1]}", line=cmd.line)
                    break
    for s in env_settings(df):
        if s.name.lower() in ("npm_config_strict_ssl", "yarn_strict_ssl", "yarn_enable_strict_ssl") and truthy_off(s.value):
            yield Hit(f"{s.where} {s.name}={clean(s.value)}: registry certificates are not checked", line=s.line)
