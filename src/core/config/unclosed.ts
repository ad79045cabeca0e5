/**
 * The yaml parser notices an unclosed `[`, `{` or quote where the text stops making sense, often the
 * next line. People look for the opening character, so this finds it: a scan of the text before the
 * error that knows about quotes and comments.
 */

export type Opener = '[' | '{' | '"' | "'";

/** Offset of the last unclosed opener of this kind before `end`, or undefined. */
export function findUnclosed(text: string, end: number, kind: Opener): number | undefined {
  const stack: Array<{ ch: string; at: number }> = [];
  let quote: { ch: string; at: number } | undefined;
  for (let i = 0; i < end && i < text.length; i++) {
    const ch = text[i] as string;
    if (quote) {
      if (quote.ch === '"' && ch === '\\') i++;
      else if (quote.ch === "'" && ch === "'" && text[i + 1] === "'") i++;
      else if (ch === quote.ch) quote = undefined;
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) {
      while (i < end && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      // A quote starts a quoted scalar only where a scalar can start (not inside a plain word: don't).
      const prev = i === 0 ? '\n' : (text[i - 1] as string);
      if (/[\s[{,:-]/.test(prev)) quote = { ch, at: i };
    } else if (ch === '[' || ch === '{') {
      stack.push({ ch, at: i });
    } else if (ch === ']' || ch === '}') {
      const want = ch === ']' ? '[' : '{';
      for (let j = stack.length - 1; j >= 0; j--) {
        if (stack[j]?.ch === want) {
          stack.splice(j);
          break;
        }
      }
    }
  }
  if (kind === '"' || kind === "'") return quote?.ch === kind ? quote.at : undefined;
  for (let j = stack.length - 1; j >= 0; j--) if (stack[j]?.ch === kind) return stack[j]?.at;
  return undefined;
}

/** Which opener a yaml error message complains about, if any. */
export function openerOf(message: string): Opener | undefined {
  if (/^Flow sequence/.test(message)) return '[';
  if (/^Flow map/.test(message)) return '{';
  if (/Missing closing "quote/.test(message)) return '"';
  if (/Missing closing 'quote/.test(message)) return "'";
  return undefined;
}
