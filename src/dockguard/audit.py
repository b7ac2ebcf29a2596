"""Audit how containers are run: find the inputs, build ContainerSpecs, run the container rules.

Inputs: compose files, Kubernetes manifests, files holding `docker run` lines (shell scripts,
Makefiles, systemd units, Markdown), `--run` command lines and the live daemon. One bad input is an
error for that input only; the others are still audited.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from dockguard.errors import DockguardError, InputError
from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Finding, Severity
from dockguard.rules.base import Hit
from dockguard.rules.meta import PARSE_ERROR

_SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", "vendor", ".mypy_cache"}
_RUN_HINT = re.compile(r"\b(docker|podman|nerdctl)\b[^\n]*\b(run|create)\b|\b(docker|podman)\b\s*\\?\s*$", re.M)


@dataclass
class AuditResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    scanned: list[str] = field(default_factory=list)
    specs: int = 0


def classify(path: str, text: str | None = None) -> str:
    """compose | kubernetes | commands (shell, Makefile, systemd, Markdown)."""
    from dockguard.sources.compose import is_compose_name

    base = os.path.basename(path).lower()
    if is_compose_name(path):
        return "compose"
    if base.endswith((".yaml", ".yml", ".json")) and base != "package.json":
        if text is None:
            return "yaml"
        if re.search(r"^\s*apiVersion\s*:", text, re.M) and re.search(r"^\s*kind\s*:", text, re.M):
            return "kubernetes"
        return "compose"
    return "commands"


def find_inputs(paths: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    files: list[str] = []
    errors: list[tuple[str, str]] = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
                for name in sorted(names):
                    full = os.path.join(root, name)
                    low = name.lower()
                    from dockguard.sources.compose import is_compose_name

                    if is_compose_name(name) or low.endswith((".yaml", ".yml")) or low in ("makefile", "gnumakefile") \
                            or low.endswith((".sh", ".bash", ".service", ".md", ".mk")):
                        files.append(full)
        elif os.path.exists(p) or p == "-":
            files.append(p)
        else:
            errors.append((p, "no such file or directory"))
    return files, errors


class Auditor:
    def __init__(self, engine):
        self.engine = engine
        self.result = AuditResult()

    def check_spec(self, spec: ContainerSpec) -> None:
        self.result.specs += 1
        self.result.findings += self.engine.check(spec, "container", spec.path)
        for note in spec.unresolved:
            unknown = note.startswith(("unknown flag", "no image", "-", "--"))
            hit = Hit(f"{spec.name}: {note}" + ("" if unknown else " (not resolved; audited as written)"),
                      line=spec.line, object=spec.name, severity=Severity.MEDIUM if unknown else Severity.INFO)
            self.result.findings.append(self.engine.finding(PARSE_ERROR, hit, spec.path))

    def audit_file(self, path: str, directory_scan: bool = False) -> None:
        try:
            if path == "-":
                import sys

                text = sys.stdin.read()
            else:
                with open(path, encoding="utf-8", errors="replace") as fh:
                    text = fh.read()
        except OSError as exc:
            self.result.errors.append((path, f"cannot read: {exc.strerror}"))
            return
        kind = classify(path, text)
        try:
            if kind == "compose":
                from dockguard.sources.compose import load_text

                if directory_scan and "services" not in text and not os.path.basename(path).lower().startswith(("compose", "docker-compose")):
                    return  # some other YAML file in a directory
                specs = load_text(text, path)
            elif kind == "kubernetes":
                from dockguard.sources.kubernetes import load_text as k8s_load

                specs = k8s_load(text, path)
            else:
                if directory_scan and not _RUN_HINT.search(text):
                    return
                from dockguard.sources.docker_run import extract

                specs, errs = extract(text, path)
                for e in errs:
                    self.result.errors.append((path, e))
                if not specs and not directory_scan:
                    if not errs:
                        self.result.errors.append((path, "no compose services, Kubernetes workloads or docker run commands found"))
                    return
                for s in specs:
                    for note in s.unresolved:
                        if note.startswith("unknown flag"):
                            self.result.errors.append((path, f"line {s.line}: {note}"))
        except DockguardError as exc:
            self.result.errors.append((getattr(exc, "path", path), getattr(exc, "message", str(exc))))
            return
        self.result.scanned.append(path)
        for spec in specs:
            self.check_spec(spec)

    def audit_run(self, command: str) -> None:
        from dockguard.sources.docker_run import RunSyntaxError, parse_command

        label = "--run"
        try:
            spec = parse_command(command, path=label)
        except RunSyntaxError as exc:
            self.result.errors.append((f"--run {command[:60]!r}", str(exc)))
            return
        for note in spec.unresolved:
            if note.startswith("unknown flag"):
                self.result.errors.append((f"--run {command[:60]!r}", note))
        self.result.scanned.append(f"--run {command[:60]}")
        self.check_spec(spec)

    def audit_docker(self, host: str | None = None) -> None:
        from dockguard.sources import docker_live

        try:
            specs, errors = docker_live.load(host)
        except InputError as exc:
            self.result.errors.append((exc.path, exc.message))
            return
        self.result.errors += errors
        self.result.scanned.append(docker_live.daemon_label(host))
        for spec in specs:
            self.check_spec(spec)


def audit(engine, paths: list[str] = (), runs: list[str] = (), docker: bool = False, host: str | None = None) -> AuditResult:
    auditor = Auditor(engine)
    files, errors = find_inputs(list(paths))
    auditor.result.errors += errors
    explicit = set(paths)
    for f in files:
        auditor.audit_file(f, directory_scan=f not in explicit)
    for r in runs:
        auditor.audit_run(r)
    if docker:
        auditor.audit_docker(host)
    return auditor.result
