"""Tests for the BuildKit-faithful Dockerfile parser."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from dockguard.errors import InputError
from dockguard.sources.dockerfile import parse, parse_file

CORPORA = Path("/work/shared/corpora")


def corpus_files() -> list[Path]:
    if not CORPORA.is_dir():
        return []
    return sorted(p for p in CORPORA.rglob("Dockerfile*") if p.is_file())


def peer_case_dockerfiles() -> list[str]:
    out = []
    for name in ("trivy-checks.jsonl", "checkov.jsonl"):
        f = CORPORA / "peer-cases" / name
        if f.is_file():
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    out.append(json.loads(line).get("dockerfile") or "")
    return out


def by_kw(df, kw):
    return [i for i in df.instructions if i.keyword == kw]


# -- directives, comments, continuations --------------------------------------------------------


def test_directives_and_escape_backtick():
    df = parse("# Syntax=docker/dockerfile:1\n# ESCAPE=`\n# check=skip=all\nFROM alpine\nRUN echo a `\n  && echo b\n")
    assert df.directives == {"syntax": "docker/dockerfile:1", "escape": "`", "check": "skip=all"}
    assert df.escape == "`"
    run = by_kw(df, "RUN")[0]
    assert (run.line, run.end_line) == (5, 6)
    assert [c.argv for c in run.commands] == [["echo", "a"], ["echo", "b"]]
    assert [c.line for c in run.commands] == [5, 6]


def test_directive_after_comment_or_instruction_is_a_comment():
    df = parse("# hello\n# escape=`\nFROM alpine\n")
    assert df.directives == {} and df.escape == "\\"
    df = parse("FROM alpine\n# escape=`\n")
    assert df.directives == {}
    df = parse("\n# escape=`\nFROM a\n")
    assert df.directives == {}


def test_invalid_escape_is_an_error():
    df = parse("# escape=x\nFROM alpine\n")
    assert df.errors and df.errors[0].line == 1 and df.escape == "\\"


def test_continuation_with_trailing_whitespace_comments_and_empty_lines():
    text = (
        "FROM debian\n"
        "RUN apt-get update && \\   \n"
        "    # a comment inside the continuation\n"
        "\n"
        "    apt-get install -y curl \\\n"
        "  && rm -rf /var/lib/apt/lists/*\n"
        "USER app\n"
    )
    df = parse(text)
    run = by_kw(df, "RUN")[0]
    assert (run.line, run.end_line) == (2, 6)
    assert "comment" not in run.value
    assert run.value.startswith("apt-get update &&")
    cmds = run.commands
    assert [c.argv[:2] for c in cmds] == [["apt-get", "update"], ["apt-get", "install"], ["rm", "-rf"]]
    assert [c.line for c in cmds] == [2, 5, 6]
    assert by_kw(df, "USER")[0].line == 7
    assert df.lines[1] == "RUN apt-get update && \\   "
    assert run.raw.splitlines()[0] == "RUN apt-get update && \\   "


def test_keywords_case_insensitive_and_crlf_and_bom():
    df = parse("\ufeffFrom alpine\r\nrun echo hi\r\n")
    assert [i.keyword for i in df.instructions] == ["FROM", "RUN"]
    assert df.instructions[1].commands[0].argv == ["echo", "hi"]
    assert df.lines == ["From alpine", "run echo hi"]


def test_unknown_instruction_is_an_error_and_parsing_continues():
    df = parse("FROM alpine\nFOO bar\nUSER 1000\n")
    assert [(e.line, e.message) for e in df.errors] == [(2, "unknown instruction: FOO")]
    assert [i.keyword for i in df.instructions] == ["FROM", "USER"]


def test_fragment_without_from():
    df = parse("RUN apt-get install -y curl\nUSER root\n")
    assert df.stages == []
    assert [i.stage for i in df.instructions] == [-1, -1]
    assert df.instructions[0].commands[0].name == "apt-get"
    assert df.final_stage() is None


# -- heredocs ---------------------------------------------------------------------------------


def test_heredoc_run_script_and_comment_right_after_terminator():
    # hadolint #960: a comment right after the closing delimiter
    text = "# syntax=docker/dockerfile:1\nFROM alpine:3.17\nRUN <<EOF\n    echo \"test\"\n    apk add curl\nEOF\n# comment\nCOPY --from=x /a ./\n"
    df = parse(text)
    assert df.errors == []
    run = by_kw(df, "RUN")[0]
    assert (run.line, run.end_line) == (3, 6)
    hd = run.heredocs[0]
    assert (hd.delimiter, hd.line, hd.end_line, hd.quoted, hd.strip_tabs) == ("EOF", 4, 6, False, False)
    assert hd.body == '    echo "test"\n    apk add curl\n'
    assert [(c.argv, c.line, c.nested) for c in run.commands] == [
        (["echo", "test"], 4, False), (["apk", "add", "curl"], 5, False)]
    assert by_kw(df, "COPY")[0].line == 8


def test_heredoc_after_line_continuation():
    # hadolint #1019
    df = parse("FROM scratch\n\nRUN foo && \\\n    bar <<BAR\nblah\nBAR\nUSER 1\n")
    assert df.errors == []
    run = by_kw(df, "RUN")[0]
    assert (run.line, run.end_line) == (3, 6)
    assert run.heredocs[0].body == "blah\n" and run.heredocs[0].line == 5
    assert [(c.name, c.line) for c in run.commands] == [("foo", 3), ("bar", 4)]
    assert by_kw(df, "USER")[0].line == 7


def test_heredoc_in_middle_of_continued_chain():
    df = parse("FROM a\nRUN foo \\\n && bar <<EOF >> bar.txt \\\n && baz\ninside\nEOF\nUSER x\n")
    run = by_kw(df, "RUN")[0]
    assert [c.name for c in run.commands] == ["foo", "bar", "baz"]
    assert run.heredocs[0].body == "inside\n"
    assert run.end_line == 6


def test_heredoc_dash_escaped_delimiter():
    # hadolint #1051
    df = parse("FROM debian\n\nCOPY <<-\\EOT /data.txt\n\t  echo '$TARGETBUILDARCH'\n\tEOT\n\nCMD [\"cat\", \"/data.txt\"]\n")
    assert df.errors == []
    copy = by_kw(df, "COPY")[0]
    hd = copy.heredocs[0]
    assert hd.delimiter == "EOT" and hd.strip_tabs and hd.quoted
    assert hd.body == "  echo '$TARGETBUILDARCH'\n"
    assert copy.args[-1] == "/data.txt"
    assert by_kw(df, "CMD")[0].json_form


@pytest.mark.parametrize("opener,quoted", [('<<"EOF"', True), ("<<'EOF'", True), ("<<EOF", False)])
def test_heredoc_quoted_delimiters(opener, quoted):
    df = parse(f"FROM a\nCOPY {opener} /x\n$HOME\nEOF\n")
    hd = by_kw(df, "COPY")[0].heredocs[0]
    assert hd.delimiter == "EOF" and hd.quoted is quoted and hd.body == "$HOME\n"


def test_heredoc_bash_after_delimiter_and_next_run():
    # hadolint #1137: `RUN <<EOF bash`, and another RUN right after the terminator
    text = "FROM a\nRUN <<EOF bash\n    set -euxo pipefail\n    echo 123 | cat\nEOF\nRUN echo next\n"
    df = parse(text)
    assert df.errors == []
    runs = by_kw(df, "RUN")
    assert len(runs) == 2
    cmds = runs[0].commands
    assert cmds[0].argv == ["bash"] and not cmds[0].nested
    nested = [(c.argv, c.line, c.nested) for c in cmds[1:]]
    assert nested == [(["set", "-euxo", "pipefail"], 3, True), (["echo", "123"], 4, True), (["cat"], 4, True)]
    assert cmds[2].pipe_length == 2 and cmds[3].pipe_position == 1
    assert runs[1].line == 6 and runs[1].commands[0].argv == ["echo", "next"]


def test_heredoc_sh_before_delimiter_is_shell_parsed_python_is_not():
    df = parse("FROM a\nRUN sh <<EOF\napt-get update\nEOF\nRUN python3 <<EOF\nimport os; os.system('x')\nEOF\n")
    r1, r2 = by_kw(df, "RUN")
    assert [c.name for c in r1.commands] == ["sh", "apt-get"]
    assert r1.commands[1].nested and r1.commands[1].line == 3
    assert [c.name for c in r2.commands] == ["python3"]


def test_heredoc_shebang():
    df = parse("FROM a\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\nRUN <<EOF\n#!/bin/bash\ncurl -s x | sh\nEOF\n")
    py, sh = by_kw(df, "RUN")
    assert py.commands == []
    assert [(c.name, c.line, c.pipe_position) for c in sh.commands] == [("curl", 8, 0), ("sh", 8, 1)]


def test_several_heredocs_in_one_instruction():
    df = parse("FROM a\nRUN cat <<\"A\" > /a && cat <<B > /b\na $x\nA\nb\nB\nUSER 1\n")
    run = by_kw(df, "RUN")[0]
    assert [(h.delimiter, h.body, h.line, h.end_line, h.quoted) for h in run.heredocs] == [
        ("A", "a $x\n", 3, 4, True), ("B", "b\n", 5, 6, False)]
    assert run.end_line == 6
    assert [c.argv for c in run.commands] == [["cat"], ["cat"]]
    assert by_kw(df, "USER")[0].line == 7


def test_copy_multiple_heredocs_and_add():
    df = parse("FROM a\nCOPY <<one <<two /dest/\n1\none\n2\ntwo\nADD <<EOF /x\nadd\nEOF\n")
    copy, add = by_kw(df, "COPY")[0], by_kw(df, "ADD")[0]
    assert [h.body for h in copy.heredocs] == ["1\n", "2\n"]
    assert add.heredocs[0].body == "add\n" and add.line == 7


def test_unterminated_heredoc_is_an_error():
    df = parse("FROM a\nRUN <<EOF\necho hi\n")
    assert any(e.line == 2 and "unterminated heredoc" in e.message for e in df.errors)


def test_heredoc_markers_in_quotes_are_not_heredocs():
    df = parse("FROM a\nRUN echo \"<<EOF\"\nUSER 1\n")
    assert by_kw(df, "RUN")[0].heredocs == []
    assert by_kw(df, "USER")[0].line == 3


def test_here_string_is_not_a_heredoc():
    df = parse("FROM a\nRUN cat <<<hello\nUSER 1\n")
    assert by_kw(df, "RUN")[0].heredocs == [] and by_kw(df, "USER")


# -- forms and flags --------------------------------------------------------------------------


def test_exec_and_shell_form():
    df = parse('FROM a\nCMD ["nginx", "-g", "daemon off;"]\nENTRYPOINT [not json\nRUN ["sudo", "apt-get", "update"]\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n')
    cmd, ep, run, shell = df.instructions[1:]
    assert cmd.json_form and cmd.args == ["nginx", "-g", "daemon off;"]
    assert not ep.json_form and ep.args == ["[not", "json"]
    assert run.json_form and run.commands[0].argv == ["apt-get", "update"] and run.commands[0].wrappers == ("sudo",)
    assert shell.json_form and shell.args[0] == "/bin/bash"


def test_flags():
    text = (
        "FROM --platform=linux/amd64 golang:1.22 AS build\n"
        "RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=npm \\\n"
        "    --network=none --security=insecure go build ./...\n"
        "COPY --from=build --chown=1000:1000 --chmod=755 --link /out /app\n"
        "ADD --checksum=sha256:abc --keep-git-dir=true https://x/y.tgz /y\n"
        "COPY --parents --exclude=*.md ./src /dst\n"
        "HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost/ || exit 1\n"
    )
    df = parse(text)
    frm, run, copy, add, copy2, hc = df.instructions
    assert frm.flag("platform") == "linux/amd64" and df.stages[0].platform == "linux/amd64"
    assert run.flag_values("mount") == ["type=cache,target=/root/.cache", "type=secret,id=npm"]
    assert run.flag("network") == "none" and run.flag("security") == "insecure"
    assert run.value == "go build ./..." and run.commands[0].argv == ["go", "build", "./..."]
    assert run.commands[0].line == 3
    assert copy.flag("from") == "build" and copy.flag("chown") == "1000:1000" and copy.flag("chmod") == "755"
    assert copy.flag("link") == "" and copy.flag("nope") is None
    assert copy.args == ["/out", "/app"]
    assert add.flag("checksum") == "sha256:abc" and add.flag("keep-git-dir") == "true"
    assert copy2.flag("parents") == "" and copy2.flag("exclude") == "*.md"
    assert hc.flag("interval") == "30s" and hc.args[0] == "CMD" and hc.args[1] == "curl"


def test_run_mount_continuation_then_flags_after_packages():
    # trivy #4462: flags that come after the package names, RUN --mount on continued lines
    text = (
        "FROM debian:11-slim\n"
        "RUN --mount=type=cache,mode=0755,target=/var/cache/apt,sharing=locked \\\n"
        "    --mount=type=cache,mode=0755,target=/var/lib/apt,sharing=locked \\\n"
        "    env DEBIAN_FRONTEND=noninteractive apt-get update && apt-get install -y tzdata postgresql-10 --no-install-recommends && rm -rf /var/lib/apt/lists/*\n"
    )
    run = by_kw(parse(text), "RUN")[0]
    assert len(run.flag_values("mount")) == 2
    upd, inst, rm = run.commands
    assert upd.argv == ["apt-get", "update"] and upd.wrappers == ("env",)
    assert upd.assignments == {"DEBIAN_FRONTEND": "noninteractive"}
    assert inst.has_flag("--no-install-recommends") and inst.has_flag("-y")
    assert all(c.line == 4 for c in run.commands)


def test_semicolon_separated_commands():
    # trivy #6516
    text = (
        "FROM debian\n"
        "RUN \\\n"
        "    sed -i -e 's#Types: deb#Types: deb deb-src#' /etc/apt/sources.list.d/debian.sources ;\\\n"
        "    apt-get update ;\\\n"
        "    apt-get -y install \\\n"
        "        bash-completion \\\n"
        "        sudo \\\n"
        "    ;\\\n"
        "    echo done\n"
    )
    run = by_kw(parse(text), "RUN")[0]
    assert [c.argv[:2] for c in run.commands] == [["sed", "-i"], ["apt-get", "update"],
                                                  ["apt-get", "-y"], ["echo", "done"]]
    assert run.commands[2].argv[-2:] == ["bash-completion", "sudo"]
    assert [c.line for c in run.commands] == [3, 4, 5, 9]
    assert run.commands[0].argv[3] == "s#Types: deb#Types: deb deb-src#"


def test_env_label_forms():
    df = parse('FROM a\nENV A=1 B="two words" C=x\\ y\nENV LEGACY some value here\nLABEL maintainer "Jane Doe"\nLABEL a=b c="d e"\n')
    env1, env2, lab1, lab2 = df.instructions[1:]
    assert env1.args == ["A=1", "B=two words", "C=x y"]
    assert env2.args == ["LEGACY=some value here"]
    assert lab1.args == ["maintainer=Jane Doe"]
    assert lab2.args == ["a=b", "c=d e"]


def test_onbuild():
    df = parse("FROM a\nONBUILD RUN sudo apt-get install -y x\nONBUILD COPY . /app\n")
    ob = df.instructions[1]
    assert ob.keyword == "ONBUILD" and ob.onbuild is not None
    assert ob.onbuild.keyword == "RUN" and ob.onbuild.line == 2
    assert ob.onbuild.commands[0].name == "apt-get" and ob.onbuild.commands[0].wrappers == ("sudo",)
    assert [c.name for _, c in df.iter_commands()] == ["apt-get"]
    assert df.instructions[2].onbuild.args == [".", "/app"]


def test_onbuild_from_is_an_error():
    df = parse("FROM a\nONBUILD FROM b\n")
    assert df.errors and df.errors[0].line == 2


# -- stages and ARGs --------------------------------------------------------------------------


def test_stages_aliases_parents():
    text = (
        "ARG PY=3.12\n"
        "FROM python:${PY}-slim AS Builder\n"
        "RUN pip install x\n"
        "FROM builder AS test\n"
        "RUN pytest\n"
        "FROM --platform=$BUILDPLATFORM gcr.io/distroless/python3 AS final\n"
        "COPY --from=builder /x /x\n"
        "USER 1000\n"
    )
    df = parse(text)
    assert [s.name for s in df.stages] == ["builder", "test", "final"]
    b, t, f = df.stages
    assert b.base == "python:${PY}-slim" and b.base_resolved == "python:3.12-slim"
    assert t.parent_stage == 0 and f.parent_stage is None
    assert f.platform == "$BUILDPLATFORM" and f.line == 6
    assert [i.keyword for i in f.instructions] == ["COPY", "USER"]
    assert df.instructions[0].stage == -1 and df.global_args == {"PY": "3.12"}
    assert [i.stage for i in df.instructions] == [-1, 0, 0, 1, 1, 2, 2, 2]
    assert df.final_stage("TEST") is t
    assert [s.index for s in df.shipped_stages("test")] == [1, 0]


def test_arg_resolution_in_from():
    text = (
        "ARG REGISTRY\n"
        "ARG BASE=alpine\n"
        "ARG TAG=3.20\n"
        "FROM ${REGISTRY}/ubuntu:22.04\n"
        "FROM $BASE:$TAG\n"
        "FROM ${BASE}:${NOPE:-3.19}\n"
        "FROM ${REGISTRY:-docker.io}/library/alpine\n"
        "FROM ${BASE:+x}y\n"
        "FROM golang:${GO_VERSION}\n"
        "FROM --platform=$TARGETPLATFORM ${TARGETARCH}/alpine\n"
    )
    df = parse(text)
    assert [s.base_resolved for s in df.stages] == [
        None, "alpine:3.20", "alpine:3.19", "docker.io/library/alpine", "xy", None, None]
    assert df.errors == []


def test_stage_arg_scoping():
    text = (
        "ARG VERSION=1.0\n"
        "ARG OTHER=x\n"
        "FROM alpine\n"
        "ARG VERSION\n"
        "ARG LOCAL=7\n"
        "ARG TARGETARCH\n"
        "FROM alpine\n"
        "RUN echo $VERSION\n"
    )
    df = parse(text)
    s0, s1 = df.stages
    assert s0.args == {"VERSION": "1.0", "LOCAL": "7", "TARGETARCH": None}
    assert s1.args == {}
    assert df.global_args == {"VERSION": "1.0", "OTHER": "x"}


def test_from_stage_by_index():
    df = parse("FROM alpine\nFROM 0\n")
    assert df.stages[1].parent_stage == 0


# -- pragmas ----------------------------------------------------------------------------------


def test_pragmas():
    text = (
        "# hadolint global ignore=DL3008,DL3009\n"
        "# dockguard ignore-file=dg150\n"
        "FROM debian\n"
        "# dockguard ignore=DG101,DG102\n"
        "USER root\n"
        "# dockguard: ignore=DG200\n"
        "\n"
        "RUN apt-get install -y curl\n"
        "# hadolint ignore=DL3003 because reasons\n"
        "RUN cd /x\n"
        "# dockguard ignore=all\n"
        "CMD x\n"
        "# dockguard ignore=*\n"
        "EXPOSE 22\n"
    )
    df = parse(text)
    assert df.file_ignores == {"DL3008", "DL3009", "DG150"}
    assert df.ignores == {5: {"DG101", "DG102"}, 8: {"DG200"}, 10: {"DL3003"}, 12: {"*"}, 14: {"*"}}


# -- files, corpus, fuzz ----------------------------------------------------------------------


def test_parse_file_bom_and_context_dir(tmp_path):
    p = tmp_path / "Dockerfile"
    p.write_bytes(b"\xef\xbb\xbfFROM alpine\nUSER 1\n")
    df = parse_file(p)
    assert df.instructions[0].keyword == "FROM" and df.context_dir == str(tmp_path)
    assert df.path == str(p)
    assert parse("FROM a\n").context_dir is None


def test_parse_file_errors(tmp_path):
    with pytest.raises(InputError) as exc:
        parse_file(tmp_path / "missing")
    assert str(exc.value).startswith(str(tmp_path / "missing") + ": ")
    bad = tmp_path / "Dockerfile.bad"
    bad.write_bytes(b"FROM a\n\xff\xfe\xfd")
    with pytest.raises(InputError):
        parse_file(bad)


@pytest.mark.skipif(not corpus_files(), reason="corpus not available")
def test_whole_corpus_parses():
    files = corpus_files()
    assert len(files) >= 200
    total = 0
    for f in files:
        df = parse_file(f)
        assert df.stages or df.instructions or not df.text.strip(), f
        total += len(df.instructions)
        for ins in df.instructions:
            assert 1 <= ins.line <= ins.end_line <= max(len(df.lines), 1)
            target = ins.onbuild or ins
            for c in target.commands:
                assert ins.line <= c.line <= ins.end_line, (f, ins.line, c)
    assert total > 1000


def test_peer_case_dockerfiles_parse():
    for text in peer_case_dockerfiles():
        parse(text)


def _mutate(rng: random.Random, text: str) -> str:
    choice = rng.randrange(5)
    if not text:
        return text
    k = rng.randrange(len(text))
    if choice == 0:
        return text[:k]
    if choice == 1:
        return text[:k] + rng.choice(["\\\n", "<<EOF", "\"", "'", "$(", "`", "#", "\n", "[", "${", "\x1e", "\r"]) + text[k:]
    if choice == 2:
        j = min(len(text), k + rng.randrange(1, 40))
        return text[:k] + text[j:]
    if choice == 3:
        return text[:k] + bytes(rng.randrange(256) for _ in range(8)).decode("latin-1") + text[k:]
    return text[k:] + text[:k]


def test_fuzz_mutations_never_raise():
    rng = random.Random(1234)
    files = corpus_files()[:: max(1, len(corpus_files()) // 40)] if corpus_files() else []
    seeds = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    seeds += peer_case_dockerfiles()[:20]
    seeds.append("FROM a\nRUN <<EOF bash\necho $(cat <<X\nhi\nX\n)\nEOF\n")
    for _ in range(600):
        text = _mutate(rng, rng.choice(seeds))
        for _ in range(rng.randrange(3)):
            text = _mutate(rng, text)
        df = parse(text)
        assert isinstance(df.errors, list)


def test_pragmas_accept_every_peer_id_form_and_stop_at_the_reason():
    df = parse("FROM alpine\n# dockguard ignore=CKV2_DOCKER_2,DS-0001 CIS-DI-0001 DL3008 because of x2\nRUN x\n")
    assert df.ignores == {3: {"CKV2_DOCKER_2", "DS-0001", "CIS-DI-0001", "DL3008"}}
