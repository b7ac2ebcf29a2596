from dockguard.model.dockerfile import Dockerfile
from dockguard.model.finding import Severity
from dockguard.rules.base import Option, Rule, bad, good
from dockguard.rules.dockerfile import _util as u

RULE = Rule(
    id="DG154",
    title="Ruby gems installed without a pinned version",
    severity=Severity.LOW,
    kind="dockerfile",
    practices=("P09",),
    peers={"hadolint": ("DL3028",)},
    options=(
        Option("level", "version", "version: `-v '~> 2.4'` or `gem:2.4.1`; exact: no range operator"),
        Option("exempt", ["bundler"], "gem names that may stay unpinned"),
    ),
    tags=("pinning", "gem"),
    rationale="RubyGems keeps every release: a version keeps builds reproducible and a hijacked new release out.",
    remediation="Pin with `gem install rails -v 7.1.3` or `gem install rails:7.1.3`, or install from Gemfile.lock with `bundle install`.",
    examples=(
        bad("FROM ruby:3.3-slim\nRUN gem install rails\n"),
        good("FROM ruby:3.3-slim\nRUN gem install rails -v 7.1.3 && gem install puma:6.4.2 bundler\n"),
    ),
)


def _classify_for(cmd):
    version = cmd.flag_value("-v", "--version")

    def classify(word: str, level: str) -> str:
        if u.has_var(word):
            return "unknown"
        if word.endswith(".gem") or "/" in word:
            return "pinned"
        v = word.split(":", 1)[1] if ":" in word else version
        if not v:
            return "unpinned"
        if u.has_var(v):
            return "unknown"
        if level == "exact" and any(op in v for op in ("~>", ">", "<", "!")):
            return "unpinned"
        return "pinned"

    return classify


def check(df: Dockerfile, ctx):
    for ins, cmd in df.iter_commands():
        if cmd.name != "gem":
            continue
        sub, pos = u.gem_sub(cmd)
        if sub != "install" or not pos:
            continue
        classify = _classify_for(cmd)
        yield from u.pin_hits(
            _One(ins, cmd), ctx, lambda c: pos, classify, "gem install", lambda w: w.split(":", 1)[0]
        )


class _One:
    """A one-command view so pin_hits reports this command alone."""

    def __init__(self, ins, cmd):
        self._pair = (ins, cmd)

    def iter_commands(self):
        yield self._pair
