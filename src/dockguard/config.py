"""Configuration: `.dockguard.yaml` (or `[tool.dockguard]` in `pyproject.toml`).

Found upward from the scanned path, or named with `--config`. Unknown keys and bad values are
errors that name the file and the key. Example:

    fail_on: medium                 # info | low | medium | high | critical
    ignore: [DG150, DL3008]         # dockguard or peer rule IDs
    severity: {DG101: critical}     # severity overrides
    rules:                          # per-rule options (see `dockguard explain DGNNN`)
      DG103: {level: digest}
    trusted_registries: [docker.io, ghcr.io/acme]
    exclude: ["vendor/**"]          # paths not to walk into
    target: runtime                 # the Dockerfile stage that is shipped
    audit: {...}  scan: {...}  bench: {...}  enforce: {...}  secrets: {...}  vulns: {...}
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from dockguard.errors import ConfigError
from dockguard.model.finding import Severity

CONFIG_NAMES = (".dockguard.yaml", ".dockguard.yml")
SECTIONS = ("lint", "audit", "scan", "bench", "enforce", "secrets", "vulns", "sbom", "watch")
_TOP_KEYS = {"fail_on", "ignore", "severity", "rules", "trusted_registries", "exclude", "target"}


@dataclass
class Config:
    path: str | None = None
    fail_on: Severity = Severity.LOW
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    trusted_registries: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    target: str | None = None
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)

    def section(self, name: str, allowed: dict[str, type | tuple[type, ...]]) -> dict[str, Any]:
        """A subsystem's own section, with its keys checked against `allowed` {key: type}."""
        data = self.sections.get(name, {})
        for key, value in data.items():
            if key not in allowed:
                known = ", ".join(sorted(allowed)) or "none"
                raise ConfigError(f"{self.path}: unknown key {name}.{key} (known: {known})")
            if not isinstance(value, allowed[key]):
                raise ConfigError(f"{self.path}: {name}.{key} has the wrong type ({type(value).__name__})")
        return data

    def validate_rules(self, ruleset) -> None:
        """Check rule IDs and options against the rule set (called once the rules are loaded)."""
        where = self.path or "configuration"
        _, unknown = ruleset.resolve_ids(self.ignore)
        _, unknown_sev = ruleset.resolve_ids(self.severity)
        for rid in unknown + unknown_sev:
            raise ConfigError(f"{where}: unknown rule ID {rid!r}")
        for rid, options in self.rules.items():
            rule = ruleset.get(rid)
            if rule is None:
                raise ConfigError(f"{where}: rules.{rid}: unknown rule ID")
            defaults = rule.option_defaults()
            for name, value in options.items():
                if name not in defaults:
                    known = ", ".join(defaults) or "none"
                    raise ConfigError(f"{where}: rules.{rid}.{name}: unknown option (known: {known})")
                default = defaults[name]
                if default is not None and not _same_type(default, value):
                    raise ConfigError(
                        f"{where}: rules.{rid}.{name}: expected {type(default).__name__}, "
                        f"got {type(value).__name__}"
                    )

    def options_for(self, rule) -> dict[str, Any]:
        options = rule.option_defaults()
        options.update(self.rules.get(rule.id, {}))
        return options


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    return isinstance(value, type(default))


def find_config(start: str) -> str | None:
    """The nearest `.dockguard.yaml` or `pyproject.toml` with `[tool.dockguard]`, upward from start."""
    directory = os.path.abspath(start)
    if not os.path.isdir(directory):
        directory = os.path.dirname(directory)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                return candidate
        pyproject = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(pyproject) and _has_tool_section(pyproject):
            return pyproject
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _has_tool_section(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return b"[tool.dockguard" in fh.read()
    except OSError:
        return False


def load_config(path: str | None = None, start: str | None = None) -> Config:
    """Load the given file, or the one found upward from `start`; defaults when there is none."""
    if path is None and start is not None:
        path = find_config(start)
    if path is None:
        return Config()
    data = _read(path)
    return parse_config(data, path)


def _read(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror}") from None
    if path.endswith(".toml"):
        import tomllib

        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        return data.get("tool", {}).get("dockguard", {})
    import yaml

    try:
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}: invalid YAML: {where}{problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping of keys to values")
    return data


def parse_config(data: dict[str, Any], path: str | None) -> Config:
    where = path or "configuration"
    cfg = Config(path=path)
    for key, value in data.items():
        if key in SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: {key} must be a mapping")
            cfg.sections[key] = value
            continue
        if key not in _TOP_KEYS:
            known = ", ".join(sorted(_TOP_KEYS | set(SECTIONS)))
            raise ConfigError(f"{where}: unknown key {key!r} (known: {known})")
        if key == "fail_on":
            cfg.fail_on = _severity(value, where, key)
        elif key in ("ignore", "trusted_registries", "exclude"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: {key} must be a list of strings")
            setattr(cfg, key, list(value))
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: severity must map rule IDs to severities")
            cfg.severity = {str(k).upper(): _severity(v, where, f"severity.{k}") for k, v in value.items()}
        elif key == "rules":
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise ConfigError(f"{where}: rules must map rule IDs to option mappings")
            cfg.rules = {str(k).upper(): dict(v) for k, v in value.items()}
        elif key == "target":
            if not isinstance(value, str):
                raise ConfigError(f"{where}: target must be a stage name")
            cfg.target = value
    return cfg


def _severity(value: Any, where: str, key: str) -> Severity:
    try:
        return Severity.parse(str(value))
    except ValueError as exc:
        raise ConfigError(f"{where}: {key}: {exc}") from None
