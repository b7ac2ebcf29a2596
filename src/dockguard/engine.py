"""Run a rule set over a model: options, suppressions, severity overrides.

The engine knows nothing of file formats: sources build models, rules read them, and the engine
turns the rules' hits into findings with the rule's metadata.
"""

from __future__ import annotations

from typing import Any, Iterable

from dockguard.config import Config
from dockguard.model.finding import Finding, Location, Severity
from dockguard.rules.base import Context, Hit, Rule
from dockguard.rules.loader import RuleSet
from dockguard.rules.meta import RULE_ERROR


class Engine:
    def __init__(self, ruleset: RuleSet, config: Config | None = None, only: Iterable[str] | None = None):
        self.ruleset = ruleset
        self.config = config or Config()
        self.config.validate_rules(ruleset)
        ignored, _ = ruleset.resolve_ids(self.config.ignore)
        self.ignored = ignored
        self.severity_overrides: dict[str, Severity] = {}
        for rid, sev in self.config.severity.items():
            mapped, _ = ruleset.resolve_ids([rid])
            for m in mapped:
                self.severity_overrides[m] = sev
        selected = None
        if only:
            selected, unknown = ruleset.resolve_ids(only)
            if unknown:
                from dockguard.errors import ConfigError

                raise ConfigError(f"unknown rule ID {unknown[0]!r}")
        self._by_kind: dict[str, list[tuple[Rule, Context]]] = {}
        for rule in ruleset:
            if rule.check is None or rule.id in ignored or "*" in ignored:
                continue
            if selected is not None and rule.id not in selected:
                continue
            if selected is None and not rule.enabled_by_default and rule.id not in self.config.rules:
                continue
            ctx = Context(options=self.config.options_for(rule), settings=self.config)
            self._by_kind.setdefault(rule.kind, []).append((rule, ctx))
        self._pragma_cache: dict[frozenset[str], set[str]] = {}

    def rules_for(self, kind: str) -> list[Rule]:
        return [rule for rule, _ in self._by_kind.get(kind, [])]

    def _resolve_pragma(self, ids: set[str]) -> set[str]:
        key = frozenset(ids)
        cached = self._pragma_cache.get(key)
        if cached is None:
            cached, _ = self.ruleset.resolve_ids(ids)
            self._pragma_cache[key] = cached
        return cached

    def check(
        self,
        model: Any,
        kind: str,
        path: str,
        *,
        ignores: dict[int, set[str]] | None = None,
        file_ignores: set[str] | None = None,
        spans: dict[int, int] | None = None,
    ) -> list[Finding]:
        """Run every enabled rule of `kind` over `model`.

        `ignores` maps an instruction's first line to suppressed IDs; `spans` maps any line of a
        multi-line instruction to its first line, so a hit inside the instruction is suppressed too.
        """
        file_ignored = self._resolve_pragma(file_ignores) if file_ignores else set()
        findings: list[Finding] = []
        for rule, ctx in self._by_kind.get(kind, []):
            if rule.id in file_ignored or "*" in file_ignored:
                continue
            try:
                hits = list(rule.check(model, ctx))
            except Exception as exc:  # a bug in one rule must not stop the others
                findings.append(self.rule_error(rule, exc, path))
                continue
            for hit in hits:
                if ignores and hit.line is not None:
                    first = spans.get(hit.line, hit.line) if spans else hit.line
                    suppressed = ignores.get(first)
                    if suppressed and (rule.id in (ids := self._resolve_pragma(suppressed)) or "*" in ids):
                        continue
                findings.append(self.finding(rule, hit, path))
        return findings

    def finding(self, rule: Rule, hit: Hit, path: str) -> Finding:
        severity = self.severity_overrides.get(rule.id)
        if severity is None:  # Severity.INFO is 0: test for None, not truth
            severity = hit.severity if hit.severity is not None else rule.severity
        return Finding(
            rule_id=rule.id,
            title=rule.title,
            severity=severity,
            message=hit.message,
            location=Location(
                path=hit.path or path,
                line=hit.line,
                column=hit.column,
                end_line=hit.end_line,
                object=hit.object,
            ),
            practices=rule.practices,
            remediation=rule.remediation,
            fix=hit.fix,
            evidence=hit.evidence,
            extra=hit.extra,
        )

    def rule_error(self, rule: Rule, exc: Exception, path: str) -> Finding:
        return Finding(
            rule_id=RULE_ERROR.id,
            title=RULE_ERROR.title,
            severity=RULE_ERROR.severity,
            message=f"{rule.id} failed: {type(exc).__name__}: {exc}",
            location=Location(path=path),
            practices=RULE_ERROR.practices,
            remediation=RULE_ERROR.remediation,
        )
