/**
 * Note marks in JupyterLab. In the briefing a mark (†) links to its row in a register; in a
 * notebook that target does not exist, so a click on a mark shows the note it carries (its `title`:
 * the quote or the reference) beside it instead, and a click elsewhere or Escape hides it.
 */

const NOTE_CLASS = 'briefing-note';

/** The link of a note mark inside a notebook, if the event happened on one. */
function markOf(target: EventTarget | null): HTMLAnchorElement | null {
  const element = target instanceof Element ? target : null;
  const link = element?.closest('.jp-Notebook sup.cite a');
  return link instanceof HTMLAnchorElement ? link : null;
}

/** Remove the note shown, if any. */
function hideNote(): void {
  document.querySelectorAll(`.${NOTE_CLASS}`).forEach(note => note.remove());
}

/** Show the mark's note just below it. */
function showNote(mark: HTMLAnchorElement): void {
  hideNote();
  const note = document.createElement('div');
  note.className = NOTE_CLASS;
  note.setAttribute('role', 'note');
  note.textContent = mark.getAttribute('title') ?? '';
  const box = mark.getBoundingClientRect();
  note.style.left = `${Math.max(8, box.left + window.scrollX - 12)}px`;
  note.style.top = `${box.bottom + window.scrollY + 6}px`;
  document.body.appendChild(note);
}

/** Listen on the document: marks are rendered and re-rendered inside cells at any time. */
export function listenToMarks(): void {
  document.addEventListener(
    'click',
    event => {
      const mark = markOf(event.target);
      if (mark) {
        event.preventDefault();
        event.stopPropagation();
        showNote(mark);
      } else if (!(event.target instanceof Element && event.target.closest(`.${NOTE_CLASS}`))) {
        hideNote();
      }
    },
    true
  );
  document.addEventListener('keydown', event => {
    if (event.key === 'Escape') {
      hideNote();
    }
  });
}
