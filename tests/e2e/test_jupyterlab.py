"""Every notebook opened, run and checked in JupyterLab, in headless Chromium.

nbval runs kernels; this runs the UI path users take: ``python -m helpers lab``
(what ``make lab`` runs: working copies in a workspace folder, no news or
update checks, ``--port``/``--token``) with private config, data and runtime
folders, Chromium driven by Playwright. For each notebook: it opens with the
project's kernel, Run All finishes with every prompt numbered, no output is
an error, each figure cell shows an image, Persian paragraphs are
right-aligned, Persian quotes inside English sentences read in order, no
toast pops up; a screenshot goes to artifacts/e2e/. The first notebook gets
a parameter edited and is saved: the working copy changes, the committed
notebooks do not (checked by content hash).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import E2E_REPORT

from helpers import config
from helpers.report import KERNEL_NAME, notebooks

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
ARTIFACTS = (config.PROJECT_ROOT or Path.cwd()) / "artifacts" / "e2e"
KERNEL_DISPLAY = "Python (persian-news-coverage)"

playwright_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed")
pytestmark = [
    pytest.mark.skipif(config.PROJECT_ROOT is None, reason="needs a source checkout"),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory):
    """``python -m helpers lab`` of our own on a fresh workspace; stopped (that exact process) at the end."""
    home = tmp_path_factory.mktemp("jupyter")
    workspace = home / "workspace"
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "IPYTHONDIR": str(home / "ipython"),
    }
    command = [
        sys.executable, "-m", "helpers", "lab", "--no-browser", "--port", str(port), "--token", token,
        "--workspace", str(workspace), "--", "--LabApp.expose_app_in_browser=True",
    ]  # fmt: skip
    log = (home / "server.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start: {(home / 'server.log').read_text()[-1500:]}")
                time.sleep(0.3)
        yield base, token, workspace
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
_CELL_STATE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.model.cells;
  const out = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    out.push({index: i, count: cell.executionCount,
              types: cell.outputs.toJSON().map(o => o.output_type),
              images: cell.outputs.toJSON().filter(o => o.data && o.data['image/png']).length});
  }
  return out;
}"""


_EDIT_PARAMETER = """() => {
  const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type === 'code' && (cell.getMetadata('tags') || []).includes('parameters')) {
      cell.sharedModel.setSource(cell.sharedModel.getSource().replace('LANG = "fa"', 'LANG = "en"'));
      return true;
    }
  }
  return false;
}"""
# In an English paragraph, Persian quotes in <bdi> isolates: each isolated, and read left to right in source order
_ISOLATES = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown p:not([dir=rtl]), .jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown li')]
  .map(p => [...p.querySelectorAll(':scope > bdi')].map(b => {
      const r = b.getBoundingClientRect();
      return {text: b.textContent, bidi: getComputedStyle(b).unicodeBidi, left: r.left, top: Math.round(r.top)};
  })).filter(list => list.length)"""
_TOASTS = "() => document.querySelectorAll('.Toastify__toast').length"


def test_every_notebook_runs_in_jupyterlab(lab, browser):
    base, token, workspace = lab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    paths = notebooks()
    before = {p.name: _digest(p) for p in paths}
    # make lab opened working copies, one per notebook, byte for byte the committed ones
    assert sorted(p.name for p in workspace.glob("*.ipynb")) == [p.name for p in paths]
    assert {p.name: _digest(workspace / p.name) for p in paths} == before
    started = time.monotonic()
    isolated = 0
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    try:
        for number, path in enumerate(paths):
            page.goto(f"{base}/lab/tree/{path.name}?reset&token={token}")
            page.wait_for_selector(f"{_PANEL} .jp-Notebook", timeout=60_000)
            page.wait_for_function(
                "() => document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator')", timeout=60_000
            )
            # the project's kernel, not a "select kernel" dialog
            assert page.locator(".jp-Dialog").count() == 0, f"{path.name}: a dialog opened (missing kernel?)"
            kernel = page.wait_for_function(
                "() => window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel?.name", timeout=60_000
            ).json_value()
            assert kernel == KERNEL_NAME, (path.name, kernel)
            assert page.locator(".jp-Dialog").count() == 0, f"{path.name}: a dialog opened"
            if number == 0:  # an analyst's edit: a parameter, then Run All and save
                assert page.evaluate(_EDIT_PARAMETER)
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_function(
                """() => {
                  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
                  const idle = panel.querySelector(".jp-Notebook-ExecutionIndicator[data-status='idle']");
                  const busy = [...panel.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('[*]'));
                  const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
                  let done = true;
                  for (let i = 0; i < cells.length; i++) {
                    const c = cells.get(i);
                    if (c.type === 'code' && !c.executionCount) done = false;
                  }
                  return idle && !busy && done;
                }""",
                timeout=120_000,
            )
            cells = page.evaluate(_CELL_STATE)
            counts = [c["count"] for c in cells]
            assert counts == list(range(1, len(cells) + 1)), (path.name, counts)
            errors = [c["index"] for c in cells if "error" in c["types"]]
            assert not errors, f"{path.name}: error output in cells {errors}"
            # each cell with a figure shows it as an image
            for cell in cells:
                if cell["images"]:
                    shown = page.locator(f"{_PANEL} .jp-Cell").nth(cell["index"]).locator(".jp-OutputArea-output img")
                    assert shown.count() >= 1, (path.name, cell["index"])
            # Persian paragraphs: right-to-left and right-aligned, as computed by the browser
            styles = page.evaluate(
                """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown p[dir=rtl]')]
                          .map(p => [getComputedStyle(p).direction, getComputedStyle(p).textAlign])"""
            )
            assert styles and all(s == ["rtl", "right"] for s in styles), (path.name, styles)
            for quotes in page.evaluate(_ISOLATES):
                assert all(q["bidi"] == "isolate" for q in quotes), (path.name, quotes)
                for a, b in zip(quotes, quotes[1:]):
                    if a["top"] == b["top"]:  # on one line: «سازمان», «اجلاس» in the order written
                        assert a["left"] < b["left"], (path.name, a, b)
                isolated += len(quotes)
            assert page.evaluate(_TOASTS) == 0, f"{path.name}: a notification toast popped up"
            if number == 0:
                page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
                page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30_000)
            page.screenshot(path=str(ARTIFACTS / f"{path.stem}.png"), full_page=False)
            page.evaluate("() => window.jupyterapp.commands.execute('kernelmenu:shutdown')")
    finally:
        page.close()
    elapsed = time.monotonic() - started
    E2E_REPORT.append(f"{len(paths)} notebooks opened, run and checked in {elapsed:.1f} s; screenshots in {ARTIFACTS}")
    print(f"\nJupyterLab e2e: {len(paths)} notebooks in {elapsed:.1f} s")
    assert isolated >= 5, "the Persian quotes of notebooks 01 and 03 were checked"
    # the edit and its outputs are in the working copy; the committed notebooks are as they were
    assert {p.name: _digest(p) for p in paths} == before, "a committed notebook changed during the e2e test"
    edited = (workspace / paths[0].name).read_text(encoding="utf-8")
    assert 'LANG = \\"en\\"' in edited and _digest(workspace / paths[0].name) != before[paths[0].name]
