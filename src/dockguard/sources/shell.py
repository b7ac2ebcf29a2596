"""A small, fast POSIX-shell parser for RUN instructions.

It splits a script into simple commands (`Command`) with their argv (quotes removed), prefix
assignments, wrappers (`sudo`, `env`, `xargs` …) and pipeline positions. Command substitutions,
`sh -c '…'` bodies and here-documents fed to a shell are parsed recursively (`nested=True`).
It never raises: on malformed input it returns what it could parse plus an error text.

Line numbers: the script's first line is `line`; every newline and every `MARK` character
(a Dockerfile line continuation, which the shell treats as nothing) advances it by one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any, Iterable

from dockguard.model.dockerfile import Command

MARK = "\x1e"  # a zero-width line break: where the Dockerfile parser removed a line continuation

SH_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox", "yash", "posh"})

_MAX_DEPTH = 12
_TEXT_MAX = 160

_WS = re.compile(r"[ \t\r\x1e]+")
_PLAIN = re.compile(r"[^ \t\r\n'\"\\$`;&|<>()]+")
_DQ_PLAIN = re.compile(r'[^"\\$`]+')
_PAREN_SKIP = re.compile(r"[^\\'\"`()]+")
_BRACE_SKIP = re.compile(r"[^\\'\"{}]+")
_REDIR = re.compile(r"(\d*)(<<<|<<-|<<|>>|<>|<&|>&|>\||&>>|&>|<|>)")
_ASSIGN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=")
_RESERVED = frozenset({"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "{", "}", "!"})
_ANSI = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
         "e": "\x1b", "E": "\x1b", "\\": "\\", "'": "'", '"': '"', "?": "?"}


class _Heredoc:
    __slots__ = ("delimiter", "strip_tabs", "quoted", "body", "line", "fd", "filled")

    def __init__(self, delimiter: str, strip_tabs: bool, quoted: bool, fd: str) -> None:
        self.delimiter = delimiter
        self.strip_tabs = strip_tabs
        self.quoted = quoted
        self.fd = fd
        self.body: str | None = None
        self.line = 0
        self.filled = False


def _basename(word: str) -> str:
    return word.rsplit("/", 1)[-1]


def _decode_ansi(text: str) -> str:
    if "\\" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt in _ANSI:
            out.append(_ANSI[nxt])
            i += 2
        elif nxt == "x":
            m = re.match(r"[0-9A-Fa-f]{1,2}", text[i + 2 : i + 4])
            if m:
                out.append(chr(int(m.group(), 16)))
                i += 2 + m.end()
            else:
                out.append("\\x")
                i += 2
        elif nxt in "01234567":
            m = re.match(r"[0-7]{1,3}", text[i + 1 : i + 4])
            assert m is not None
            out.append(chr(int(m.group(), 8) & 0xFF))
            i += 1 + m.end()
        else:
            out.append("\\" + nxt)
            i += 2
    return "".join(out)


# ----------------------------------------------------------------------------------------------
# wrappers


def _skip_opts(argv: list[str], j: int, with_arg: frozenset[str], stop_at_assign: bool = False) -> int:
    """Skip option words starting at j; options in `with_arg` consume the next word."""
    n = len(argv)
    while j < n:
        a = argv[j]
        if a == "--":
            return j + 1
        if not a.startswith("-") or a == "-":
            return j
        j += 1
        if a in with_arg:
            j += 1
    return j


_SUDO_ARG = frozenset({"-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T", "-R", "--user",
                       "--group", "--host", "--prompt", "--close-from", "--chdir", "--role", "--type",
                       "--other-user", "--command-timeout", "--chroot"})
_ENV_ARG = frozenset({"-u", "--unset", "-C", "--chdir"})
_EXEC_ARG = frozenset({"-a"})
_TIME_ARG = frozenset({"-f", "--format", "-o", "--output"})
_NICE_ARG = frozenset({"-n", "--adjustment"})
_TIMEOUT_ARG = frozenset({"-s", "--signal", "-k", "--kill-after"})
_XARGS_ARG = frozenset({"-I", "-n", "-P", "-L", "-d", "-s", "-E", "-a", "--arg-file", "--delimiter",
                        "--max-args", "--max-procs", "--max-lines", "--max-chars", "--eof",
                        "--process-slot-var"})
_STDBUF_ARG = frozenset({"-i", "-o", "-e"})
_IONICE_ARG = frozenset({"-c", "-n", "-p", "-P", "-u", "--class", "--classdata"})


def strip_wrappers(argv: list[str]) -> tuple[int, tuple[str, ...], dict[str, str]]:
    """Index of the real program in argv, the wrapper names before it, and env assignments."""
    i = 0
    n = len(argv)
    wrappers: list[str] = []
    assigns: dict[str, str] = {}
    while i < n:
        name = _basename(argv[i])
        j = i + 1
        if name in ("sudo", "doas"):
            while j < n:
                a = argv[j]
                if a == "--":
                    j += 1
                    break
                if not a.startswith("-") or a == "-":
                    break
                j += 1
                if a in _SUDO_ARG or (not a.startswith("--") and len(a) > 2 and a[-1] in "ughpCDrtUTR"):
                    j += 1
            while j < n and _ASSIGN.match(argv[j]):
                k, _, v = argv[j].partition("=")
                assigns[k.rstrip("+")] = v
                j += 1
        elif name == "env":
            while j < n:
                a = argv[j]
                if a == "--":
                    j += 1
                    break
                if a in ("-S", "--split-string") and j + 1 < n:
                    # env -S 'cmd args': the string is split into words
                    rest = argv[j + 1].split()
                    argv[j : j + 2] = rest
                    n = len(argv)
                    continue
                if a.startswith("-") and a != "-":
                    j += 2 if a in _ENV_ARG else 1
                    continue
                if a == "-":
                    j += 1
                    continue
                if _ASSIGN.match(a):
                    k, _, v = a.partition("=")
                    assigns[k.rstrip("+")] = v
                    j += 1
                    continue
                break
        elif name == "nohup":
            if j < n and argv[j] == "--":
                j += 1
        elif name == "exec":
            j = _skip_opts(argv, j, _EXEC_ARG)
        elif name == "time":
            j = _skip_opts(argv, j, _TIME_ARG)
        elif name == "nice":
            j = _skip_opts(argv, j, _NICE_ARG)
        elif name == "ionice":
            j = _skip_opts(argv, j, _IONICE_ARG)
        elif name == "stdbuf":
            j = _skip_opts(argv, j, _STDBUF_ARG)
        elif name == "timeout":
            j = _skip_opts(argv, j, _TIMEOUT_ARG)
            j += 1  # the duration
        elif name == "xargs":
            j = _skip_opts(argv, j, _XARGS_ARG)
        elif name in ("command", "builtin"):
            if j < n and argv[j] in ("-v", "-V"):
                break  # a lookup, not a call
            j = _skip_opts(argv, j, frozenset())
        elif name in ("gosu", "su-exec", "chpst"):
            j += 1  # the user
        else:
            break
        if j >= n:
            break  # the wrapper alone is the command
        wrappers.append(name)
        i = j
    return i, tuple(wrappers), assigns


def _shell_c_body(argv: list[str]) -> int | None:
    """Index in argv of the script of `sh -c 'script'` / `su -c 'script'`, if any."""
    if not argv:
        return None
    name = _basename(argv[0])
    n = len(argv)
    start = 1
    if name == "busybox" and n > 1 and argv[1] in ("sh", "ash"):
        start = 2
    elif name in ("su", "runuser"):
        for j in range(1, n):
            a = argv[j]
            if a in ("-c", "--command", "--session-command") and j + 1 < n:
                return j + 1
            if a.startswith("--command="):
                return None  # body inside the word; handled by caller via split
        return None
    elif name not in SH_SHELLS:
        return None
    seen_c = False
    j = start
    while j < n:
        a = argv[j]
        if a in ("-o", "+o", "-O", "+O", "--rcfile", "--init-file"):
            j += 2
            continue
        if a == "--":
            j += 1
            continue
        if (a.startswith("-") or a.startswith("+")) and len(a) > 1:
            if not a.startswith("--") and "c" in a[1:]:
                seen_c = True
            j += 1
            continue
        return j if seen_c else None
    return None


# ----------------------------------------------------------------------------------------------
# the parser


class _Word:
    __slots__ = ("value", "quoted", "start", "end", "subs")

    def __init__(self, value: str, quoted: bool, start: int, end: int, subs: list[tuple[str, int]]):
        self.value = value
        self.quoted = quoted
        self.start = start
        self.end = end
        self.subs = subs


class _Parser:
    def __init__(self, script: str, line: int, nested: bool, depth: int, counter: list[int],
                 external: list[Any] | None = None) -> None:
        self.s = script
        self.n = len(script)
        self.pos = 0
        self.line = line
        self.nested = nested
        self.depth = depth
        self.counter = counter
        self.external = list(external) if external else []
        self.errors: list[str] = []
        self.out: list[Command] = []
        self.breaks: list[int] | None = None
        # current simple command
        self.words: list[_Word] = []
        self.redir_subs: list[tuple[str, int]] = []
        self.heredocs: list[_Heredoc] = []
        self.cmd_start = -1
        self.cmd_end = -1
        # pipeline
        self.pipe_id = -1
        self.pipe_pos = 0
        self.pipe_cmds: list[Command] = []
        # heredocs waiting for their body (read after the next newline)
        self.pending: list[_Heredoc] = []
        # nested reading state
        self.case_stack: list[str] = []
        self.skip_until_do = False
        self.skip_next_word = False
        self.skip_close_paren = False
        self.shell_fed: list[tuple[Command, _Heredoc]] = []
        self.in_test = False  # inside [[ … ]]

    # -- positions --------------------------------------------------------------------------
    def line_of(self, off: int) -> int:
        if self.breaks is None:
            s = self.s
            br = []
            for ch in ("\n", MARK):
                k = s.find(ch)
                while k >= 0:
                    br.append(k)
                    k = s.find(ch, k + 1)
            br.sort()
            self.breaks = br
        return self.line + bisect_left(self.breaks, off)

    def error(self, msg: str, off: int) -> None:
        if len(self.errors) < 5:
            self.errors.append(f"line {self.line_of(off)}: {msg}")

    # -- lexing helpers ---------------------------------------------------------------------
    def match_paren(self, i: int) -> int:
        """i is just after an opening '('; return the index just after its matching ')'."""
        s, n = self.s, self.n
        depth = 1
        while i < n:
            m = _PAREN_SKIP.match(s, i)
            if m:
                i = m.end()
                if i >= n:
                    break
            c = s[i]
            if c == "\\":
                i += 2
            elif c == "'":
                j = s.find("'", i + 1)
                if j < 0:
                    break
                i = j + 1
            elif c == '"':
                i = self.read_dquote(i + 1, [], [])
            elif c == "`":
                i = self.find_backtick(i + 1)
            elif c == "(":
                depth += 1
                i += 1
            else:  # ')'
                depth -= 1
                i += 1
                if depth == 0:
                    return i
        self.error("unterminated '('", i if i < n else n)
        return n

    def match_brace(self, i: int) -> int:
        s, n = self.s, self.n
        depth = 1
        while i < n:
            m = _BRACE_SKIP.match(s, i)
            if m:
                i = m.end()
                if i >= n:
                    break
            c = s[i]
            if c == "\\":
                i += 2
            elif c == "'":
                j = s.find("'", i + 1)
                i = n if j < 0 else j + 1
            elif c == '"':
                i = self.read_dquote(i + 1, [], [])
            elif c == "{":
                depth += 1
                i += 1
            else:
                depth -= 1
                i += 1
                if depth == 0:
                    return i
        self.error("unterminated '${'", n)
        return n

    def find_backtick(self, i: int) -> int:
        s, n = self.s, self.n
        while i < n:
            c = s[i]
            if c == "\\":
                i += 2
            elif c == "`":
                return i + 1
            else:
                i += 1
        self.error("unterminated '`'", n)
        return n

    def read_dollar(self, i: int, out: list[str], subs: list[tuple[str, int]]) -> int:
        s, n = self.s, self.n
        nxt = s[i + 1] if i + 1 < n else ""
        if nxt == "(":
            if i + 2 < n and s[i + 2] == "(":
                j = self.match_paren(i + 2)  # arithmetic: $(( … ))
                out.append(s[i:j])
                return j
            j = self.match_paren(i + 2)
            inner_end = j - 1 if j <= n and s[j - 1 : j] == ")" else j
            subs.append((s[i + 2 : inner_end], i + 2))
            out.append(s[i:j])
            return j
        if nxt == "{":
            j = self.match_brace(i + 2)
            out.append(s[i:j])
            return j
        if nxt == "'":
            j = i + 2
            while j < n:
                c = s[j]
                if c == "\\":
                    j += 2
                elif c == "'":
                    break
                else:
                    j += 1
            if j >= n:
                self.error("unterminated $'", i)
                out.append(_decode_ansi(s[i + 2 :]))
                return n
            out.append(_decode_ansi(s[i + 2 : j]))
            return j + 1
        if nxt == '"':  # $"…" (locale translation): same as "…"
            return self.read_dquote(i + 2, out, subs)
        out.append("$")
        return i + 1

    def read_backtick(self, i: int, out: list[str], subs: list[tuple[str, int]]) -> int:
        j = self.find_backtick(i + 1)
        end = j - 1 if self.s[j - 1 : j] == "`" else j
        inner = self.s[i + 1 : end]
        if "\\" in inner:
            inner = re.sub(r"\\([\\`$])", r"\1", inner)
        subs.append((inner, i + 1))
        out.append(self.s[i:j])
        return j

    def read_dquote(self, i: int, out: list[str], subs: list[tuple[str, int]]) -> int:
        """i is just after the opening quote; return the index after the closing one."""
        s, n = self.s, self.n
        start = i
        while i < n:
            m = _DQ_PLAIN.match(s, i)
            if m:
                out.append(m.group())
                i = m.end()
                if i >= n:
                    break
            c = s[i]
            if c == '"':
                return i + 1
            if c == "\\":
                nxt = s[i + 1] if i + 1 < n else ""
                if nxt == "\n":
                    i += 2
                elif nxt in ('"', "\\", "$", "`"):
                    out.append(nxt)
                    i += 2
                else:
                    out.append("\\")
                    i += 1
            elif c == "$":
                i = self.read_dollar(i, out, subs)
            else:  # backtick
                i = self.read_backtick(i, out, subs)
        self.error("unterminated double quote", start - 1)
        return n

    def read_word(self) -> _Word:
        s, n = self.s, self.n
        i = start = self.pos
        out: list[str] = []
        subs: list[tuple[str, int]] = []
        quoted = False
        while i < n:
            m = _PLAIN.match(s, i)
            if m:
                out.append(m.group())
                i = m.end()
                if i >= n:
                    break
            c = s[i]
            if c == "'":
                j = s.find("'", i + 1)
                quoted = True
                if j < 0:
                    self.error("unterminated single quote", i)
                    out.append(s[i + 1 :])
                    i = n
                    break
                out.append(s[i + 1 : j])
                i = j + 1
            elif c == '"':
                quoted = True
                i = self.read_dquote(i + 1, out, subs)
            elif c == "\\":
                while i + 1 < n and s[i + 1] == MARK:
                    i += 1  # a line continuation between the backslash and what it escapes
                    out.append(MARK)
                if i + 1 < n:
                    nxt = s[i + 1]
                    if nxt != "\n":
                        out.append(nxt)
                        quoted = True
                    i += 2
                else:
                    i += 1
            elif c == "$":
                i = self.read_dollar(i, out, subs)
            elif c == "`":
                i = self.read_backtick(i, out, subs)
            elif c == "(" and out and out[-1].endswith("="):
                j = self.match_paren(i + 1)  # array assignment a=(1 2)
                out.append(s[i:j])
                i = j
            elif c in "<>" and i + 1 < n and s[i + 1] == "(" and i == start:
                j = self.match_paren(i + 2)
                subs.append((s[i + 2 : j - 1], i + 2))
                out.append(s[i:j])
                i = j
            else:
                break
        self.pos = i
        return _Word("".join(out), quoted, start, i, subs)

    # -- command assembly -------------------------------------------------------------------
    def begin(self, off: int) -> None:
        if self.cmd_start < 0:
            self.cmd_start = off

    def end_command(self) -> None:
        words = self.words
        if self.cmd_start < 0 or (not words and not self.heredocs and not self.redir_subs):
            self.reset_command()
            return
        values = [w.value.replace(MARK, "") if MARK in w.value else w.value for w in words]
        assigns: dict[str, str] = {}
        k = 0
        while k < len(values) and _ASSIGN.match(values[k]) and not words[k].value.startswith(("'", '"')):
            name, _, val = values[k].partition("=")
            assigns[name.rstrip("+")] = val
            k += 1
        rest = values[k:]
        rest_words = words[k:]
        skip, wrappers, wassigns = strip_wrappers(rest)
        assigns.update(wassigns)
        argv = rest[skip:]
        # env -S may have re-split argv; keep word objects aligned only when lengths match
        aligned = len(rest) == len(values) - k
        word_of = rest_words[skip:] if aligned else []
        if self.pipe_id < 0:
            self.pipe_id = self.counter[0]
            self.counter[0] += 1
        end = self.cmd_end if self.cmd_end > self.cmd_start else self.pos
        text = self.s[self.cmd_start : end]
        if MARK in text or "\n" in text:
            text = " ".join(text.replace(MARK, " ").split())
        text = text.strip()
        if len(text) > _TEXT_MAX:
            text = text[: _TEXT_MAX - 1] + "…"
        cmd = Command(argv=argv, line=self.line_of(self.cmd_start), assignments=assigns,
                      wrappers=wrappers, pipeline=self.pipe_id, pipe_position=self.pipe_pos,
                      nested=self.nested, text=text)
        self.out.append(cmd)
        self.pipe_cmds.append(cmd)
        # commands inside command substitutions, and `sh -c` bodies
        subs: list[tuple[str, int]] = []
        for w in words:
            if w.subs:
                subs.extend(w.subs)
        subs.extend(self.redir_subs)
        for inner, off in subs:
            self.child(inner, self.line_of(off))
        body_at = _shell_c_body(argv)
        if body_at is not None and body_at < len(argv):
            raw = word_of[body_at].value if word_of else argv[body_at]
            start = word_of[body_at].start if word_of else self.cmd_start
            self.child(raw, self.line_of(start))
        elif argv and _basename(argv[0]) in ("su", "runuser"):
            for a in argv[1:]:
                if a.startswith("--command="):
                    self.child(a[len("--command="):], cmd.line)
        if argv and _basename(argv[0]) in SH_SHELLS and body_at is None:
            for hd in self.heredocs:
                if hd.fd in ("", "0"):
                    self.shell_fed.append((cmd, hd))
        self.reset_command()

    def reset_command(self) -> None:
        self.in_test = False
        self.words = []
        self.redir_subs = []
        self.heredocs = []
        self.cmd_start = -1
        self.cmd_end = -1

    def end_pipeline(self) -> None:
        self.end_command()
        if self.pipe_cmds:
            length = len(self.pipe_cmds)
            for c in self.pipe_cmds:
                c.pipe_length = length
        self.pipe_cmds = []
        self.pipe_id = -1
        self.pipe_pos = 0

    def child(self, script: str, line: int) -> None:
        if not script.strip():
            return
        if self.depth >= _MAX_DEPTH:
            self.errors.append("shell nesting too deep")
            return
        p = _Parser(script, line, True, self.depth + 1, self.counter)
        p.run()
        self.out.extend(p.out)
        for e in p.errors:
            if len(self.errors) < 5:
                self.errors.append(e)

    # -- heredocs ---------------------------------------------------------------------------
    def add_heredoc(self, op: str, fd: str, target: _Word) -> None:
        raw = self.s[target.start : target.end]
        delim = target.value.replace(MARK, "")
        hd = _Heredoc(delim, op == "<<-", any(q in raw for q in "'\"\\"), fd)
        self.heredocs.append(hd)
        for k, ext in enumerate(self.external):
            if getattr(ext, "delimiter", None) == delim:
                hd.body = ext.body
                hd.line = ext.line
                hd.filled = True
                del self.external[k]
                return
        self.pending.append(hd)

    def read_heredoc_bodies(self) -> None:
        """At the start of a line: read the bodies of the heredocs opened on the previous line."""
        s, n = self.s, self.n
        for hd in self.pending:
            lines: list[str] = []
            body_start = self.pos
            found = False
            while self.pos < n:
                eol = s.find("\n", self.pos)
                if eol < 0:
                    eol = n
                text = s[self.pos : eol]
                self.pos = min(eol + 1, n)
                check = text.rstrip("\r")
                if hd.strip_tabs:
                    check = check.lstrip("\t")
                    text = text.lstrip("\t")
                if check == hd.delimiter:
                    found = True
                    break
                lines.append(text)
            if not found:
                self.error(f"unterminated here-document <<{hd.delimiter}", body_start)
            hd.body = "".join(x + "\n" for x in lines)
            hd.line = self.line_of(body_start)
            hd.filled = True
        self.pending = []

    # -- main loop --------------------------------------------------------------------------
    def run(self) -> None:
        s, n = self.s, self.n
        while True:
            m = _WS.match(s, self.pos)
            if m:
                self.pos = m.end()
            if self.pos >= n:
                break
            c = s[self.pos]
            if c == "\n":
                self.end_pipeline()
                self.pos += 1
                if self.pending:
                    self.read_heredoc_bodies()
                continue
            if c == "#":
                eol = s.find("\n", self.pos)
                self.pos = n if eol < 0 else eol
                continue
            if self.skip_until_do:
                self.skip_token()
                continue
            if self.in_test and c in "&|<>()":
                # inside [[ … ]] these are test operators, not shell operators
                j = self.pos
                while j < n and s[j] in "&|<>()":
                    j += 1
                self.words.append(_Word(s[self.pos : j], False, self.pos, j, []))
                self.pos = self.cmd_end = j
                continue
            if c in ";&|()" or (c in "<>" and not (self.pos + 1 < n and s[self.pos + 1] == "(")) or (
                c.isdigit() and _REDIR.match(s, self.pos) and not _PLAIN_DIGITS_WORD(s, self.pos)
            ):
                if self.operator():
                    continue
            self.word_token()
        self.end_pipeline()
        if self.pending:
            for hd in self.pending:
                if hd.body is None:
                    hd.body = ""
            self.pending = []
        for cmd, hd in self.shell_fed:
            if hd.body:
                at = next(k for k, c in enumerate(self.out) if c is cmd) + 1
                p = _Parser(hd.body, hd.line, True, self.depth + 1, self.counter)
                if self.depth < _MAX_DEPTH:
                    p.run()
                    self.out[at:at] = p.out
                    self.errors.extend(p.errors[:3])

    def skip_token(self) -> None:
        s = self.s
        c = s[self.pos]
        if c in ";&|()<>":
            self.pos += 1
            return
        w = self.read_word()
        if w.end == w.start:
            self.pos += 1
            return
        if not w.quoted and w.value == "do":
            self.skip_until_do = False

    def operator(self) -> bool:
        """Handle an operator at self.pos; False if it is not one (then it is read as a word)."""
        s, n, i = self.s, self.n, self.pos
        c = s[i]
        two = s[i : i + 2]
        if self.case_stack and self.case_stack[-1] != "body":
            if c == ")" and self.case_stack[-1] == "pattern":
                self.case_stack[-1] = "body"
            self.pos += 1
            return True
        if c.isdigit() or c in "<>" or two in ("&>",):
            m = _REDIR.match(s, i)
            if m:
                self.begin(i)
                self.pos = m.end()
                fd, op = m.group(1), m.group(2)
                ws = _WS.match(s, self.pos)
                if ws:
                    self.pos = ws.end()
                if self.pos < n and s[self.pos] not in "\n;&|()<>":
                    target = self.read_word()
                    if target.subs:
                        self.redir_subs.extend(target.subs)
                    if op in ("<<", "<<-") and target.end > target.start:
                        self.add_heredoc(op, fd, target)
                self.cmd_end = self.pos
                return True
            return False
        if c == "&" and two == "&&" or c == "|" and two == "||":
            self.pos += 2
            self.end_pipeline()
            return True
        if c == ";":
            if two == ";;" or two == ";&":
                self.pos += 3 if s[i : i + 3] == ";;&" else 2
                self.end_pipeline()
                if self.case_stack:
                    self.case_stack[-1] = "pattern"
                return True
            self.pos += 1
            self.end_pipeline()
            return True
        if c == "|":
            self.pos += 2 if two == "|&" else 1
            self.end_command()
            self.pipe_pos += 1
            return True
        if c == "&":
            self.pos += 1
            self.end_pipeline()
            return True
        if c == "(":
            if len(self.words) == 1 and not self.words[0].quoted:
                # function definition: name() { …; }
                j = self.pos + 1
                ws = _WS.match(s, j)
                if ws:
                    j = ws.end()
                if j < n and s[j] == ")":
                    self.pos = j + 1
                    self.reset_command()
                    return True
            if not self.words and two == "((":
                j = self.match_paren(i + 2)  # arithmetic command (( … ))
                if j < n and s[j] == ")":
                    j += 1
                self.pos = j
                return True
            self.pos += 1
            self.end_pipeline()
            return True
        if c == ")":
            self.pos += 1
            if self.case_stack and self.case_stack[-1] == "pattern":
                self.case_stack[-1] = "body"
                return True
            self.end_command()
            return True
        return False

    def word_token(self) -> None:
        w = self.read_word()
        if w.end == w.start:  # a character no rule consumed; skip it
            self.pos += 1
            return
        v = w.value
        if self.case_stack:
            state = self.case_stack[-1]
            if state == "word":
                if not w.quoted and v == "in":
                    self.case_stack[-1] = "pattern"
                return
            if state == "pattern":
                if not w.quoted and v == "esac":
                    self.case_stack.pop()
                return
        if not self.words and self.cmd_start < 0 and not w.quoted:
            if self.skip_next_word:
                self.skip_next_word = False
                return
            if v in _RESERVED:
                return
            if v == "case":
                self.case_stack.append("word")
                return
            if v == "esac" and self.case_stack:
                self.case_stack.pop()
                return
            if v in ("for", "select"):
                self.skip_until_do = True
                return
            if v == "function":
                self.skip_next_word = True
                return
        self.begin(w.start)
        if not w.quoted:
            if v == "[[" and not self.words:
                self.in_test = True
            elif v == "]]":
                self.in_test = False
        self.words.append(w)
        self.cmd_end = w.end


def _PLAIN_DIGITS_WORD(s: str, i: int) -> bool:
    """True if the digits at i are part of a longer word (`2a`), not a redirect like `2>`."""
    j = i
    n = len(s)
    while j < n and s[j].isdigit():
        j += 1
    return j >= n or s[j] not in "<>"


def parse_shell(script: str, line: int, nested: bool = False, *,
                heredocs: Iterable[Any] | None = None,
                _counter: list[int] | None = None) -> tuple[list[Command], str | None]:
    """Parse a shell script into simple commands.

    `line` is the Dockerfile line of the script's first character. `heredocs` are the
    here-documents the Dockerfile attached to this script (objects with `delimiter`, `body`,
    `line`), matched by delimiter; other here-documents are read from the script itself.
    Returns the commands in source order (nested ones right after the command that holds them)
    and an error text, or None when the script parsed cleanly. Never raises.
    """
    counter = _counter if _counter is not None else [0]
    p = _Parser(script, line, nested, 0, counter, list(heredocs) if heredocs else None)
    try:
        p.run()
    except Exception as exc:  # pragma: no cover - defensive: the parser must never crash a lint
        p.errors.append(f"internal shell parser error: {exc!r}")
    return p.out, ("; ".join(p.errors) if p.errors else None)


def command_from_argv(argv: list[str], line: int, nested: bool = False) -> list[Command]:
    """Commands for an exec-form RUN (`RUN ["sudo", "apt-get", …]`): one command, plus the
    commands of a `sh -c` script it runs."""
    argv = list(argv)
    skip, wrappers, assigns = strip_wrappers(argv)
    real = argv[skip:]
    text = " ".join(real)
    cmd = Command(argv=real, line=line, assignments=assigns, wrappers=wrappers, nested=nested,
                  text=text if len(text) <= _TEXT_MAX else text[: _TEXT_MAX - 1] + "…")
    out = [cmd]
    body_at = _shell_c_body(real)
    if body_at is not None and body_at < len(real):
        inner, _err = parse_shell(real[body_at], line, True, _counter=[1])
        out.extend(inner)
    return out


def shebang_interpreter(body: str) -> str | None:
    """The interpreter named by a `#!` line (`bash` for `#!/usr/bin/env bash`), or None."""
    if not body.startswith("#!"):
        return None
    first = body[2:].split("\n", 1)[0].split()
    if not first:
        return None
    prog = _basename(first[0])
    if prog == "env":
        rest = [w for w in first[1:] if not w.startswith("-") and "=" not in w]
        if not rest:
            return "env"
        prog = _basename(rest[0])
    return prog
