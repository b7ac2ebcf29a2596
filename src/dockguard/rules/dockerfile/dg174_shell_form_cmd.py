import json

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Fix, Severity, TextEdit
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG174",
    title="CMD or ENTRYPOINT in shell form",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P54",),
    peers={"hadolint": ("DL3025",)},
    fixable=True,
    tags=("runtime",),
    rationale=(
        "In shell form the process is started by `/bin/sh -c`: the shell is PID 1 and does not "
        "forward SIGTERM, so `docker stop` waits and kills the app without a clean shutdown; an "
        "ENTRYPOINT in shell form also ignores CMD and `docker run` arguments. Only the shipped "
        "stage is checked."
    ),
    remediation='Use the exec (JSON) form: `CMD ["nginx", "-g", "daemon off;"]`; if you need the shell, `exec` the app from a script.',
    examples=(
        bad("FROM nginx:1.27\nCMD nginx -g 'daemon off;'\n"),
        good('FROM nginx:1.27\nCMD ["nginx", "-g", "daemon off;"]\n'),
    ),
)

_SHELL_SYNTAX = set("$`|&;<>(){}*?~") | {"\\"}


def _fix(df, ins):
    if ins.line != ins.end_line or not ins.args or any(ch in ins.value for ch in _SHELL_SYNTAX):
        return None
    line = df.lines[ins.line - 1]
    head = line[: len(line) - len(line.lstrip())] + line.lstrip()[: len(ins.keyword)]
    new = f"{head} {json.dumps(list(ins.args))}"
    return Fix("rewrite in exec (JSON) form (review: no shell expansion any more)", (TextEdit(ins.line, ins.line, new + "\n"),), safe=False)


def check(df: Dockerfile, ctx):
    for stage in u.shipped_stages(df, ctx)[:1]:
        for ins in stage.find("CMD", "ENTRYPOINT"):
            if ins.json_form or not ins.value.strip():
                continue
            yield Hit(f"{ins.keyword} in shell form: {ins.value.strip()[:80]}", line=ins.line, fix=_fix(df, ins))
