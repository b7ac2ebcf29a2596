"""Edge cases of the runtime and structure rules (DG170–DG189)."""

from __future__ import annotations

from tests.rules.dockerfile.test_packages import run


def test_healthcheck_only_final_stage_and_inherited():
    assert run("FROM a AS base\nHEALTHCHECK CMD true\nFROM base\nCMD [\"x\"]\n", "DG170") == []
    assert run("FROM a AS b\nHEALTHCHECK CMD true\nFROM c\n", "DG170") == [(3, "no HEALTHCHECK in the shipped stage 1 (FROM c)")]


def test_multiple_cmd_per_stage():
    text = 'FROM a\nCMD ["1"]\nFROM b\nCMD ["2"]\nCMD ["3"]\n'
    assert run(text, "DG172") == [(5, "CMD repeated in the stage (first at line 4); only the last one applies")]


def test_pipefail_shell_and_set():
    assert run('FROM a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\n', "DG175") == []
    assert run("FROM a\nRUN set -euxo pipefail && a | b\n", "DG175") == []
    assert run('FROM a\nSHELL ["pwsh", "-c"]\nRUN a | b\n', "DG175") == []
    assert run("FROM a\nRUN x && \\\n  a | b\n", "DG175") == [(3, "pipe without pipefail: a | b")]


def test_workdir_variants():
    text = 'FROM a\nWORKDIR "/x"\nWORKDIR ${HOME}/y\nWORKDIR c:\\\\w\nWORKDIR rel\n'
    assert run(text, "DG176") == [(5, "WORKDIR rel is relative")]


def test_stage_aliases():
    text = "FROM --platform=linux/amd64 a AS Foo\nFROM b AS foo\nCOPY --from=FOO /x /x\nCOPY --from=nginx:1 /y /y\nCOPY --from=typo /z /z\n"
    assert run(text, "DG179") == [(2, "stage name 'foo' already used at line 1")]
    assert run(text, "DG180") == [(3, "COPY --from=FOO copies from the stage it is in")]
    assert run(text, "DG181") == [(5, "COPY --from=typo names no stage of this file; it is pulled as an image")]


def test_expose_and_copy_dest():
    assert run("FROM a\nEXPOSE 80/tcp 8000-8010/udp $P 65536 90/xyz\n", "DG183") == [
        (2, "EXPOSE 65536: ports range from 0 to 65535"), (2, "EXPOSE 90/xyz: unknown protocol 'xyz'")]
    assert run('FROM a\nCOPY ["a", "b", "/d"]\nCOPY a b /d/\n', "DG182") == [
        (2, "COPY of 2 sources to /d: the destination must end with /")]


def test_env_self_reference_single_quotes_literal():
    assert run("FROM a\nENV A=1 B='$A'\n", "DG188") == []
    assert run("FROM a\nENV A=1 B=${A}/x\n", "DG188") == [(2, "ENV B uses $A, which this same ENV sets: it gets the previous value")]


def test_pipefail_message_shows_command_names_not_arguments():
    # arguments can hold secrets: only the names of the piped commands are shown
    assert run("FROM a\nRUN echo 'root:s3cr3t-pass' | chpasswd\n", "DG175") == [(2, "pipe without pipefail: echo | chpasswd")]
