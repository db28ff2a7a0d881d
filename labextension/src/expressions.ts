/**
 * Finding and evaluating the `{eval}` expressions of a Markdown cell.
 *
 * jupyterlab-myst (2.7) evaluates a Markdown cell's expressions when the cell runs, but it reads
 * them from the cell's last rendering, which the run has not refreshed yet: a new or edited
 * `{eval}` shows its code on the first Shift+Enter and its value only on the second
 * (jupyterlab-myst issues #175 and #289). Here the expressions come from the cell's source as it
 * is when it runs.
 */
import { Cell } from '@jupyterlab/cells';
import { Kernel, KernelMessage } from '@jupyterlab/services';
import { JSONObject, PartialJSONObject } from '@lumino/coreutils';

/** The cell metadata key under which jupyterlab-myst (and the briefing's build) keep the results. */
export const METADATA_KEY = 'user_expressions';

/** What jupyterlab-myst's Markdown cell offers: its source parsed as MyST, refreshed on demand. */
export type IMySTCell = Cell & {
  readonly fragmentMDAST: unknown;
  updateFragmentMDAST(): Promise<void>;
};

/** One stored result, in the layout jupyterlab-myst renders from. */
export interface IExpressionResult extends PartialJSONObject {
  expression: string;
  result: PartialJSONObject;
}

/** Whether jupyterlab-myst renders this cell (only its Markdown cells can hold expressions). */
export function isMySTCell(cell: Cell): cell is IMySTCell {
  const update = (cell as { updateFragmentMDAST?: unknown }).updateFragmentMDAST;
  return cell.model.type === 'markdown' && typeof update === 'function';
}

/** Each item once, in order of first appearance (a cell may repeat an expression). */
function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/** The expressions of the MyST tree's `inlineExpression` nodes, in reading order. */
export function treeExpressions(tree: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') {
      return;
    }
    const { type, value, children } = node as { type?: string; value?: unknown; children?: unknown };
    if (type === 'inlineExpression' && typeof value === 'string') {
      found.push(value);
    }
    if (Array.isArray(children)) {
      children.forEach(visit);
    }
  };
  visit(tree);
  return unique(found);
}

/** `{eval}` roles on one line: a backtick run, the expression, the same run (MyST's role syntax). */
const ROLE = /(?<!\\)\{eval\}(`+)(?!`)(.+?)(?<!`)\1(?!`)/g;
const FENCE = /^ {0,3}(```|~~~)/;

/**
 * The expressions a quick reading of the source finds, outside fenced code: available at once,
 * so that the request reaches the kernel in the order the cells run. The parsed tree decides.
 */
export function sourceExpressions(source: string): string[] {
  const found: string[] = [];
  let fenced = false;
  for (const line of source.split('\n')) {
    if (FENCE.test(line)) {
      fenced = !fenced;
    } else if (!fenced) {
      for (const match of line.matchAll(ROLE)) {
        found.push(match[2]);
      }
    }
  }
  return unique(found);
}

/** Whether two lists hold the same expressions in the same order. */
export function sameExpressions(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/**
 * Ask the kernel for the expressions' values without running code or touching its history.
 * Resolves to undefined when the kernel did not evaluate them (an aborted queue, a dead kernel).
 */
export async function evaluate(
  kernel: Kernel.IKernelConnection,
  expressions: string[]
): Promise<IExpressionResult[] | undefined> {
  const named: JSONObject = {};
  expressions.forEach((expression, index) => (named[`${index}`] = expression));
  const future = kernel.requestExecute({
    code: '',
    silent: true,
    store_history: false,
    stop_on_error: false,
    user_expressions: named
  });
  const reply = (await future.done) as KernelMessage.IExecuteReplyMsg;
  if (reply.content.status !== 'ok') {
    return undefined;
  }
  const results = reply.content.user_expressions;
  return expressions.map((expression, index) => ({
    expression,
    result: (results[`${index}`] ?? {
      status: 'error',
      ename: 'NoResult',
      evalue: 'the kernel gave no result',
      traceback: []
    }) as PartialJSONObject
  }));
}
