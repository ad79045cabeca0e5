// Test runner loaded by the extension host (extensionTestsPath): mocha 11 (CJS), tdd UI. Which suite
// files run comes from SEQLAB_TEST_SUITES (comma-separated base names; default: every *.test.js
// except tagged ones such as *.untrusted.test.js). Results go to the JSON report at SEQLAB_TEST_REPORT
// (written atomically; the harness polls it), and run() rejects on failures so the host exits 1.
// The same file is the entry point for @vscode/test-electron (test/extension/electron.js).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface TestReport {
  startedAt: string;
  finishedAt?: string;
  extHostPid: number;
  env: Record<string, unknown>;
  passes: number;
  failures: number;
  pending: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number; error?: string }[];
}

function write(reportPath: string, report: TestReport): void {
  fs.mkdirSync(path.dirname(reportPath), { recursive: true });
  fs.writeFileSync(reportPath + '.tmp', JSON.stringify(report, null, 2));
  fs.renameSync(reportPath + '.tmp', reportPath);
}

function suiteFiles(): string[] {
  const wanted = (process.env.SEQLAB_TEST_SUITES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const all = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  if (wanted.length) return all.filter((f) => wanted.includes(f.replace(/\.test\.js$/, '')));
  // Tagged suites (name.<tag>.test.js: untrusted, installed) run only in their own sessions.
  return all.filter((f) => !/\.[a-z]+\.test\.js$/.test(f.replace(/^[^.]+/, '')));
}

export function runTo(reportPath = path.join(os.tmpdir(), 'seqlab-exthost-report.json')): Promise<TestReport> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 120_000, color: false, reporter: 'spec' });
  for (const f of suiteFiles()) mocha.addFile(path.join(__dirname, f));
  const env = {
    uiKind: vscode.UIKind[vscode.env.uiKind], appHost: vscode.env.appHost, appName: vscode.env.appName,
    remoteName: vscode.env.remoteName ?? null, vscodeVersion: vscode.version, trusted: vscode.workspace.isTrusted,
    node: process.versions.node, electron: process.versions.electron ?? null, execPath: process.execPath,
  };
  const report: TestReport = { startedAt: new Date().toISOString(), extHostPid: process.pid, env, passes: 0, failures: 0, pending: 0, tests: [] };
  return new Promise((resolve) => {
    const runner = mocha.run((failures) => {
      report.failures = failures;
      report.finishedAt = new Date().toISOString();
      write(reportPath, report);
      resolve(report);
    });
    runner.on('pass', (t) => {
      report.passes++;
      report.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
    });
    runner.on('fail', (t, err: unknown) => {
      report.tests.push({ title: t.fullTitle(), state: 'failed', error: String((err as Error)?.stack ?? err) });
    });
    runner.on('pending', (t) => {
      report.pending++;
      report.tests.push({ title: t.fullTitle(), state: 'pending' });
    });
  });
}

// The extension host's contract (extensionTestsPath): export run(): Promise<void>; a rejection = exit 1.
export async function run(): Promise<void> {
  const report = await runTo(process.env.SEQLAB_TEST_REPORT);
  if (report.failures > 0) throw new Error(`${report.failures} test(s) failed`);
}
