"""Tests for the RUN shell parser."""

from __future__ import annotations

import random

from dockguard.sources.shell import MARK, parse_shell, shebang_interpreter


def argvs(script: str, line: int = 1):
    cmds, err = parse_shell(script, line)
    assert err is None, err
    return [c.argv for c in cmds]


def test_and_or_semicolon_newline():
    assert argvs("a 1 && b 2 || c; d\ne &") == [["a", "1"], ["b", "2"], ["c"], ["d"], ["e"]]


def test_pipelines():
    cmds, _ = parse_shell("curl -fsSL https://x | sudo bash -s -- -y && echo ok | tee /log | cat", 3)
    got = [(c.name, c.pipeline, c.pipe_position, c.pipe_length) for c in cmds]
    assert got == [("curl", 0, 0, 2), ("bash", 0, 1, 2), ("echo", 1, 0, 3), ("tee", 1, 1, 3), ("cat", 1, 2, 3)]
    assert cmds[1].wrappers == ("sudo",)
    assert all(c.line == 3 for c in cmds)


def test_redirections_removed():
    assert argvs("apt-get update > /dev/null 2>&1 && cat <file >>out 2> err &> all <<< 'here string' x") == [
        ["apt-get", "update"], ["cat", "x"]]


def test_quotes_removed():
    assert argvs("""echo 'single $x' "double \\"q\\" $HOME" $'tab\\there' a"b"'c'""") == [
        ["echo", "single $x", 'double "q" $HOME', "tab\there", "abc"]]


def test_assignments_and_wrappers():
    cmds, _ = parse_shell("DEBIAN_FRONTEND=noninteractive FOO=1 apt-get install -y x", 1)
    assert cmds[0].assignments == {"DEBIAN_FRONTEND": "noninteractive", "FOO": "1"}
    assert cmds[0].argv[0] == "apt-get"
    cmds, _ = parse_shell("sudo -E -u app env A=b -i nohup nice -n 5 timeout 30 time -p exec command pip install x", 1)
    c = cmds[0]
    assert c.argv == ["pip", "install", "x"]
    assert c.wrappers == ("sudo", "env", "nohup", "nice", "timeout", "time", "exec", "command")
    assert c.assignments == {"A": "b"}


def test_xargs_and_lone_wrappers():
    cmds, _ = parse_shell("find / -perm /6000 | xargs -r -n 1 -I {} chmod a-s {}", 1)
    assert cmds[1].argv == ["chmod", "a-s", "{}"] and cmds[1].wrappers == ("xargs",)
    assert argvs("env") == [["env"]]
    assert argvs("sudo") == [["sudo"]]


def test_pure_assignment_is_a_command_without_argv():
    cmds, _ = parse_shell("PIP_TRUSTED_HOST=pypi.org", 1)
    assert cmds[0].argv == [] and cmds[0].assignments == {"PIP_TRUSTED_HOST": "pypi.org"}
    assert cmds[0].name == ""


def test_sh_c_bodies_nested():
    cmds, err = parse_shell("sh -c 'apt-get update && apt-get install -y curl' && bash -ec \"curl x | sh\"", 5)
    assert err is None
    got = [(c.argv[:2], c.nested) for c in cmds]
    assert got == [(["sh", "-c"], False), (["apt-get", "update"], True), (["apt-get", "install"], True),
                   (["bash", "-ec"], False), (["curl", "x"], True), (["sh"], True)]
    assert cmds[4].pipe_length == 2 and cmds[5].pipe_position == 1
    assert cmds[4].pipeline != cmds[1].pipeline


def test_su_c_and_bash_o_pipefail_c():
    cmds, _ = parse_shell("su app -c 'npm install' && bash -o pipefail -c 'wget -O- x | tar x'", 1)
    assert [c.name for c in cmds] == ["su", "npm", "bash", "wget", "tar"]
    assert [c.nested for c in cmds] == [False, True, False, True, True]


def test_command_substitution():
    cmds, _ = parse_shell('echo "$(curl -s https://x | sha256sum)" `whoami` $(( 1 + 2 ))', 1)
    assert [(c.name, c.nested) for c in cmds] == [("echo", False), ("curl", True), ("sha256sum", True), ("whoami", True)]
    assert cmds[0].argv[1] == "$(curl -s https://x | sha256sum)"


def test_control_structures():
    script = (
        "if [ -f /x ]; then\n"
        "  apt-get update\n"
        "elif true; then echo; else\n"
        "  apk add curl\n"
        "fi\n"
        "for p in a b c; do pip install $p; done\n"
        "while read l; do echo $l; done < file\n"
        "case \"$ARCH\" in\n"
        "  amd64|x86_64) A=x86_64 ;;\n"
        "  (arm64) dpkg --print-architecture;;\n"
        "  *) exit 1 ;;\n"
        "esac\n"
        "(cd /src && make) ; { echo a; echo b; }\n"
    )
    cmds, err = parse_shell(script, 10)
    assert err is None
    got = [(c.argv[0] if c.argv else "", c.line) for c in cmds]
    assert got == [("[", 10), ("apt-get", 11), ("true", 12), ("echo", 12), ("apk", 13), ("pip", 15),
                   ("read", 16), ("echo", 16), ("", 18), ("dpkg", 19), ("exit", 20), ("cd", 22),
                   ("make", 22), ("echo", 22), ("echo", 22)]
    assert cmds[8].assignments == {"A": "x86_64"}


def test_function_definition():
    assert argvs("f() { echo hi; }; f") == [["echo", "hi"], ["f"]]


def test_lines_with_continuation_marks():
    script = f"apt-get update && {MARK}    apt-get install -y {MARK}  curl{MARK}{MARK}  && rm -rf x"
    cmds, err = parse_shell(script, 7)
    assert err is None
    assert [(c.argv[0], c.line) for c in cmds] == [("apt-get", 7), ("apt-get", 8), ("rm", 11)]
    assert cmds[1].argv == ["apt-get", "install", "-y", "curl"]
    assert MARK not in cmds[1].text and "\n" not in cmds[1].text


def test_word_split_across_continuation_is_joined():
    cmds, _ = parse_shell(f"apt-get ins{MARK}tall x", 1)
    assert cmds[0].argv == ["apt-get", "install", "x"]


def test_heredoc_inside_script():
    script = "cat <<EOF > /etc/x\nline $a\nEOF\nbash <<-X\n\tapt-get update\n\tX\necho done\n"
    cmds, err = parse_shell(script, 20)
    assert err is None
    assert [(c.name, c.line, c.nested) for c in cmds] == [
        ("cat", 20, False), ("bash", 23, False), ("apt-get", 24, True), ("echo", 26, False)]


def test_comments():
    assert argvs("echo a # comment && rm -rf /\necho b") == [["echo", "a"], ["echo", "b"]]
    assert argvs("echo a#b") == [["echo", "a#b"]]


def test_text_snippet():
    cmds, _ = parse_shell("apt-get install -y curl  >/dev/null && echo hi", 1)
    assert cmds[0].text == "apt-get install -y curl  >/dev/null"
    long, _ = parse_shell("echo " + "x" * 500, 1)
    assert len(long[0].text) <= 160


def test_unbalanced_quotes_give_error_and_best_effort():
    cmds, err = parse_shell("apt-get update && echo 'oops", 4)
    assert err and "unterminated single quote" in err and "line 4" in err
    assert cmds[0].argv == ["apt-get", "update"]
    cmds, err = parse_shell('echo "a $(b', 1)
    assert err
    cmds, err = parse_shell("echo $(ls", 1)
    assert err


def test_has_flag_and_flag_value_on_parsed_commands():
    cmds, _ = parse_shell("apt-get -qy install --no-install-recommends -o Dpkg::Options::=x curl", 1)
    c = cmds[0]
    assert c.has_flag("-y") and c.has_flag("--no-install-recommends") and c.flag_value("-o") == "Dpkg::Options::=x"


def test_shebang_interpreter():
    assert shebang_interpreter("#!/bin/bash\n") == "bash"
    assert shebang_interpreter("#!/usr/bin/env python3\n") == "python3"
    assert shebang_interpreter("#!/usr/bin/env -S bash -e\n") == "bash"
    assert shebang_interpreter("echo\n") is None


def test_random_input_never_raises():
    rng = random.Random(7)
    alphabet = "ab $(){}[]'\"`\\|&;<>#\n\t=-!*" + MARK
    base = "if a; then b | c && $(d 'e' \"f\") ; fi; case x in y) z;; esac; cat <<E\nq\nE\n"
    for _ in range(1500):
        if rng.random() < 0.5:
            s = "".join(rng.choice(alphabet) for _ in range(rng.randrange(60)))
        else:
            k = rng.randrange(len(base))
            s = base[:k] + rng.choice(alphabet) + base[k + 1 :]
        cmds, err = parse_shell(s, 1)
        assert isinstance(cmds, list)


def test_deep_nesting_is_bounded():
    s = "echo " + "$(" * 200 + "x" + ")" * 200
    cmds, err = parse_shell(s, 1)
    assert cmds and err


def test_double_bracket_test_keeps_operators():
    assert argvs('[[ -f x && $y == z || a < b ]] && echo ok') == [
        ["[[", "-f", "x", "&&", "$y", "==", "z", "||", "a", "<", "b", "]]"], ["echo", "ok"]]
