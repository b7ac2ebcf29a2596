"""The `dockguard` command. Each verb lives in `dockguard.commands.<verb>` and is imported only
when it runs, so start-up stays fast."""

from __future__ import annotations

import importlib.util
import sys

from dockguard import __version__

# verb -> module holding a click command named `command`, and its one-line help
COMMANDS = {
    "lint": ("dockguard.commands.lint", "Lint Dockerfiles."),
    "audit": ("dockguard.commands.audit", "Audit how containers are run (docker run, compose, Kubernetes, live)."),
    "scan": ("dockguard.commands.scan", "Scan an image: config, files, secrets."),
    "secrets": ("dockguard.commands.secrets", "Find secrets in files and directories."),
    "sbom": ("dockguard.commands.sbom", "Write the SBOM of an image or directory (CycloneDX, SPDX)."),
    "vulns": ("dockguard.commands.vulns", "Find known vulnerabilities in an image or directory."),
    "db": ("dockguard.commands.db", "Manage the local vulnerability database."),
    "bench": ("dockguard.commands.bench", "Check the host and daemon against the CIS Docker Benchmark."),
    "enforce": ("dockguard.commands.enforce", "Enforce the policy at the daemon (authorization plugin)."),
    "watch": ("dockguard.commands.watch", "Watch a host for risky containers and drift."),
    "fix": ("dockguard.commands.fix", "Apply fixes to Dockerfiles."),
    "rules": ("dockguard.commands.rules", "List every rule."),
    "explain": ("dockguard.commands.explain", "Show everything about one rule."),
}


def _available() -> dict[str, tuple[str, str]]:
    return {verb: spec for verb, spec in COMMANDS.items() if importlib.util.find_spec(spec[0]) is not None}


def _build_group():
    import click

    class LazyGroup(click.Group):
        def list_commands(self, ctx):
            return list(_available())

        def get_command(self, ctx, name):
            spec = _available().get(name)
            if spec is None:
                return None
            module = importlib.import_module(spec[0])
            return module.command

        def format_commands(self, ctx, formatter):
            rows = [(verb, help_) for verb, (_, help_) in _available().items()]
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    @click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
    @click.version_option(__version__, prog_name="dockguard")
    def group() -> None:
        """dockguard: lint, audit, scan, bench and enforce container security, with one policy."""

    return group


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        print(f"dockguard, version {__version__}")
        return 0
    from dockguard.errors import EXIT_INTERNAL, EXIT_USAGE, DockguardError

    group = _build_group()
    try:
        return group.main(args=args, prog_name="dockguard", standalone_mode=False) or 0
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_USAGE)
    except DockguardError as exc:
        print(f"dockguard: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("dockguard: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        import click

        if isinstance(exc, click.exceptions.Exit):
            return exc.exit_code
        if isinstance(exc, click.ClickException):
            exc.show()
            return EXIT_USAGE
        if isinstance(exc, click.exceptions.Abort):
            return 130
        if isinstance(exc, BrokenPipeError):
            return 0
        print(
            f"dockguard: internal error: {type(exc).__name__}: {exc} "
            "(this is a bug in dockguard; please report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
