"""Dockerfile parser following BuildKit's grammar.

Parser directives (`# syntax=`, `# escape=`, `# check=`), line continuations (with comment and
empty lines skipped inside them), here-documents for RUN/COPY/ADD (also after a continuation,
several per instruction, `<<-`, quoted and escaped delimiters), exec vs shell form, instruction
flags, ONBUILD, stages, ARG scoping and substitution in FROM, and inline pragmas.
RUN scripts are parsed into commands by `dockguard.sources.shell`.

The parser never raises on malformed text: problems become `ParseError`s.
"""

from __future__ import annotations

import json
import os
import re

from dockguard.errors import InputError
from dockguard.model.dockerfile import (
    Dockerfile,
    Flag,
    Heredoc,
    Instruction,
    ParseError,
    Stage,
)
from dockguard.sources.shell import (
    MARK,
    SH_SHELLS,
    command_from_argv,
    parse_shell,
    shebang_interpreter,
)

KEYWORDS = frozenset({
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
    "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
})
HEREDOC_KEYWORDS = frozenset({"RUN", "COPY", "ADD"})
JSON_KEYWORDS = frozenset({"RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"})
# Set by the builder; known names but no value the linter can know.
PLATFORM_ARGS = frozenset({
    "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
    "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE",
})

_DIRECTIVE = re.compile(r"#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$")
_VALID_DIRECTIVES = frozenset({"syntax", "escape", "check"})
_PRAGMA = re.compile(
    r"#\s*(dockguard|hadolint)\s*:?\s*(global\s+)?(ignore-file|ignore)\s*=\s*(.*)$", re.IGNORECASE
)
# DG101, DL3008, DS-0001, CKV2_DOCKER_2, CIS-DI-0001: letters first, a digit somewhere.
_RULE_ID = re.compile(r"(?=[A-Za-z_-]*[0-9])[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*|all|\*", re.IGNORECASE)
_RAW_WORD = re.compile(r"\"(?:[^\"\\]|\\.)*\"?|'[^']*'?|\\.|[^\s\"'\\]+|\s+", re.DOTALL)
_HEREDOC_WORD = re.compile(r"(\d*)<<(-?)([^<]+)$")
_HEREDOC_NAME_STOP = re.compile(r"[;&|>()]")
_VAR = re.compile(r"\\\$|\$(?:\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))")
_VAR_EXPR = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])(.*))?$", re.DOTALL)
_WS_MARK = re.compile(r"[ \t\r\x1e]+")


# ----------------------------------------------------------------------------------------------
# entry points


def parse_file(path: str | os.PathLike[str]) -> Dockerfile:
    """Read and parse a Dockerfile; unreadable or undecodable files raise InputError."""
    spath = os.fspath(path)
    try:
        with open(spath, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise InputError(spath, exc.strerror or str(exc)) from None
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(spath, f"not valid UTF-8 (byte {exc.start})") from None
    df = parse(text, spath)
    df.context_dir = os.path.dirname(os.path.abspath(spath))
    return df


def parse(text: str, path: str = "Dockerfile") -> Dockerfile:
    """Parse Dockerfile text. Never raises on malformed input."""
    try:
        return _Parser(text, path).run()
    except Exception as exc:  # pragma: no cover - defensive: a lint must not crash on input
        lines = text.split("\n")
        return Dockerfile(path=path, text=text, lines=lines, instructions=[], stages=[],
                          global_args={},
                          errors=[ParseError(1, f"internal parser error: {exc!r}")])


# ----------------------------------------------------------------------------------------------
# word helpers


def split_words(s: str, escape: str = "\\") -> list[str]:
    """Split on whitespace with quotes removed, as BuildKit's word lexer does (`$VAR` kept)."""
    if escape not in s and "'" not in s and '"' not in s:
        return s.replace(MARK, "").split() if MARK in s else s.split()
    words: list[str] = []
    cur: list[str] = []
    have = False
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c in " \t\r\n" or c == MARK:
            if have:
                words.append("".join(cur))
                cur = []
                have = False
            i += 1
            continue
        have = True
        if c == escape:
            if i + 1 < n:
                cur.append(s[i + 1])
            i += 2
        elif c == "'":
            j = s.find("'", i + 1)
            if j < 0:
                j = n
            cur.append(s[i + 1 : j])
            i = j + 1
        elif c == '"':
            i += 1
            while i < n and s[i] != '"':
                if s[i] == escape and i + 1 < n and s[i + 1] in ('"', escape, "$", "\n"):
                    cur.append(s[i + 1])
                    i += 2
                else:
                    cur.append(s[i])
                    i += 1
            i += 1
        else:
            m = _plain_re(escape).match(s, i)
            j = m.end() if m else i + 1
            cur.append(s[i:j])
            i = j
    if have:
        words.append("".join(cur))
    return words


_PLAIN_RES: dict[str, re.Pattern[str]] = {}


def _plain_re(escape: str) -> re.Pattern[str]:
    pat = _PLAIN_RES.get(escape)
    if pat is None:
        pat = _PLAIN_RES[escape] = re.compile("[^ \t\r\n'\"\x1e" + re.escape(escape) + "]+")
    return pat


def _raw_words(line: str) -> list[str]:
    """Whitespace-separated words with quotes and escapes kept (BuildKit's raw lexing)."""
    words: list[str] = []
    cur: list[str] = []
    for m in _RAW_WORD.finditer(line):
        tok = m.group()
        if tok[0].isspace():
            if cur:
                words.append("".join(cur))
                cur = []
        else:
            cur.append(tok)
    if cur:
        words.append("".join(cur))
    return words


def _heredoc_specs(line: str) -> list[tuple[str, bool, bool]]:
    """(delimiter, strip_tabs, quoted) for each `<<WORD` of an instruction line."""
    specs = []
    for word in _raw_words(line):
        if "<<" not in word:
            continue
        m = _HEREDOC_WORD.match(word)
        if not m:
            continue
        rest = m.group(3)
        # cut at a shell operator outside quotes: `<<EOF>file`, `<<EOF;`
        out: list[str] = []
        quoted = False
        i, n = 0, len(rest)
        while i < n:
            c = rest[i]
            if c in "'\"":
                j = rest.find(c, i + 1)
                if j < 0:
                    j = n
                out.append(rest[i + 1 : j])
                quoted = True
                i = j + 1
            elif c == "\\":
                out.append(rest[i + 1 : i + 2])
                quoted = True
                i += 2
            elif _HEREDOC_NAME_STOP.match(c):
                break
            else:
                out.append(c)
                i += 1
        name = "".join(out)
        if name:
            specs.append((name, m.group(2) == "-", quoted))
    return specs


def _expand(value: str, scope: dict[str, str | None]) -> str | None:
    """Substitute $VAR / ${VAR} / ${VAR:-d} / ${VAR:+a} from scope; None if something is unknown."""
    if "$" not in value:
        return value
    unknown = False

    def repl(m: re.Match[str]) -> str:
        nonlocal unknown
        if m.group(0) == "\\$":
            return "$"
        if m.group(2) is not None:
            name, op, arg = m.group(2), None, None
        else:
            em = _VAR_EXPR.match(m.group(1) or "")
            if not em:
                unknown = True
                return ""
            name, op, arg = em.group(1), em.group(2), em.group(3)
        val = scope.get(name)
        known = name in scope and val is not None
        if op is None or op in (":?", "?"):
            if not known:
                unknown = True
                return ""
            return val or ""
        sub = _expand(arg or "", scope)
        if op == ":-":
            if known and val:
                return val
            if sub is None:
                unknown = True
            return sub or ""
        if op == "-":
            if known:
                return val or ""
            if sub is None:
                unknown = True
            return sub or ""
        if op in (":+", "+"):
            if not known:
                unknown = True
                return ""
            if op == ":+" and not val:
                return ""
            if sub is None:
                unknown = True
            return sub or ""
        unknown = True
        return ""

    out = _VAR.sub(repl, value)
    return None if unknown else out


def _parse_ignores(spec: str) -> set[str]:
    ids: set[str] = set()
    for tok in re.split(r"[,\s]+", spec.strip()):
        if not tok:
            continue
        if not _RULE_ID.fullmatch(tok):
            break  # a trailing reason or comment
        ids.add("*" if tok.lower() in ("all", "*") else tok.upper())
    return ids


def _json_list(value: str) -> list[str] | None:
    if not value.startswith("["):
        return None
    try:
        data = json.loads(value)
    except (ValueError, RecursionError):
        return None
    if isinstance(data, list) and all(isinstance(x, str) for x in data):
        return data
    return None


# ----------------------------------------------------------------------------------------------
# the parser


class _Parser:
    def __init__(self, text: str, path: str) -> None:
        if text.startswith("\ufeff"):
            text = text[1:]
        self.text = text
        self.path = path
        lines = text.split("\n")
        if lines and lines[-1] == "" and len(lines) > 1:
            lines.pop()
        self.lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
        self.escape = "\\"
        self.directives: dict[str, str] = {}
        self.errors: list[ParseError] = []
        self.ignores: dict[int, set[str]] = {}
        self.file_ignores: set[str] = set()
        self.instructions: list[Instruction] = []
        self.stages: list[Stage] = []
        self.global_args: dict[str, str | None] = {}
        self.stage_shell_ok: list[bool] = []
        self.shell_ok = True
        self.marked_args: dict[int, tuple[str, int]] = {}

    # -- top level --------------------------------------------------------------------------
    def run(self) -> Dockerfile:
        lines = self.lines
        n = len(lines)
        i = self.read_directives()
        esc = self.escape
        cont = re.compile(re.escape(esc) + r"[ \t]*$")
        pending: set[str] = set()
        while i < n:
            raw_line = lines[i]
            stripped = raw_line.lstrip(" \t\r\f\v")
            if not stripped:
                i += 1
                continue
            if stripped[0] == "#":
                self.pragma(stripped, pending)
                i += 1
                continue
            start = i
            # logical line: the continuation removed, a MARK for every physical line passed
            parts: list[str] = []
            first = stripped.replace(MARK, " ")
            m = cont.search(first)
            if m:
                parts.append(first[: m.start()])
                more = True
            else:
                parts.append(first)
                more = False
            i += 1
            while more and i < n:
                ln = lines[i]
                i += 1
                parts.append(MARK)
                s = ln.lstrip(" \t")
                if not s or s[0] == "#":
                    continue  # empty and comment lines inside a continuation are skipped
                ln = ln.replace(MARK, " ")
                m = cont.search(ln)
                if m:
                    parts.append(ln[: m.start()])
                else:
                    parts.append(ln)
                    more = False
            marked = "".join(parts)
            end = i - 1
            ins = self.instruction(marked, start + 1)
            if ins is None:
                pending = set()
                continue
            # here-documents
            target = ins.onbuild if ins.onbuild is not None else ins
            if target.keyword in HEREDOC_KEYWORDS and "<<" in marked:
                specs = _heredoc_specs(marked.replace(MARK, ""))
                for name, strip_tabs, quoted in specs:
                    body_lines: list[str] = []
                    body_start = i
                    terminated = False
                    while i < n:
                        ln = lines[i]
                        i += 1
                        check = ln.lstrip("\t") if strip_tabs else ln
                        if check == name:
                            terminated = True
                            break
                        body_lines.append(check)
                    if not terminated:
                        self.errors.append(ParseError(
                            start + 1, f"unterminated heredoc <<{name} (no closing '{name}' line)"))
                    end = i - 1
                    hd = Heredoc(
                        delimiter=name,
                        body="".join(x + "\n" for x in body_lines),
                        line=min(body_start + 1, i) if body_lines else max(end + 1, 1),
                        end_line=end + 1,
                        strip_tabs=strip_tabs,
                        quoted=quoted,
                    )
                    target.heredocs.append(hd)
            ins.end_line = max(end + 1, ins.line)
            ins.raw = "\n".join(lines[start : end + 1])
            if target is not ins:
                target.end_line = ins.end_line
                target.raw = ins.raw
            if pending:
                self.ignores.setdefault(ins.line, set()).update(pending)
                pending = set()
            self.add(ins)
        for st in self.stages:
            st.args = dict(st.args)
        return Dockerfile(
            path=self.path, text=self.text, lines=self.lines, instructions=self.instructions,
            stages=self.stages, global_args=self.global_args, directives=self.directives,
            escape=self.escape, errors=self.errors, ignores=self.ignores,
            file_ignores=self.file_ignores,
        )

    def read_directives(self) -> int:
        i = 0
        for i, line in enumerate(self.lines):
            m = _DIRECTIVE.match(line.lstrip(" \t"))
            if not m:
                return i
            key = m.group(1).lower()
            if key not in _VALID_DIRECTIVES:
                return i
            if key in self.directives:
                self.errors.append(ParseError(i + 1, f"only one {key} parser directive can be used"))
                return i
            value = m.group(2)
            self.directives[key] = value
            if key == "escape":
                if value in ("\\", "`"):
                    self.escape = value
                else:
                    self.errors.append(ParseError(i + 1, f"invalid escape token '{value}': "
                                                         "must be ` or \\"))
        return len(self.lines)

    def pragma(self, comment: str, pending: set[str]) -> None:
        if "ignore" not in comment.lower():
            return
        m = _PRAGMA.match(comment)
        if not m:
            return
        tool, is_global, kind, spec = m.groups()
        ids = _parse_ignores(spec)
        if not ids:
            return
        if kind.lower() == "ignore-file" or (is_global and tool.lower() == "hadolint") or is_global:
            self.file_ignores.update(ids)
        else:
            pending.update(ids)

    # -- one instruction --------------------------------------------------------------------
    def instruction(self, marked: str, line: int) -> Instruction | None:
        m = _WS_MARK.match(marked)
        pos = m.end() if m else 0
        j = pos
        n = len(marked)
        while j < n and marked[j] not in " \t\r" and marked[j] != MARK:
            j += 1
        word = marked[pos:j]
        keyword = word.upper()
        if keyword not in KEYWORDS:
            self.errors.append(ParseError(line, f"unknown instruction: {word[:40]}"))
            return None
        rest = marked[j:]
        return self.build(keyword, rest, line + marked[:j].count(MARK))

    def build(self, keyword: str, rest: str, line: int) -> Instruction:
        """rest: the marked text after the keyword; line: the line where rest starts."""
        flags: list[Flag] = []
        pos = 0
        n = len(rest)
        while True:
            m = _WS_MARK.match(rest, pos)
            if m:
                pos = m.end()
            if not rest.startswith("--", pos):
                break
            j = pos
            buf: list[str] = []
            while j < n and rest[j] not in " \t\r":
                c = rest[j]
                if c == MARK:
                    j += 1
                    continue
                if c in "'\"":
                    k = rest.find(c, j + 1)
                    if k < 0:
                        k = n
                    buf.append(rest[j + 1 : k].replace(MARK, ""))
                    j = k + 1
                    continue
                buf.append(c)
                j += 1
            pos = j
            tok = "".join(buf)
            if tok == "--":
                break
            name, eq, value = tok[2:].partition("=")
            flags.append(Flag(name.lower(), value if eq else None))
        args_marked = rest[pos:]
        args_line = line + rest[:pos].count(MARK)
        value = args_marked.replace(MARK, "").strip()
        ins = Instruction(keyword=keyword, line=line, end_line=line, raw="", value=value, flags=flags)
        ins.stage = len(self.stages) - 1
        if keyword == "RUN":
            self.marked_args[id(ins)] = (args_marked, args_line)
        self._args(ins, args_marked, args_line)
        return ins

    def _args(self, ins: Instruction, marked: str, line: int) -> None:
        kw = ins.keyword
        value = ins.value
        if kw == "ONBUILD":
            m = _WS_MARK.match(marked)
            pos = m.end() if m else 0
            j = pos
            while j < len(marked) and marked[j] not in " \t\r" and marked[j] != MARK:
                j += 1
            inner_kw = marked[pos:j].upper()
            if inner_kw in ("ONBUILD", "FROM", "MAINTAINER"):
                self.errors.append(ParseError(ins.line, f"{inner_kw} isn't allowed as an ONBUILD trigger"))
            elif inner_kw not in KEYWORDS:
                self.errors.append(ParseError(ins.line, f"unknown instruction: ONBUILD {marked[pos:j][:40]}"))
            else:
                inner = self.build(inner_kw, marked[j:], line + marked[:j].count(MARK))
                inner.line = ins.line
                ins.onbuild = inner
            ins.args = split_words(value, self.escape)
            return
        if kw in JSON_KEYWORDS:
            lst = _json_list(value)
            if lst is not None:
                ins.json_form = True
                ins.args = lst
                return
        if kw == "HEALTHCHECK":
            words = value.split(None, 1)
            if words and words[0].upper() == "CMD":
                body = words[1] if len(words) > 1 else ""
                lst = _json_list(body.strip())
                if lst is not None:
                    ins.json_form = True
                    ins.args = ["CMD", *lst]
                else:
                    ins.args = ["CMD", *split_words(body, self.escape)]
                return
        if kw in ("ENV", "LABEL"):
            words = split_words(value, self.escape)
            if words and "=" not in words[0]:
                # legacy `ENV key value`: the rest of the line is the value
                parts = value.split(None, 1)
                rest = parts[1] if len(parts) > 1 else ""
                rest_words = split_words(rest, self.escape)
                key = words[0]
                ins.args = [f"{key}={' '.join(rest_words) if rest_words else ''}"]
            else:
                ins.args = words
            return
        if kw == "RUN":
            ins.args = split_words(value, "\\")
            return
        ins.args = split_words(value, self.escape)

    # -- model assembly ---------------------------------------------------------------------
    def add(self, ins: Instruction) -> None:
        kw = ins.keyword
        if kw == "FROM":
            self.from_(ins)
        elif kw == "ARG":
            self.arg(ins)
        elif kw == "SHELL" and ins.json_form and ins.args:
            self.shell_ok = _basename(ins.args[0]).lower().removesuffix(".exe") in SH_SHELLS
        target = ins.onbuild if ins.onbuild is not None else ins
        if target.keyword == "RUN":
            self.run_commands(target)
        self.instructions.append(ins)
        if kw != "FROM" and self.stages:
            self.stages[-1].instructions.append(ins)

    def from_(self, ins: Instruction) -> None:
        words = ins.args
        base = words[0] if words else ""
        if not words:
            self.errors.append(ParseError(ins.line, "FROM requires an image name"))
        name = None
        if len(words) >= 3 and words[1].lower() == "as":
            name = words[2].lower()
        elif len(words) == 2 or len(words) > 3 or (len(words) == 3 and words[1].lower() != "as"):
            self.errors.append(ParseError(ins.line, "FROM expects: FROM [--platform=…] image [AS name]"))
        scope = dict(self.global_args)
        resolved = _expand(base, scope)
        parent = None
        key = (resolved if resolved is not None else base).lower()
        for st in self.stages:
            if st.name is not None and st.name == key:
                parent = st.index
        if parent is None and key.isdigit() and int(key) < len(self.stages):
            parent = int(key)
        platform = ins.flag("platform")
        stage = Stage(index=len(self.stages), base=base, base_resolved=resolved, name=name,
                      platform=platform if platform else None, line=ins.line,
                      from_instruction=ins, parent_stage=parent)
        ins.stage = stage.index
        self.stages.append(stage)
        self.shell_ok = self.stage_shell_ok[parent] if parent is not None else True
        self.stage_shell_ok.append(self.shell_ok)

    def arg(self, ins: Instruction) -> None:
        stage = self.stages[-1] if self.stages else None
        for word in ins.args:
            name, eq, default = word.partition("=")
            if not name:
                continue
            if stage is None:
                val: str | None = default if eq else None
                if val is not None and "$" in val:
                    exp = _expand(val, self.global_args)
                    val = exp if exp is not None else val
                self.global_args[name] = val
            else:
                if eq:
                    val = default
                    if "$" in val:
                        exp = _expand(val, {**stage.args})
                        val = exp if exp is not None else val
                else:
                    val = self.global_args.get(name)
                stage.args[name] = val

    def run_commands(self, ins: Instruction) -> None:
        if self.stages:
            self.stage_shell_ok[-1] = self.shell_ok
        if not self.shell_ok:
            return
        if ins.json_form:
            ins.commands = command_from_argv(ins.args, ins.line)
            return
        value = ins.value
        if ins.heredocs and len(ins.heredocs) == 1 and _is_bare_heredoc(value, ins.heredocs[0].delimiter):
            hd = ins.heredocs[0]
            interp = shebang_interpreter(hd.body)
            if interp is not None and interp not in SH_SHELLS:
                return  # e.g. a python script
            ins.commands, ins.shell_error = parse_shell(hd.body, hd.line)
            return
        # the script: the marked argument text, so that line numbers follow the source
        marked, start_line = self.marked_args.get(id(ins), (ins.value, ins.line))
        lead = _WS_MARK.match(marked)
        if lead:
            start_line += marked[: lead.end()].count(MARK)
            marked = marked[lead.end():]
        ins.commands, ins.shell_error = parse_shell(marked, start_line, heredocs=ins.heredocs)


def _basename(word: str) -> str:
    return word.replace("\\", "/").rsplit("/", 1)[-1]


def _is_bare_heredoc(value: str, name: str) -> bool:
    v = value.strip()
    if not v.startswith("<<"):
        return False
    words = _raw_words(v)
    if len(words) != 1:
        return False
    specs = _heredoc_specs(words[0])
    return len(specs) == 1 and specs[0][0] == name
