import re

from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG188",
    title="ENV uses a variable set in the same instruction",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P53",),
    peers={"hadolint": ("DL3044",)},
    tags=("structure",),
    rationale="Variables in an ENV are expanded with the values from before the instruction: `ENV A=1 B=$A` sets B to the old A (often empty).",
    remediation="Split it: `ENV A=1` then `ENV B=$A`.",
    examples=(
        bad("FROM alpine:3.20\nENV APP=/opt/app PATH=$APP/bin:$PATH\n"),
        good("FROM alpine:3.20\nENV APP=/opt/app\nENV PATH=$APP/bin:$PATH\n"),
    ),
)

_REF = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


def check(df: Dockerfile, ctx):
    for ins in df.iter_instructions("ENV"):
        pairs = u.kv_pairs(ins, df.escape)
        if len(pairs) < 2:
            continue
        defined: list[str] = []
        raw = ins.value
        for key, _val in pairs:
            # look at the raw text of this pair for references (values are already unquoted)
            m = re.search(rf"(?:^|\s){re.escape(key)}=((?:\"[^\"]*\"|'[^']*'|\S)*)", raw)
            text = m.group(1) if m else ""
            if not text.startswith("'"):
                used = [name for name in _REF.findall(text) if name in defined and name != key]
                if used:
                    yield Hit(f"ENV {key} uses ${used[0]}, which this same ENV sets: it gets the previous value", line=ins.line)
            defined.append(key)
