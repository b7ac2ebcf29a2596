"""Skip-or-fail policy for tests that need real infrastructure.

On a developer machine a test whose infrastructure is missing (not root,
docker.io not installed, …) is skipped with the reason; under CI=true the
same condition fails the test, so CI can never pass by skipping.
"""

from __future__ import annotations

import os
from typing import Iterable

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require(reasons: Iterable[str]) -> None:
    """Skip (developer machine) or fail (CI=true) when `reasons` is non-empty."""
    reasons = [r for r in reasons if r]
    if not reasons:
        return
    msg = "; ".join(reasons)
    if in_ci():
        pytest.fail(f"CI=true and the test infrastructure is missing: {msg}", pytrace=False)
    pytest.skip(msg)
