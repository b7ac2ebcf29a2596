from __future__ import annotations

import pytest

from dockguard.config import find_config, load_config
from dockguard.errors import ConfigError
from dockguard.model.finding import Severity


def write(path, text):
    path.write_text(text)
    return str(path)


def test_yaml_config_is_found_upward(tmp_path):
    write(tmp_path / ".dockguard.yaml", "fail_on: high\nignore: [DG105]\nseverity: {DG101: critical}\n")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert find_config(str(sub)) == str(tmp_path / ".dockguard.yaml")
    cfg = load_config(start=str(sub))
    assert cfg.fail_on is Severity.HIGH
    assert cfg.ignore == ["DG105"]
    assert cfg.severity == {"DG101": Severity.CRITICAL}


def test_pyproject_tool_section(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname="x"\n\n[tool.dockguard]\nfail_on = "medium"\ntrusted_registries = ["ghcr.io"]\n')
    cfg = load_config(start=str(tmp_path))
    assert cfg.fail_on is Severity.MEDIUM
    assert cfg.trusted_registries == ["ghcr.io"]


def test_pyproject_without_section_is_skipped(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname="x"\n')
    assert find_config(str(tmp_path)) is None or not find_config(str(tmp_path)).startswith(str(tmp_path))


@pytest.mark.parametrize(
    "text,message",
    [
        ("fail_ob: high\n", "unknown key 'fail_ob'"),
        ("fail_on: severe\n", "fail_on: unknown severity 'severe'"),
        ("ignore: DG101\n", "ignore must be a list of strings"),
        ("- a\n- b\n", "must be a mapping"),
        ("fail_on: [\n", "invalid YAML: line"),
        ("rules: {DG101: 3}\n", "rules must map rule IDs to option mappings"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path, text, message):
    path = write(tmp_path / ".dockguard.yaml", text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert message in str(err.value)
    assert str(err.value).startswith(path)


def test_section_keys_are_checked(tmp_path):
    path = write(tmp_path / ".dockguard.yaml", "scan:\n  skip_dirs: [a]\n  bogus: 1\n")
    cfg = load_config(path)
    with pytest.raises(ConfigError, match="unknown key scan.bogus"):
        cfg.section("scan", {"skip_dirs": list})
