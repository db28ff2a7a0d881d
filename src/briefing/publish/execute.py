"""Execute chapter notebooks with nbclient, each in its own kernel, several at a time."""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from briefing.messages import first_line
from briefing.publish import myst
from briefing.publish.kernels import KernelSource, kernel_env

DEFAULT_TIMEOUT = 600


class ExpressionError(Exception):
    """An inline expression of a Markdown cell failed or gave something that cannot stand in a sentence."""


#: How long the first line of a cell named in an error may be.
FIRST_LINE = 60


def cell_named(cells: list, index: int) -> str:
    """A cell as JupyterLab lets one find it: its kind, its position among the cells of that kind and
    its first line (the build's own count of all cells means nothing in JupyterLab)."""
    if index < 0:
        return "before the first cell"
    if index >= len(cells):
        return "after the last cell"
    kind = cells[index].cell_type
    position = sum(c.cell_type == kind for c in cells[: index + 1])
    line = first_line(cells[index].source)
    line = line if len(line) <= FIRST_LINE else line[: FIRST_LINE - 1] + "…"
    return f"{'Markdown' if kind == 'markdown' else kind} cell {position} ({line!r})"


@dataclass
class Result:
    """The outcome of running one chapter."""

    path: Path
    notebook: nbformat.NotebookNode | None
    seconds: float
    error: str = ""
    detail: str = ""
    env: dict[str, str] = field(default_factory=dict)
    reads: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass
class Runner:
    """Runs chapters, each in its own kernel, with per-chapter environment variables."""

    timeout: int = DEFAULT_TIMEOUT
    # one kernel more than cores: a kernel starting up or waiting for a result another is computing
    # (see briefing.store) leaves its core idle
    workers: int = field(default_factory=lambda: (os.cpu_count() or 1) + 1)
    kernels: KernelSource = field(default_factory=KernelSource)  # e.g. kernels.ForkedKernels, started
    # the environment as the build started: kernels never see what a thread sets for a while
    base_env: dict[str, str] = field(default_factory=lambda: dict(os.environ))

    def run_one(self, path: Path, env: dict[str, str] | None = None) -> Result:
        """Execute one notebook top to bottom; on failure, name the cell and the exception."""
        start = time.perf_counter()
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:  # unreadable JSON or an invalid notebook
            return Result(
                path,
                None,
                0.0,
                f"not a readable notebook: {type(exc).__name__}: {first_line(str(exc))}",
                traceback.format_exc(),
                env or {},
            )
        kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
        client = NotebookClient(
            nb,
            kernel_name=kernel,
            timeout=self.timeout,
            allow_errors=False,
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],  # the interrupt before shutdown logs at ERROR
            resources={"metadata": {"path": str(path.parent)}},
            # the chapter has finished and its files are written: end the kernel at once rather
            # than wait for it to wind down (a tenth of a second a chapter, polled)
            shutdown_kernel="immediate",
        )
        if self.kernels.manager_class is not None:
            client.kernel_manager_class = self.kernels.manager_class
        index = -1
        try:
            with client.setup_kernel(env=kernel_env(env or {}, self.base_env)):
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type == "markdown":
                        evaluate_expressions(client, cell)
                    else:
                        client.execute_cell(cell, index)
                index = len(nb.cells)  # every cell ran: what fails now fails after them
                recorded = read_set(client)
        except (ExpressionError, myst.MystError) as exc:
            error, detail = f"{cell_named(nb.cells, index)}: {exc}", traceback.format_exc()
        except CellExecutionError as exc:
            error, detail = f"{cell_named(nb.cells, index)}: {exc.ename}: {first_line(exc.evalue)}", str(exc)
        except CellTimeoutError as exc:
            error, detail = f"{cell_named(nb.cells, index)}: timed out after {self.timeout} s", str(exc)
        except Exception as exc:  # kernel start-up or protocol failure: still one line
            error, detail = f"{type(exc).__name__}: {first_line(str(exc))}", traceback.format_exc()
        else:
            return Result(path, nb, time.perf_counter() - start, env=env or {}, reads=recorded)
        return Result(path, None, time.perf_counter() - start, error, detail, env or {})

    def run_all(
        self, paths: list[Path], report: Callable[[Result], None], envs: dict[Path, dict[str, str]] | None = None
    ) -> list[Result]:
        """Execute chapters in parallel up to ``workers``; results keep the given order."""
        if not paths:
            return []
        envs = envs or {}
        pool = ThreadPoolExecutor(max_workers=max(1, min(self.workers, len(paths))))
        try:
            futures = {pool.submit(self.run_one, p, envs.get(p)): p for p in paths}
            done: dict[Path, Result] = {}
            for future in as_completed(futures):
                done[futures[future]] = result = future.result()
                report(result)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # an interrupted build does not wait for chapters
            raise
        pool.shutdown()
        return [done[p] for p in paths]


def evaluate_expressions(client: NotebookClient, cell: nbformat.NotebookNode) -> None:
    """Evaluate a Markdown cell's ``{eval}`` expressions in the kernel, after the cells above it ran,
    and keep the results in the cell's metadata as jupyterlab-myst does."""
    cell.metadata.pop(myst.METADATA_KEY, None)
    expressions = list(dict.fromkeys(myst.expressions(cell.source)))
    if not expressions:
        return
    names = {f"e{k}": e for k, e in enumerate(expressions)}
    msg_id = client.kc.execute("", silent=True, store_history=False, user_expressions=names)
    reply = client.wait_for_reply(msg_id)
    results = (reply or {}).get("content", {}).get("user_expressions", {})
    stored = []
    for key, expression in names.items():
        result = results.get(key, {"status": "error", "ename": "NoReply", "evalue": "the kernel gave no result"})
        problem = myst.inline_problem(result)
        if problem:
            raise ExpressionError(f"expression `{expression}`: {problem}")
        stored.append({"expression": expression, "result": result})
    cell.metadata[myst.METADATA_KEY] = stored


#: What the kernel runs after the last cell, then evaluates: the chapter's read set (see briefing.reads).
READ_SET_IMPORT = "import briefing.reads"
READ_SET = "briefing.reads.recorded()"


def read_set(client: NotebookClient) -> dict[str, str]:
    """The tables, files, settings and shared results the chapter read, with their fingerprints."""
    import ast
    import json

    msg_id = client.kc.execute(READ_SET_IMPORT, silent=True, store_history=False, user_expressions={"reads": READ_SET})
    content = (client.wait_for_reply(msg_id) or {}).get("content", {})
    # a failed import leaves no expression evaluated: its error is the reply's own
    result = content.get("user_expressions", {}).get("reads", content)
    if result.get("status") != "ok":
        raise ExpressionError(f"the read set could not be read: {myst.inline_problem(result)}")
    return json.loads(ast.literal_eval(result["data"]["text/plain"]))
