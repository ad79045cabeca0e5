/** Temp folders for the runs tests, removed after each test file. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';

const made: string[] = [];
after(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDir(label = 'runs'): string {
  // realpath: macOS /var → /private/var, so path comparisons hold.
  const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `seqlab-${label}-`)));
  made.push(d);
  return d;
}
