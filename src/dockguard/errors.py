"""Errors a user sees as one clear line, never as a traceback."""

from __future__ import annotations

# Exit codes, documented in the README.
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2  # usage or input errors (bad file, bad config, daemon unreachable)
EXIT_INTERNAL = 3  # a bug in dockguard


class DockguardError(Exception):
    """An error with a message meant for the user."""

    exit_code = EXIT_USAGE


class InputError(DockguardError):
    """An input (file, image, daemon) that cannot be read or understood."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ConfigError(DockguardError):
    """A configuration file or option that is wrong."""
