"""YAML with line numbers: plain dicts and lists that remember the line of every key and item.

Built from PyYAML's node graph (`yaml.compose_all`, with the libyaml-based composer when available),
so anchors, aliases and merge keys (`<<: *x`, `<<: [*a, *b]`) are handled here and every value keeps
the line it was written on. `LDict.lines[key]` is the line of the key; `LList.lines[i]` that of item i.
"""

from __future__ import annotations

from typing import Any, Iterator


class YamlError(ValueError):
    """Invalid YAML: a one-line message with the line."""


class LDict(dict):
    __slots__ = ("line", "lines")

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.line: int | None = None
        self.lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int | None:
        return self.lines.get(key, self.line)


class LList(list):
    __slots__ = ("line", "lines")

    def __init__(self, *a):
        super().__init__(*a)
        self.line: int | None = None
        self.lines: list[int | None] = []

    def line_of(self, i: int) -> int | None:
        return self.lines[i] if 0 <= i < len(self.lines) else self.line


def _loader():
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_all(text: str, path: str = "") -> list[Any]:
    """Every document of `text` as LDict/LList/scalars. Raises YamlError on invalid YAML."""
    import yaml

    try:
        nodes = list(yaml.compose_all(text, Loader=_loader()))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}" if mark else "?"
        raise YamlError(f"invalid YAML at {where}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {str(exc).splitlines()[0]}") from None
    builder = _Builder()
    return [builder.build(n) for n in nodes if n is not None]


class _Builder:
    def __init__(self):
        import yaml

        self._yaml = yaml
        self._scalar_loader = yaml.SafeLoader("")
        self._memo: dict[int, Any] = {}

    def build(self, node) -> Any:
        yaml = self._yaml
        key = id(node)
        if key in self._memo:
            return self._memo[key]
        if isinstance(node, yaml.MappingNode):
            out = LDict()
            out.line = node.start_mark.line + 1
            self._memo[key] = out
            merges: list[Any] = []
            for knode, vnode in node.value:
                if knode.tag == "tag:yaml.org,2002:merge" or (isinstance(knode, yaml.ScalarNode) and knode.value == "<<" and knode.style is None):
                    merges += vnode.value if isinstance(vnode, yaml.SequenceNode) else [vnode]
                    continue
                k = self.build(knode)
                try:
                    hash(k)
                except TypeError:
                    k = str(k)
                out[k] = self.build(vnode)
                out.lines[k] = knode.start_mark.line + 1
            for m in merges:  # earlier explicit keys win; first merge source wins
                src = self.build(m)
                if isinstance(src, LDict):
                    for k, v in src.items():
                        if k not in out:
                            out[k] = v
                            out.lines[k] = src.lines.get(k, src.line)
            return out
        if isinstance(node, yaml.SequenceNode):
            out = LList()
            out.line = node.start_mark.line + 1
            self._memo[key] = out
            for item in node.value:
                out.append(self.build(item))
                out.lines.append(item.start_mark.line + 1)
            return out
        ctor = self._scalar_loader.yaml_constructors.get(node.tag)
        try:
            value = ctor(self._scalar_loader, node) if ctor else node.value
        except Exception:
            value = node.value
        if hasattr(value, "isoformat") and not isinstance(value, str):
            value = node.value
        self._memo[key] = value
        return value


def walk_strings(obj: Any) -> Iterator[tuple[Any, Any]]:
    """(container, key) of every string value, for in-place rewriting (interpolation)."""
    if isinstance(obj, dict):
        for k in list(obj):
            if isinstance(obj[k], str):
                yield obj, k
            else:
                yield from walk_strings(obj[k])
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            if isinstance(v, str):
                yield obj, i
            else:
                yield from walk_strings(v)
