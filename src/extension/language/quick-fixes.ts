/**
 * Quick fixes read from the `fix` text the config loader (and the data checks) already give every
 * problem, so the CLI's advice and the editor's one-click fix never disagree:
 *   "rename it to `type`"                  → replace the misspelt key
 *   "use `lstm`"                           → replace the misspelt value
 *   "add `path: ./data.csv` under `data:`" → insert the missing key into its section
 * Pure (no vscode), unit-tested in Node.
 */
import type { ConfigError } from '../../core/config';
import { insertKey } from './path-at-cursor';
import { spanToRange, type ZeroRange } from './spans';

export interface TextEditSpec {
  range: ZeroRange;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEditSpec[];
  /** A single obvious fix ("did you mean") is offered as the preferred one (Ctrl+. applies it). */
  preferred: boolean;
}

export function quickFixesFor(e: ConfigError, text: string): QuickFix[] {
  if (!e.fix || e.override) return [];
  const lines = text.split(/\r?\n/);
  const lineText = (i: number): string => lines[i] ?? '';
  const range = spanToRange(e, lineText);
  const current = range.startLine === range.endLine ? lineText(range.startLine).slice(range.startChar, range.endChar) : '';

  const rename = /^rename it to `([^`]+)`/.exec(e.fix);
  if (rename) {
    const to = rename[1] as string;
    return [{ title: `Rename \`${current || e.key}\` to \`${to}\``, edits: [{ range, newText: to }], preferred: true }];
  }
  const use = /^use `([^`]+)`$/.exec(e.fix);
  if (use) {
    const to = use[1] as string;
    // Keep the user's quoting style: "lstmm" → "lstm".
    const quote = /^(["'])/.exec(current)?.[1] ?? '';
    return [{ title: `Change \`${current.replace(/^["']|["']$/g, '') || e.key}\` to \`${to}\``, edits: [{ range, newText: `${quote}${to}${quote}` }], preferred: true }];
  }
  const add = /^add `([A-Za-z_][\w-]*): ([^`]+)` under `([\w.]+):`/.exec(e.fix);
  if (add) {
    const [, key, value, section] = add as unknown as [string, string, string, string];
    if (/[<>]/.test(value)) return []; // a placeholder, not a value to write
    const ins = insertKey(text, section.split('.'), key, value);
    if (!ins) return [];
    const at = { startLine: ins.line, startChar: ins.character, endLine: ins.line, endChar: ins.character };
    return [{ title: `Add \`${key}: ${value}\` under \`${section}:\``, edits: [{ range: at, newText: ins.text }], preferred: false }];
  }
  return [];
}
