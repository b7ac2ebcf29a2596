"""Shared text for the rules that report TLS or signature checks switched off."""

TLS_RATIONALE = (
    "Turning off certificate verification lets anyone on the network path (a proxy, a "
    "compromised Wi-Fi, a hostile CI network) serve their own content in place of the real "
    "one, and the build installs it. A setting made with ENV or ARG also stays in the image "
    "(ENV) or its history (ARG) and weakens every later connection of the running container."
)
SIG_RATIONALE = (
    "Package signatures are what prove a package comes from its distribution; skipping their "
    "check installs whatever a mirror, proxy or attacker serves, with root privileges at build "
    "time and into the image you ship."
)
TLS_FIX_CA = (
    "If a corporate proxy re-signs TLS, add its CA certificate to the image's trust store "
    "(`COPY corp-ca.crt /usr/local/share/ca-certificates/` then `update-ca-certificates`) or "
    "mount it for the build with `RUN --mount=type=secret`, instead of disabling verification."
)
