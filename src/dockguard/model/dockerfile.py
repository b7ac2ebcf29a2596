"""The Dockerfile model: stages, instructions with line spans, and RUN shell parsed into commands.

Built by `dockguard.sources.dockerfile.parse`; read by the rules in `dockguard.rules.dockerfile`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator


@dataclass(slots=True)
class Flag:
    """An instruction flag such as `--from=build` or `--mount=type=secret,id=x`."""

    name: str  # without dashes: "from", "chown", "mount"
    value: str | None  # None for a bare flag such as `--link`


@dataclass(slots=True)
class Heredoc:
    delimiter: str  # "EOF"
    body: str  # the lines between the opening and the closing delimiter (tabs stripped for <<-)
    line: int  # 1-based line of the first body line
    end_line: int  # line of the closing delimiter
    strip_tabs: bool = False  # <<-EOF
    quoted: bool = False  # <<"EOF" or <<'EOF': no expansion in the body


@dataclass(slots=True)
class Command:
    """One simple command of a shell script, as a word list.

    `argv[0]` is the program as written (`/usr/bin/apt-get`); `name` is its basename (`apt-get`),
    after leading assignments (`FOO=1 cmd`) and wrappers (`sudo`, `env`, `nohup`, `exec`, `time`,
    `xargs`…) have been removed; the wrapper names are kept in `wrappers`.
    Words are unquoted as the shell would; a word that holds an unexpanded variable keeps its `$`.
    """

    argv: list[str]
    line: int  # 1-based Dockerfile line where the command starts
    assignments: dict[str, str] = field(default_factory=dict)  # FOO=bar prefix assignments
    wrappers: tuple[str, ...] = ()  # ("sudo",) for `sudo apt-get …`
    pipeline: int = 0  # index of the pipeline this command belongs to, within its script
    pipe_position: int = 0  # 0 for the first command of a pipeline, 1 for the one after `|`, …
    pipe_length: int = 1  # number of commands in the pipeline
    nested: bool = False  # came from `sh -c '…'`, `bash -c`, or a heredoc body
    text: str = ""  # source text of the command, for messages

    @property
    def name(self) -> str:
        return self.argv[0].rsplit("/", 1)[-1] if self.argv else ""

    @property
    def args(self) -> list[str]:
        return self.argv[1:]

    def has_flag(self, *flags: str) -> bool:
        """True if any flag is present: `--yes`, `--yes=…`, or a short flag (also inside `-qy`)."""
        for word in self.argv[1:]:
            if word == "--":
                break
            for flag in flags:
                if flag.startswith("--"):
                    if word == flag or word.startswith(flag + "="):
                        return True
                elif len(flag) == 2 and word.startswith("-") and not word.startswith("--"):
                    if word == flag or (flag[1] in word[1:] and word[1:].isalpha()):
                        return True
                elif word == flag:
                    return True
        return False

    def flag_value(self, *flags: str) -> str | None:
        """The value of `--flag=value`, `--flag value` or `-f value` (first match)."""
        words = self.argv[1:]
        for i, word in enumerate(words):
            for flag in flags:
                if word == flag and i + 1 < len(words):
                    return words[i + 1]
                if flag.startswith("--") and word.startswith(flag + "="):
                    return word[len(flag) + 1 :]
        return None


@dataclass(slots=True)
class Instruction:
    keyword: str  # upper case: "RUN", "FROM", …
    line: int  # 1-based first line
    end_line: int  # last line (continuations and heredoc bodies included)
    raw: str  # the original text of all its lines
    value: str  # the arguments after the flags, continuations joined (comment lines removed)
    flags: list[Flag] = field(default_factory=list)
    json_form: bool = False  # exec form: RUN ["a", "b"]
    args: list[str] = field(default_factory=list)  # exec-form list, or the words of the value
    heredocs: list[Heredoc] = field(default_factory=list)
    stage: int = -1  # index of the stage, -1 before the first FROM
    onbuild: "Instruction | None" = None  # for ONBUILD: the wrapped instruction
    commands: list[Command] = field(default_factory=list)  # RUN (and ONBUILD RUN): parsed shell
    shell_error: str | None = None  # why the shell could not be fully parsed, if so

    def flag(self, name: str) -> str | None:
        """Value of the first flag with this name ("" for a bare flag), or None if absent."""
        for f in self.flags:
            if f.name == name:
                return f.value if f.value is not None else ""
        return None

    def flag_values(self, name: str) -> list[str]:
        return [f.value or "" for f in self.flags if f.name == name]


@dataclass(slots=True)
class Stage:
    index: int
    base: str  # the image as written: "python:${PY}-slim", "scratch", "build"
    base_resolved: str | None  # after ARG substitution; None when an ARG has no value
    name: str | None  # the alias of `AS name`, lower-cased as BuildKit does
    platform: str | None
    line: int
    from_instruction: Instruction
    instructions: list[Instruction] = field(default_factory=list)  # after FROM, in order
    parent_stage: int | None = None  # index of the stage named in FROM, when FROM names a stage
    args: dict[str, str | None] = field(default_factory=dict)  # ARGs in scope at the end of the stage

    @property
    def is_scratch(self) -> bool:
        return (self.base_resolved or self.base).lower() == "scratch"

    def find(self, *keywords: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword in keywords]


@dataclass(slots=True)
class ParseError:
    line: int
    message: str


@dataclass(slots=True)
class Dockerfile:
    path: str
    text: str
    lines: list[str]  # the physical lines, without newlines
    instructions: list[Instruction]  # every instruction in order (including the global ARGs)
    stages: list[Stage]
    global_args: dict[str, str | None]  # ARGs declared before the first FROM
    directives: dict[str, str] = field(default_factory=dict)  # "escape", "syntax", "check"
    escape: str = "\\"
    errors: list[ParseError] = field(default_factory=list)
    # Inline pragmas: line of the instruction they apply to -> rule IDs ("*" = all), and file-wide.
    ignores: dict[int, set[str]] = field(default_factory=dict)
    file_ignores: set[str] = field(default_factory=set)
    context_dir: str | None = None  # the build context (directory of the Dockerfile by default)
    # Patterns of the context's .dockerignore (or <name>.dockerignore); None when there is none.
    # Set by the lint command, which reads the file; rules stay pure.
    dockerignore: list[str] | None = None

    def final_stage(self, target: str | None = None) -> Stage | None:
        if not self.stages:
            return None
        if target:
            for stage in self.stages:
                if stage.name == target.lower():
                    return stage
            return None
        return self.stages[-1]

    def shipped_stages(self, target: str | None = None) -> list[Stage]:
        """The final stage and every stage it is built FROM (their instructions are in the image)."""
        final = self.final_stage(target)
        out: list[Stage] = []
        while final is not None:
            out.append(final)
            final = self.stages[final.parent_stage] if final.parent_stage is not None else None
        return out

    def stage_named(self, name: str) -> Stage | None:
        lowered = name.lower()
        for stage in self.stages:
            if stage.name == lowered:
                return stage
        if name.isdigit() and int(name) < len(self.stages):
            return self.stages[int(name)]
        return None

    def iter_instructions(self, *keywords: str) -> Iterator[Instruction]:
        for ins in self.instructions:
            if not keywords or ins.keyword in keywords:
                yield ins

    def iter_commands(self) -> Iterator[tuple[Instruction, Command]]:
        """Every shell command of every RUN (ONBUILD RUN included), with its instruction."""
        for ins in self.instructions:
            target = ins.onbuild if ins.onbuild is not None else ins
            for cmd in target.commands:
                yield ins, cmd
