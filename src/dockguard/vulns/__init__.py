"""Known vulnerabilities: a local OSV database (db), version comparison per ecosystem (versions),
matching an inventory against it (match), severity (severity), ignore files and OpenVEX (suppress)."""
