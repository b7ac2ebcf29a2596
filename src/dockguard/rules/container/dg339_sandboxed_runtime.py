"""DG339: Untrusted workload on a plain runtime."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good

RULE = Rule(
    id='DG339',
    title='Untrusted workload on a plain runtime',
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P32',),
    peers={},
    cis=(),
    rationale=(
        "runc shares the host kernel; for untrusted or multi-tenant code a sandboxed runtime (gVisor's runsc, Kata Containers) adds a kernel boundary. Off by default: enable it where policy requires sandboxing."
    ),
    remediation=(
        'Run with `--runtime runsc` (or a Kata runtime); compose `runtime: runsc`; Kubernetes `runtimeClassName: gvisor`. The `runtimes` option lists the accepted names.'
    ),
    options=(
        Option('runtimes', ['runsc', 'gvisor', 'kata', 'kata-runtime', 'kata-qemu', 'kata-fc', 'kata-clh'], 'Runtime (or RuntimeClass) names that count as sandboxed.'),
    ),
    enabled_by_default=False,
    tags=("runtime",),
    examples=(
        bad('docker run nginx:1.27', 'docker-run'),
        good('docker run --runtime runsc nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    runtime: runc\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    runtime: kata-runtime\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  runtimeClassName: gvisor\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    accepted = {r.lower() for r in ctx.options.get("runtimes", [])}
    runtime = (spec.runtime or "").lower()
    if runtime in accepted or any(runtime.startswith(a) for a in ("kata", "runsc", "gvisor")):
        return
    yield Hit(f"{spec.name} runs on {spec.runtime or 'the default runtime'}, not a sandboxed runtime", line=spec.line_of("runtime", "image"), object=spec.name)
