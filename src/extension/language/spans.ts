/**
 * Config positions (1-based line/column, end column exclusive, from src/core/config) → editor
 * positions (0-based). Pure, so it is unit-tested in Node; the providers wrap the result in a
 * vscode.Range. A span that covers nothing (a problem "at" a point, e.g. a missing value after
 * `key:`) is widened to the word there, else to the rest of the line, so the squiggle is visible.
 */
import type { Span } from '../../core/config';

export interface ZeroRange {
  startLine: number;
  startChar: number;
  endLine: number;
  endChar: number;
}

/** `lineText(i)` gives the text of the 0-based line i ('' beyond the end). */
export function spanToRange(span: Span, lineText: (line: number) => string): ZeroRange {
  const startLine = Math.max(0, span.line - 1);
  const startChar = Math.max(0, span.column - 1);
  let endLine = Math.max(startLine, span.endLine - 1);
  let endChar = Math.max(0, span.endColumn - 1);
  if (endLine === startLine && endChar < startChar) endChar = startChar;
  // The parser's end of a value can be the start of the next line: keep squiggles on one line.
  if (endLine > startLine && endChar === 0) {
    endLine -= 1;
    endChar = lineText(endLine).replace(/\s+$/, '').length;
    if (endLine === startLine && endChar < startChar) endChar = startChar;
  }
  if (endLine === startLine && endChar === startChar) {
    const text = lineText(startLine);
    const word = /^[^\s:#,{}[\]]+/.exec(text.slice(startChar));
    if (word) endChar = startChar + word[0].length;
    else {
      const rest = text.replace(/\s+$/, '').length;
      if (rest > startChar) endChar = rest;
      else if (startChar > 0 && text.length > 0) {
        // At the end of a line (after `key:`): mark the key before it.
        const keyStart = text.search(/\S/);
        return { startLine, startChar: Math.max(0, keyStart), endLine, endChar: Math.max(startChar, rest) };
      }
    }
  }
  return { startLine, startChar, endLine, endChar };
}
