"""JupyterLab and Chromium for the end-to-end tests: the project's own JupyterLab settings (as
``make lab`` runs it), and none of the user's, so that a test neither reads nor writes the user's
Jupyter settings, workspaces or runtime files, and another JupyterLab on the machine is no concern.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.paths import Project
from briefing.publish import lab as project_lab
from helpers import ARTIFACTS, ROOT, clean_environment

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOKEN = "briefing-e2e"

#: Where Jupyter, JupyterLab and IPython keep per-user state, each given a folder of the test's own.
PRIVATE_FOLDERS = {
    "JUPYTER_CONFIG_DIR": "config",
    "JUPYTER_DATA_DIR": "data",
    "JUPYTER_RUNTIME_DIR": "runtime",
    "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
    "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
    "IPYTHONDIR": "ipython",
}
#: Variables that would point Jupyter at the user's settings or extensions.
USER_VARIABLES = ("JUPYTER_CONFIG_PATH", "JUPYTER_PATH", "JUPYTER_PLATFORM_DIRS", "JUPYTER_PREFER_ENV_PATH")

#: Test-only settings: every cell rendered (no windowing), so that each prompt and output is in the
#: page; no news or update checks.
TEST_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


def require(path: str | Path, what: str) -> None:
    if not Path(path).exists() and not shutil.which(str(path)):
        pytest.fail(f"{what} is missing ({path}); tests/e2e/install-tools.sh installs it")


def chromium() -> Iterator:
    """Debian's Chromium driven by Playwright, for a module's tests."""
    require(CHROMIUM, "Debian chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def private_environment(home: Path) -> dict[str, str]:
    """This process's environment with Jupyter's per-user folders under ``home`` and the project's settings."""
    env = {k: v for k, v in clean_environment().items() if k not in USER_VARIABLES}
    for variable, name in PRIVATE_FOLDERS.items():
        (home / name).mkdir(parents=True, exist_ok=True)
        env[variable] = str(home / name)
    for name, settings in TEST_SETTINGS.items():
        path = home / PRIVATE_FOLDERS["JUPYTERLAB_SETTINGS_DIR"] / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings), encoding="utf-8")
    return project_lab.environment(env)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(root: Path, home: Path) -> Iterator[str]:
    """The project's JupyterLab on 127.0.0.1 serving ``root``'s chapters; yields its URL, stops it after."""
    port = free_port()
    options = [
        "--no-browser",
        "--allow-root",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.token={TOKEN}",
        "--ServerApp.disable_check_xsrf=False",
    ]
    env = {**private_environment(home), **Project.at(root).environment()}
    with (home / "lab.log").open("w") as log:
        proc = subprocess.Popen(
            project_lab.command(root / "notebooks", *options), env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url, proc, home / "lab.log")
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def wait_until_up(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    """Wait for the server to answer; fail with its log when it exits or does not answer in time."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"JupyterLab exited with status {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    proc.kill()
    pytest.fail(f"JupyterLab did not start within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def api(url: str, path: str):
    """A JSON answer of the server's REST API."""
    with urllib.request.urlopen(f"{url}/api/{path}?token={TOKEN}", timeout=10) as answer:
        return json.load(answer)


def open_chapter(browser, url: str, chapter: str):
    """A page with the chapter open in JupyterLab and its kernel (the project's) idle."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{url}/lab/tree/{chapter}?token={TOKEN}&reset", wait_until="domcontentloaded")
    # the first chapter opened pays JupyterLab's first load and a kernel start on a loaded 2-core machine
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=180_000)
    wait_for_kernel(url, chapter, project_lab.kernels(ROOT / "notebooks")[0], page)
    wait_idle(page, timeout=180_000)
    page.wait_for_function(
        "!document.querySelector('.jp-MarkdownCell:not(.jp-mod-rendered)') && !!document.querySelector('.myst')",
        timeout=60_000,
    )
    return page


def wait_for_kernel(url: str, chapter: str, kernel: str, page, timeout: float = 180) -> None:
    """Wait until the server runs the chapter's own kernel for its session, idle: read from the REST API,
    which does not depend on how the toolbar draws; fail with a screenshot of the page."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        sessions = [s for s in api(url, "sessions") if s.get("path", "").endswith(chapter)]
        if any(s["kernel"]["name"] == kernel and s["kernel"]["execution_state"] == "idle" for s in sessions):
            return
        time.sleep(0.5)
    page.screenshot(path=str(ARTIFACTS / f"lab-{Path(chapter).stem}-no-kernel.png"))
    pytest.fail(f"{chapter}: no idle {kernel} kernel within {timeout:.0f} s (sessions: {api(url, 'sessions')})")


def wait_idle(page, timeout: int = 60_000) -> None:
    page.wait_for_selector(
        ".jp-Notebook-ExecutionIndicator[data-status='idle'], .jp-StatusBar-TextItem:has-text('Idle')",
        timeout=timeout,
    )


#: In the page: "error" as soon as a cell shows an error, "done" once every code cell shown has its count.
RUN_STATE = """n => {
  if (document.querySelector(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"))
    return "error";
  const counted = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
    .filter(e => /\\[\\d+\\]/.test(e.innerText)).length;
  return counted >= n ? "done" : false;
}"""


def run_all(page, chapter: str, timeout: int = 180_000) -> None:
    """Run All, and wait until every code cell ran; a chapter that fails fails the test with its own error."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator("li[data-command='runmenu:run-all']").click()
    shown = page.locator(".jp-CodeCell .jp-InputArea-prompt").count()  # a collapsed cell shows no prompt
    state = page.wait_for_function(RUN_STATE, arg=shown, timeout=timeout).json_value()
    if state == "error":
        errors = page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'] .jp-RenderedText"
        ).all_inner_texts()
        pytest.fail(f"{chapter} failed in JupyterLab:\n{errors[0][-2000:] if errors else '(no text)'}")
    wait_idle(page)


def close_notebook(page, save: bool = False) -> None:
    """Close the current notebook's tab as an analyst does, answering the unsaved-changes question."""
    page.locator(".jp-mod-current .lm-TabBar-tabCloseIcon").click()
    dialog = page.locator(".jp-Dialog")
    try:
        dialog.wait_for(timeout=3_000)
    except Exception:  # noqa: BLE001 - Playwright's timeout: the notebook had nothing unsaved
        return
    dialog.get_by_role("button", name="Save" if save else "Discard").click()


#: In the page: how many things read unlike the briefing (each count should be 0): values set as
#: blocks, values in headings in another size than the heading, text cells of tables not aligned
#: left, figure credits not on a line of their own.
LOOK = """() => {
  const style = e => getComputedStyle(e);
  const values = [...document.querySelectorAll('.jp-MarkdownCell .myst .myst-RenderedExpression')];
  const inHeadings = values.filter(v => v.closest('h1, h2, h3, h4'));
  return {
    blocks: values.filter(v => [v, v.parentElement, v.firstElementChild].some(e => e && style(e).display !== 'inline')).length,
    headings: inHeadings.filter(v => style(v.firstElementChild ?? v).fontSize !== style(v.closest('h1, h2, h3, h4')).fontSize).length,
    tables: [...document.querySelectorAll('.jp-OutputArea .table-wrap td:not(.num)')].filter(td => style(td).textAlign !== 'left').length,
    credits: [...document.querySelectorAll('.jp-OutputArea figcaption .credit')].filter(c => style(c).display !== 'block').length,
  };
}"""


def unlike_the_briefing(page) -> dict[str, int]:
    """What of the chapter on screen reads unlike the briefing (see LOOK); all zero when it reads alike."""
    return {k: v for k, v in page.evaluate(LOOK).items() if v}
