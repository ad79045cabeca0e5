import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forkOptions } from '../../../src/extension/fork-options';

test('forkOptions runs the worker on the host runtime as Node, with no inherited flags', () => {
  const o = forkOptions({ hostExecPath: '/opt/vscode/code', env: { PATH: '/bin', NODE_OPTIONS: '--inspect', VSCODE_IPC_HOOK_EXTHOST: 'x' } });
  assert.equal(o.execPath, '/opt/vscode/code');
  assert.deepEqual(o.execArgv, []);
  assert.equal(o.env.ELECTRON_RUN_AS_NODE, '1');
  assert.equal(o.env.PATH, '/bin');
  assert.equal(o.env.NODE_OPTIONS, undefined, 'host loader flags must not reach the worker');
  assert.equal(o.env.VSCODE_IPC_HOOK_EXTHOST, undefined);
  assert.deepEqual(o.stdio, ['ignore', 'pipe', 'pipe', 'ipc']);
  assert.equal(o.detached, false);
});

test('forkOptions uses seqlab.nodePath when set, ignores blank values', () => {
  assert.equal(forkOptions({ hostExecPath: '/h', nodePath: '/usr/local/bin/node', env: {} }).execPath, '/usr/local/bin/node');
  assert.equal(forkOptions({ hostExecPath: '/h', nodePath: '   ', env: {} }).execPath, '/h');
  assert.equal(forkOptions({ hostExecPath: '/h', env: {} }).execPath, '/h');
});

test('forkOptions does not mutate the host environment and passes cwd', () => {
  const env = { A: '1', NODE_OPTIONS: '--x' };
  const o = forkOptions({ hostExecPath: '/h', env, cwd: '/tmp/exp' });
  assert.deepEqual(env, { A: '1', NODE_OPTIONS: '--x' });
  assert.equal(o.cwd, '/tmp/exp');
  assert.equal(o.env.A, '1');
});
