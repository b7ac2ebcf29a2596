"""Build the rule set from the rule packages.

Rules are found by file name (`dgNNN_*.py` in `rules/<kind>/`); importing a rule module has no side
effect. The rule set is a plain value handed to the engine.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from dockguard.rules.base import KINDS, Rule

_RULE_FILE = re.compile(r"^(dg\d{3,4})_\w+\.py$")


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def of_kind(self, kind: str) -> list[Rule]:
        return [r for r in self.rules if r.kind == kind]

    def get(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id.upper())

    @property
    def _by_id(self) -> dict[str, Rule]:
        cache = self.__dict__.get("_id_cache")
        if cache is None:
            cache = {r.id: r for r in self.rules}
            object.__setattr__(self, "_id_cache", cache)
        return cache

    def peer_map(self) -> dict[str, set[str]]:
        """Peer rule ID (DL3008, DS-0002, CKV_DOCKER_3 …) -> the dockguard rule IDs it maps to."""
        cache = self.__dict__.get("_peer_cache")
        if cache is None:
            cache = {}
            for rule in self.rules:
                for pid in rule.peer_ids():
                    cache.setdefault(pid.upper(), set()).add(rule.id)
            object.__setattr__(self, "_peer_cache", cache)
        return cache

    def resolve_ids(self, ids: Iterable[str]) -> tuple[set[str], list[str]]:
        """Map user-given IDs (dockguard or peer) to dockguard IDs; also return the unknown ones."""
        out: set[str] = set()
        unknown: list[str] = []
        peers = self.peer_map()
        for raw in ids:
            rid = raw.strip().upper()
            if rid in ("*", "ALL"):
                out.add("*")
            elif rid in self._by_id:
                out.add(rid)
            elif rid in peers:
                out |= peers[rid]
            else:
                unknown.append(raw)
        return out, unknown


def _rule_modules(kind: str) -> list[str]:
    package = f"dockguard.rules.{kind}"
    directory = os.path.join(os.path.dirname(__file__), kind)
    try:
        names = sorted(os.listdir(directory))
    except FileNotFoundError:
        return []
    return [f"{package}.{name[:-3]}" for name in names if _RULE_FILE.match(name)]


def load_rule(module_name: str) -> Rule:
    module = importlib.import_module(module_name)
    rule: Rule = module.RULE
    expected = module_name.rsplit(".", 1)[-1].split("_", 1)[0].upper()
    if rule.id != expected:
        raise RuntimeError(f"{module_name}: RULE.id {rule.id} does not match its file name")
    return dataclasses.replace(rule, check=module.check)


def load_rules(kinds: Iterable[str] = KINDS) -> RuleSet:
    from dockguard.rules.meta import META_RULES

    rules = list(META_RULES)
    rules += [load_rule(name) for kind in kinds for name in _rule_modules(kind)]
    rules.sort(key=lambda r: int(r.id[2:]))
    return RuleSet(tuple(rules))
