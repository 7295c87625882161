"""axe-core through headless Chromium: the WCAG 2.0/2.1/2.2 A and AA violations of a page.

axe-core is a JavaScript engine (npm package `axe-core`); it is looked for in the
`AXE_CORE_JS` environment variable, then in `node_modules/axe-core/axe.min.js` of the
checkout (`npm install axe-core`). The page is copied with axe inlined and its
Content-Security-Policy left out (it only governs scripts), run at a given window width,
and the violations are read back from the DOM Chromium dumps.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')
RESULT_ID = "axe-violations"
RUNNER = """
<script>
axe.run(document, {runOnly: {type: "tag", values: %s}}).then(function (results) {
  var out = document.createElement("pre");
  out.id = "%s";
  out.textContent = JSON.stringify(results.violations.map(function (v) {
    return {id: v.id, impact: v.impact, nodes: v.nodes.map(function (n) { return n.target.join(" "); })};
  }));
  document.body.appendChild(out);
});
</script>
"""


def axe_script() -> Path | None:
    """axe.min.js, or None when axe-core is not installed."""
    candidates = [os.environ.get("AXE_CORE_JS", ""), ROOT / "node_modules/axe-core/axe.min.js"]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def violations(page: Path, width: int, work: Path) -> list[dict]:
    """axe's WCAG A/AA violations of `page` in a window `width` pixels wide."""
    script = axe_script()
    assert script is not None and CHROMIUM is not None
    html = CSP_META.sub("", page.read_text(encoding="utf-8"))
    inline = f"<script>{script.read_text(encoding='utf-8')}</script>"
    html = html.replace("</body>", inline + RUNNER % (json.dumps(WCAG_TAGS), RESULT_ID) + "</body>")
    copy = page.with_name(f".axe-{width}-{page.name}")
    copy.write_text(html, encoding="utf-8")
    try:
        done = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={work}", f"--window-size={width},900",
             "--virtual-time-budget=20000", "--dump-dom", copy.as_uri()],
            capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
    finally:
        copy.unlink()
    found = re.search(rf'<pre id="{RESULT_ID}">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found, f"axe did not finish on {page.name}"
    import html as html_module

    return json.loads(html_module.unescape(found.group(1)))
