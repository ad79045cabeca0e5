/**
 * Human output of `seqlab train`: turns the TrainEvent stream into the header, a progress bar (TTY)
 * or periodic plain lines, one line per epoch, and the summary. Pure formatting lives in the sibling
 * files; this class only keeps the little state the lines need (steps in this epoch, mean grad norm).
 */
import type { Metrics, TrainEvent } from '../../core/events';
import type { CliIO } from '../io';
import { formatEpochLine } from './epoch-line';
import { formatHeader } from './header';
import { plainProgress, progressBar, Throttle } from './progress';
import { formatSummary } from './summary';

const CLEAR_LINE = '\r\x1b[K';

export class HumanPrinter {
  private epochs = 0;
  private stepsPerEpoch = 0;
  private baseline: Metrics = {};
  private stepInEpoch = 0;
  private gradSum = 0;
  private barShown = false;
  private runDir: string | undefined;
  private readonly throttle: Throttle;

  constructor(
    private readonly io: CliIO,
    opts: { plainEveryMs?: number; now?: () => number } = {},
  ) {
    this.throttle = new Throttle(io.isTTY ? 100 : (opts.plainEveryMs ?? 10_000), opts.now);
  }

  onEvent(e: TrainEvent): void {
    switch (e.type) {
      case 'start':
        this.epochs = e.epochs;
        this.stepsPerEpoch = e.stepsPerEpoch;
        this.baseline = e.baseline;
        this.runDir = e.runDir;
        this.io.stdout(formatHeader(e, this.io.cwd));
        break;
      case 'step':
        this.stepInEpoch++;
        this.gradSum += e.gradNorm;
        if (this.throttle.ready() || (this.io.isTTY && this.stepInEpoch === this.stepsPerEpoch)) {
          const s = { epoch: e.epoch, epochs: this.epochs, stepInEpoch: this.stepInEpoch, stepsPerEpoch: this.stepsPerEpoch, loss: e.loss };
          if (this.io.isTTY) {
            this.io.stdout(`${CLEAR_LINE}${progressBar(s)}`);
            this.barShown = true;
          } else {
            this.io.stdout(plainProgress(s));
          }
        }
        break;
      case 'epoch': {
        this.clearBar();
        const meanGradNorm = this.stepInEpoch > 0 ? this.gradSum / this.stepInEpoch : undefined;
        this.io.stdout(formatEpochLine(e, { epochs: this.epochs, baseline: this.baseline, meanGradNorm }));
        this.stepInEpoch = 0;
        this.gradSum = 0;
        break;
      }
      case 'log':
        this.clearBar();
        if (e.level === 'info') this.io.stdout(`  ${e.message}\n`);
        else this.io.stderr(`${e.level}: ${e.message}\n`);
        break;
      case 'end':
        this.clearBar();
        this.io.stdout(formatSummary(e.summary, this.runDir, this.io.cwd, e.error));
        break;
      case 'gradients':
      case 'hidden':
      case 'samples':
      case 'artifact':
        break; // charts for the dashboard; the run folder keeps them
    }
  }

  private clearBar(): void {
    if (this.barShown) this.io.stdout(CLEAR_LINE);
    this.barShown = false;
  }
}
