/**
 * A chapter opened and read stays unmodified. When its kernel starts, JupyterLab writes the
 * kernel's description into the notebook (`language_info`, and `kernelspec` again), which marked a
 * notebook just opened as modified: its tab showed unsaved changes and closing it asked to save.
 * Those details are not saved anyway (make lab saves a notebook as it is committed, and the git
 * filter strips them), so a notebook that was unmodified before stays so.
 */
import { INotebookModel, INotebookTracker } from '@jupyterlab/notebook';

/** Whether a metadata change only describes the kernel (a changed kernel choice is a real change). */
function describesTheKernel(change: { key: string; oldValue?: unknown; newValue?: unknown }): boolean {
  if (change.key === 'language_info') {
    return true;
  }
  return change.key === 'kernelspec' && JSON.stringify(change.oldValue) === JSON.stringify(change.newValue);
}

/** Keep ``model`` unmodified through the kernel describing itself. */
function keepClean(model: INotebookModel): void {
  model.metadataChanged.connect((_, change) => {
    // emitted before the model marks itself modified: `dirty` is still the state before the change
    if (!model.dirty && describesTheKernel(change)) {
      void Promise.resolve().then(() => {
        model.dirty = false;
      });
    }
  });
}

/** Every notebook opened from now on. */
export function keepNotebooksClean(tracker: INotebookTracker): void {
  tracker.widgetAdded.connect((_, panel) => {
    void panel.context.ready.then(() => {
      if (panel.model) {
        keepClean(panel.model);
      }
    });
  });
}
