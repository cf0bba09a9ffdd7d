"""Accessibility checks every browser test runs after each page it visits."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}

_axe = Axe()


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {' '.join(node.get('html', '').split())[:200]}")
            summary = " ".join(node.get("failureSummary", "").split())
            if summary:
                lines.append(f"       {summary[:300]}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page) -> None:
    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, (
        f"axe found {len(violations)} WCAG violation(s) on {page.url}:\n{_describe(violations)}"
    )


def assert_one_h1(page: Page) -> None:
    headings = page.locator("h1").all_inner_texts()
    assert len(headings) == 1, f"{page.url} has {len(headings)} h1 elements: {headings}"


def assert_skip_link_comes_first(page: Page) -> None:
    """The first Tab from the top of the page lands on a skip link whose target exists.

    Focus is moved to the top of the document first, so this also works on pages where
    something (an error summary, a notification banner) has already taken focus.
    """
    page.evaluate(
        """() => {
            document.body.setAttribute("tabindex", "-1");
            document.body.focus();
        }"""
    )
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            document.body.removeAttribute("tabindex");
            const el = document.activeElement;
            const href = el.getAttribute("href") || "";
            const target = href.startsWith("#") ? document.getElementById(href.slice(1)) : null;
            const rect = el.getBoundingClientRect();
            const result = {
                tag: el.tagName,
                text: el.textContent.trim(),
                href: href,
                targetExists: target !== null,
                visible: rect.width > 1 && rect.height > 1,
            };
            el.blur();
            return result;
        }"""
    )
    assert focused["tag"] == "A" and focused["text"] == "Skip to main content", (
        f"The first Tab on {page.url} focuses {focused}, not the skip link"
    )
    assert focused["targetExists"], f"The skip link on {page.url} points at nothing: {focused}"
    assert focused["visible"], f"The skip link on {page.url} stays hidden when focused"


def check_accessibility(page: Page) -> None:
    """axe (WCAG 2.2 A and AA rules), one h1, and a skip link reached by the first Tab."""
    page.wait_for_load_state("load")
    assert_no_axe_violations(page)
    assert_one_h1(page)
    assert_skip_link_comes_first(page)
