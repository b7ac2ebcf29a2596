"""CycloneDX vulnerabilities (VDR/VEX) for matched vulnerabilities: ratings, affects, and the analysis
of suppressed ones (not_affected / resolved with the justification as the detail)."""

from __future__ import annotations


def add_vulnerabilities(bom, matches) -> None:
    from decimal import Decimal

    from cyclonedx.model.impact_analysis import ImpactAnalysisState
    from cyclonedx.model.vulnerability import (BomTarget, Vulnerability, VulnerabilityAnalysis,
                                               VulnerabilityRating, VulnerabilityReference, VulnerabilitySeverity,
                                               VulnerabilitySource, VulnerabilityScoreSource)

    sev_map = {"critical": VulnerabilitySeverity.CRITICAL, "high": VulnerabilitySeverity.HIGH,
               "medium": VulnerabilitySeverity.MEDIUM, "low": VulnerabilitySeverity.LOW,
               "unknown": VulnerabilitySeverity.UNKNOWN}
    refs = {c.bom_ref.value: c for c in bom.components}
    for n, m in enumerate(matches):
        rating = VulnerabilityRating(severity=sev_map.get(m.severity, VulnerabilitySeverity.UNKNOWN),
                                     score=Decimal(str(m.score)) if m.score is not None else None, vector=m.vector,
                                     method=VulnerabilityScoreSource.CVSS_V3 if (m.vector or "").startswith("CVSS:3")
                                     else (VulnerabilityScoreSource.CVSS_V4 if (m.vector or "").startswith("CVSS:4") else None))
        v = Vulnerability(bom_ref=f"vuln-{n}-{m.id}", id=m.id, source=VulnerabilitySource(name="OSV"),
                          description=m.summary or None, ratings=[rating],
                          recommendation=f"Upgrade {m.package} to {m.fixed}" if m.fixed else "No fixed version yet")
        for other in [*m.aliases]:
            v.references.add(VulnerabilityReference(id=other, source=VulnerabilitySource(name="OSV")))
        target = m.purl if m.purl in refs else None
        if target:
            v.affects.add(BomTarget(ref=target))
        if m.suppressed:
            s = m.suppressed
            state = ImpactAnalysisState.RESOLVED if s.get("status") == "fixed" else ImpactAnalysisState.NOT_AFFECTED
            detail = s.get("reason") or s.get("impact_statement") or s.get("justification") or ""
            v.analysis = VulnerabilityAnalysis(state=state, detail=f"{s.get('by')}: {detail}"[:1000])
        bom.vulnerabilities.add(v)
