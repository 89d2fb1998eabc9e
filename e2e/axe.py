"""axe-core (from its npm package, `npm ci --prefix e2e`) run inside a page: the accessibility checks of the suite.

The script is evaluated through the browser's DevTools protocol, which the page's Content Security Policy does not
govern, so pages keep their real CSP while they are checked.
"""

from functools import cache
from pathlib import Path

import pytest

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


@cache
def _source() -> str:
    if not AXE.exists():
        pytest.skip("needs axe-core: npm ci --prefix e2e (accessibility checks)")
    return AXE.read_text()


def serious_violations(page: object) -> list[str]:
    """Each serious or critical axe-core violation on the page as it is now, one line per failing element."""
    page.evaluate(f"() => {{ if (!window.axe) {{ {_source()} }} }}")
    violations = page.evaluate(
        """async () => {
            const result = await window.axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                               targets: v.nodes.map(n => n.target.join(" "))}));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {target}"
        for v in violations
        if v["impact"] in SERIOUS
        for target in v["targets"]
    ]
