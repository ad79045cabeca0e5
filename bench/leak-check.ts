/**
 * In-process leak check of the default path (a diagnostic beside bench/product.js's RSS of the real
 * CLI): `node --expose-gc --import tsx bench/leak-check.ts [cell] [epochs]` trains the standard
 * workload through runExperiment (100 steps per epoch) and prints, every 5 epochs after a forced GC,
 * the live tfjs tensors and bytes, the JS heap and RSS. Flat tensors and heap = no per-step leak.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as path from 'path';
import * as os from 'os';
import * as fs from 'fs';
import { runExperiment } from '../src/core/run-experiment';
async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leak-'));
  let n = 0;
  await runExperiment({
    configPath: path.join(__dirname, 'experiments', 'standard.seqlab.yaml'),
    overrides: [`model.type=${process.argv[2] ?? 'rnn'}`, `training.epochs=${process.argv[3] ?? 40}`, 'data.length=8050'],
    runsDir: dir,
    onEvent: (ev) => {
      if (ev.type === 'epoch' && (++n % 5 === 0)) {
        (globalThis as { gc?: () => void }).gc?.();
        const m = process.memoryUsage();
        console.log(`epoch ${n} tensors ${tf.memory().numTensors} bytes ${tf.memory().numBytes} heapUsed ${(m.heapUsed / 2 ** 20).toFixed(1)} MB rss ${(m.rss / 2 ** 20).toFixed(0)} ext ${(m.external / 2 ** 20).toFixed(1)} ab ${(m.arrayBuffers / 2 ** 20).toFixed(1)}`);
      }
    },
  });
  fs.rmSync(dir, { recursive: true, force: true });
}
void main();
