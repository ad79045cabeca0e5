/**
 * Pure builder of the child_process.fork options for the training worker (DESIGN.md "Extension
 * runtime"). Unit-tested without VS Code.
 *
 * Why these options:
 * - execPath = the editor's own executable (Electron on the desktop, Node in code-server) with
 *   ELECTRON_RUN_AS_NODE=1, so training works for users who never installed Node; `seqlab.nodePath`
 *   overrides it (e.g. to load a tfjs-node built for another Node ABI).
 * - execArgv = [] so the extension host's own flags (--inspect, --max-old-space-size of the host,
 *   loader hooks) never leak into the worker.
 * - stdio pipes + ipc: stdout/stderr go to the log channel and worker.log; messages go over IPC.
 */

import type { ForkOptions } from 'child_process';

export interface ForkOptionsInput {
  /** process.execPath of the extension host. */
  hostExecPath: string;
  /** The `seqlab.nodePath` setting ('' or undefined = unset). */
  nodePath?: string;
  /** process.env of the extension host. */
  env: NodeJS.ProcessEnv;
  /** Working directory for the worker (the experiment's folder). */
  cwd?: string;
}

export interface WorkerForkOptions extends ForkOptions {
  execPath: string;
  execArgv: string[];
  env: NodeJS.ProcessEnv;
  stdio: ['ignore', 'pipe', 'pipe', 'ipc'];
}

/** Variables of the extension host that must not reach a plain Node child. */
const STRIPPED_ENV = [
  // VS Code passes these to its own Node children; a worker must not think it is one of them.
  'VSCODE_IPC_HOOK_EXTHOST',
  'VSCODE_HANDLES_UNCAUGHT_ERRORS',
  'VSCODE_CRASH_REPORTER_PROCESS_TYPE',
  // Loader flags of the host (e.g. --require of a debugger bootloader) must not run in the worker.
  'NODE_OPTIONS',
];

export function forkOptions(input: ForkOptionsInput): WorkerForkOptions {
  const nodePath = input.nodePath?.trim();
  const env: NodeJS.ProcessEnv = { ...input.env };
  for (const k of STRIPPED_ENV) delete env[k];
  env.ELECTRON_RUN_AS_NODE = '1';
  return {
    execPath: nodePath ? nodePath : input.hostExecPath,
    execArgv: [],
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    ...(input.cwd ? { cwd: input.cwd } : {}),
    // The worker must die with the editor: not detached.
    detached: false,
    serialization: 'json',
  };
}
