from dockguard.model.image import Image
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id="DG510",
    title="Package managers, shells or network tools are left in the image",
    severity=Severity.INFO,
    kind="image",
    practices=("P08", "P02"),
    rationale=(
        "An attacker who gets code execution uses what the image ships: a shell to script, a package manager "
        "to install tools, curl/wget/nc to download payloads and exfiltrate."
    ),
    remediation="Build the final stage from a minimal base (distroless, scratch, -slim) and copy in only the application.",
    examples=(
        bad("files:\n  usr/bin/curl: {mode: '0755', content: x}\n  bin/sh: {mode: '0755', content: x}\n", lang="image"),
        good("files:\n  app/server: {mode: '0755', content: x}\n", lang="image"),
    ),
)

GROUPS = {
    "package managers": ("apt", "apt-get", "dpkg", "apk", "yum", "dnf", "microdnf", "rpm", "zypper", "pip", "pip3",
                         "npm", "yarn", "gem"),
    "shells": ("sh", "bash", "ash", "dash", "zsh", "ksh", "csh", "tcsh", "fish", "busybox"),
    "network tools": ("curl", "wget", "nc", "netcat", "ncat", "socat", "telnet", "ftp", "tftp", "ssh", "scp",
                      "sftp", "nmap", "rsync"),
}
DIRS = ("bin/", "usr/bin/", "sbin/", "usr/sbin/", "usr/local/bin/", "usr/local/sbin/")


def check(image: Image, ctx):
    if image.files is None:
        return
    for group, names in GROUPS.items():
        found = []
        for name in names:
            for d in DIRS:
                e = image.files.get(d + name)
                if e is not None and e.type in ("file", "symlink", "hardlink"):
                    found.append(name)
                    break
        if found:
            yield Hit(f"{group}: {', '.join(found)}", object=image.reference)
