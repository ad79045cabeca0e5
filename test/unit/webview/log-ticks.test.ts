import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logTick } from '../../../webview/views/log-ticks';

test('log-axis ticks: powers of ten only, short forms', () => {
  assert.equal(logTick(1e-9), '1e-9');
  assert.equal(logTick(0.01), '0.01');
  assert.equal(logTick(0.1), '0.1');
  assert.equal(logTick(1), '1');
  assert.equal(logTick(100), '100');
  assert.equal(logTick(1e5), '1e5');
  assert.equal(logTick(2e-3), '', 'not a power of ten: no label');
  assert.equal(logTick(0), '');
  assert.equal(logTick('1e-12'), '1e-12');
});
