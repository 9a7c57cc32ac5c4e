"""axe-core in the browser tests: ``check(page)`` injects the vendored
axe.min.js (static/vendor, never linked by a page) into the page as it is,
opens every closed ``<details>`` so what hides behind them is checked too
(the menu, done doors, the coach's languages), runs axe's WCAG 2.x A and
AA rules (2.2 included) and the best practices, and fails on any serious or
critical violation, naming the rule and the elements."""

from pathlib import Path

from django.conf import settings

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core-4.14.1" / "axe.min.js"

#: What fails a test.
FAILING = ("serious", "critical")

_RUN = """async () => {
    const results = await axe.run(document, {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                        "wcag22aa", "best-practice"]},
        resultTypes: ["violations"],
    });
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(" ") + " :: "
                                + n.failureSummary.split("\\n").slice(0, 3).join(" ")),
    }));
}"""


def violations(page, *, open_details=True):
    """axe's violations on ``page`` (serious and critical ones), each as a
    dict of id, impact, help and the nodes."""
    if open_details:
        page.evaluate(
            "document.querySelectorAll('details:not([open])').forEach(d => d.open = true)"
        )
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(_RUN)
    return [v for v in found if v["impact"] in FAILING]


def describe(found):
    lines = []
    for violation in found:
        lines.append(f"{violation['impact']}: {violation['id']} ({violation['help']})")
        lines.extend(f"    {node}" for node in violation["nodes"][:8])
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def check(page, *, open_details=True):
    """Fails when axe finds a serious or critical violation on ``page``."""
    found = violations(page, open_details=open_details)
    assert not found, f"axe on {page.url}:\n{describe(found)}"
