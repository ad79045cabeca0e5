/**
 * `seqlab` entry point: dispatches to one file per subcommand in ./commands.
 */
import { CliIO, CliCommand, EXIT_USAGE, UsageError } from './io';
import { isInteractive } from './format/ci';
import { validateCommand } from './commands/validate';
import { runsCommand } from './commands/runs';
import { trainCommand } from './commands/train';
import { exportCommand } from './commands/export';
import { testCommand } from './commands/test';
import { sweepCommand } from './commands/sweep';
import { workerCommand } from './commands/worker';
import { dataCommand } from './commands/data';
import { resumeCommand } from './commands/resume';
import { generateCommand } from './commands/generate';
import { reproduceCommand } from './commands/reproduce';
import { promoteCommand } from './commands/promote';
import { diffCommand } from './commands/diff';
import { reportCommand } from './commands/report';

const COMMANDS: Record<string, { run: CliCommand; summary: string }> = {
  train: { run: trainCommand, summary: 'train FILE [--set key.path=value]... [--json] [--runs-dir DIR] [--backend B] [--kernel auto|fused|tfjs]' },
  validate: { run: validateCommand, summary: 'validate FILE... [--set key.path=value]... [--json]   check experiment files, exit 2 on errors' },
  runs: { run: runsCommand, summary: 'runs list|show ID|pin ID [--runs-dir DIR] [--json]   list, inspect, or pin a summary beside the experiment' },
  export: { run: exportCommand, summary: 'export RUN --out DIR   write the best model in the tfjs-layers format' },
  data: { run: dataCommand, summary: 'data preview FILE [--json]   series or token statistics, baseline and first examples' },
  test: { run: testCommand, summary: 'test [GLOB|DIR|FILE]...   train every experiment with an expect: block; exit 1 on a failure' },
  resume: { run: resumeCommand, summary: 'resume RUN [--runs-dir DIR] [--json]   continue a stopped run from its checkpoint (same run id)' },
  generate: { run: generateCommand, summary: 'generate RUN [--prompt TEXT] [--length N] [--temperature T] [--top-k K] [--seed S] [--json]   continue a prompt with a text or midi run (midi: writes a .mid)' },
  sweep: { run: sweepCommand, summary: 'sweep FILE [--parallel N] [--random COUNT [--seed S]] [--metric M] [--promote]   every point of sweep: as its own run, a leaderboard' },
  worker: { run: workerCommand, summary: 'worker --queue redis://HOST:PORT --runs-dir DIR [--concurrency N]   train the points of `sweep FILE --queue URL` (docs/distributed.md)' },
  reproduce: { run: reproduceCommand, summary: 'reproduce RUN [--runs-dir DIR] [--json] [--tolerance R]   rerun with the recorded config, seed, backend and kernel; compare step by step' },
  promote: { run: promoteCommand, summary: 'promote [SWEEP] [--metric NAME] [--dry-run]   write the best sweep point\'s values into its experiment file' },
  diff: { run: diffCommand, summary: 'diff RUN RUN [--runs-dir DIR] [--json]   config keys that differ, unified diff of config.yaml, metrics side by side' },
  report: { run: reportCommand, summary: 'report RUN... [--out FILE.md] [--charts svg|png|none]   Markdown report (metrics, config diff) with charts beside it' },
};

export function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  seqlab ${c.summary}`);
  return `Sequence Lab: train and understand recurrent sequence models.\n\nUsage:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${process.env.SEQLAB_VERSION ?? 'dev'}\n`);
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.stderr(`seqlab: unknown command '${name}'.\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`seqlab ${name}: ${err.message}\nUsage: seqlab ${cmd.summary}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

if (require.main === module) {
  const io: CliIO = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    isTTY: isInteractive(Boolean(process.stdout.isTTY), process.env),
    env: process.env,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`seqlab: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
