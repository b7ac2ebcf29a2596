"""Enforcement at the daemon: a Docker authorization (AuthZ) plugin that applies the policy.

    policy.py  the policy file (which rules deny, exemptions, audit-only, pull allow-list)
    decide.py  one AuthZ request -> a Decision (routing, fail-safe body checks, the rules)
    server.py  the plugin protocol over a unix socket, the audit log, the metrics endpoint
"""
