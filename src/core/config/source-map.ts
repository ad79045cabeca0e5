/**
 * Where each value of a (merged) experiment came from. Keys are key paths; a path with no entry of
 * its own takes the position of its nearest ancestor (e.g. a value filled in by a default).
 */
import { FILE_START, Span } from './errors';

export type PathSegment = string | number;

export type Origin =
  /** From a YAML file: the key's range (absent for list items and the document root) and the value's. */
  | { file: string; key?: Span; value: Span; override?: undefined }
  /** From `--set`: reported at the start of the experiment file, naming the override. */
  | { file: string; override: string; key?: undefined; value: Span };

/** Map keys can contain dots (sweep keys are key paths), so paths are joined with a control char. */
const SEP = '\u0001';
export const pathKey = (segments: readonly PathSegment[]): string => segments.map(String).join(SEP);

export class SourceMap {
  private readonly origins = new Map<string, Origin>();

  set(segments: readonly PathSegment[], origin: Origin): void {
    this.origins.set(pathKey(segments), origin);
  }

  /** The exact origin of a path, if it was written somewhere. */
  exact(segments: readonly PathSegment[]): Origin | undefined {
    return this.origins.get(pathKey(segments));
  }

  /** The origin of a path or of its nearest written ancestor. */
  find(segments: readonly PathSegment[], fallbackFile: string): Origin {
    for (let n = segments.length; n >= 0; n--) {
      const o = this.origins.get(pathKey(segments.slice(0, n)));
      if (o) return o;
    }
    return { file: fallbackFile, value: FILE_START };
  }

  /** Forget a path and everything below it (the value there was replaced). */
  deleteTree(segments: readonly PathSegment[]): void {
    const prefix = pathKey(segments);
    for (const k of [...this.origins.keys()]) {
      if (k === prefix || k.startsWith(prefix + SEP) || prefix === '') this.origins.delete(k);
    }
  }

  /** Copy the origins of `other` at and below a path into this map. */
  copyTree(other: SourceMap, segments: readonly PathSegment[]): void {
    const prefix = pathKey(segments);
    for (const [k, o] of other.origins) {
      if (k === prefix || k.startsWith(prefix + SEP) || prefix === '') this.origins.set(k, o);
    }
  }
}

/** The span errors about a value point at: its value, or the key when the value is empty. */
export function valueSpan(o: Origin): Span {
  return o.value;
}

/** The span errors about a key point at (an unknown key, a key that must go). */
export function keySpan(o: Origin): Span {
  return o.key ?? o.value;
}
