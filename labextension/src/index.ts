/**
 * The briefing's JupyterLab extension.
 *
 * Values on the first run: a Markdown cell that runs evaluates the `{eval}` expressions it holds
 * now, replacing jupyterlab-myst's executor plugin (disabled through this package's
 * `disabledExtensions`), which evaluates those of the cell's previous rendering: upstream issues
 * jupyter-book/jupyterlab-myst#175 and #289, "eval role requires double execution".
 *
 * Opened, not modified: the kernel describing itself does not mark a notebook modified.
 *
 * Notes on click: a note mark shows its quote beside it (its link has no target in a notebook).
 * The stylesheet (style/base.css) sets values inline in their sentences, tables and captions as in
 * the briefing.
 */
import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Cell } from '@jupyterlab/cells';
import { INotebookTracker, Notebook, NotebookActions } from '@jupyterlab/notebook';
import {
  IMySTCell,
  METADATA_KEY,
  evaluate,
  isMySTCell,
  sameExpressions,
  sourceExpressions,
  treeExpressions
} from './expressions';
import { keepNotebooksClean } from './clean';
import { listenToMarks } from './notes';

/** Store the results where jupyterlab-myst renders them from, or clear them when there are none. */
function store(cell: IMySTCell, results: Awaited<ReturnType<typeof evaluate>>): void {
  if (results === undefined || cell.isDisposed) {
    return;
  }
  if (results.length) {
    cell.model.setMetadata(METADATA_KEY, results);
  } else if (cell.model.getMetadata(METADATA_KEY) !== undefined) {
    cell.model.deleteMetadata(METADATA_KEY);
  }
  // The values come from the analyst's own kernel: render their HTML (jupyterlab-myst does the same).
  cell.model.trusted = true;
}

/**
 * Evaluate a Markdown cell that has just run. The request for what the source shows leaves at
 * once, in step with the code cells of a Run All; should MyST's parse find other expressions,
 * those are evaluated instead.
 */
async function cellRan(tracker: INotebookTracker, notebook: Notebook, cell: Cell): Promise<void> {
  if (!isMySTCell(cell)) {
    return;
  }
  const kernel = tracker.find(panel => panel.content === notebook)?.sessionContext.session?.kernel;
  if (!kernel) {
    return;
  }
  const quick = sourceExpressions(cell.model.sharedModel.getSource());
  const early = quick.length ? evaluate(kernel, quick) : Promise.resolve([]);
  await cell.updateFragmentMDAST();
  const parsed = treeExpressions(cell.fragmentMDAST);
  store(cell, await (sameExpressions(quick, parsed) ? early : evaluate(kernel, parsed)));
}

const firstRunValues: JupyterFrontEndPlugin<void> = {
  id: 'briefing-lab:first-run-values',
  description: "Evaluates a Markdown cell's {eval} expressions as they are when it runs (jupyterlab-myst#175, #289).",
  autoStart: true,
  requires: [INotebookTracker],
  activate: (_app: JupyterFrontEnd, tracker: INotebookTracker): void => {
    NotebookActions.executed.connect((_, { notebook, cell }) => {
      cellRan(tracker, notebook, cell).catch(reason => console.warn('briefing-lab: expressions not evaluated', reason));
    });
  }
};

const notesOnClick: JupyterFrontEndPlugin<void> = {
  id: 'briefing-lab:notes-on-click',
  description: "Shows a note mark's quote when the mark is clicked.",
  autoStart: true,
  activate: (): void => listenToMarks()
};

const openedNotModified: JupyterFrontEndPlugin<void> = {
  id: 'briefing-lab:opened-not-modified',
  description: 'Keeps a notebook unmodified when its kernel writes its description (language_info) into it.',
  autoStart: true,
  requires: [INotebookTracker],
  activate: (_app: JupyterFrontEnd, tracker: INotebookTracker): void => keepNotebooksClean(tracker)
};

export default [firstRunValues, notesOnClick, openedNotModified];
