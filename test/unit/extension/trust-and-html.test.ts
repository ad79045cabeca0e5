import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainingAllowed, UNTRUSTED_MESSAGE } from '../../../src/extension/trust';
import { contentSecurityPolicy, dashboardHtml } from '../../../src/extension/dashboard/html';

test('untrusted workspaces may not train; trusted ones may', () => {
  assert.deepEqual(trainingAllowed({ isTrusted: true }), { ok: true });
  const r = trainingAllowed({ isTrusted: false });
  assert.equal(r.ok, false);
  assert.equal(r.ok ? '' : r.message, UNTRUSTED_MESSAGE);
  assert.match(UNTRUSTED_MESSAGE, /untrusted/);
});

test('the dashboard HTML has a nonce CSP with default-src none and loads only local resources', () => {
  const html = dashboardHtml({ cspSource: 'https://x.vscode-cdn.net', scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/media/dashboard.css', title: 'T <b>', nonce: 'abc123' });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  assert.equal(csp, contentSecurityPolicy('https://x.vscode-cdn.net', 'abc123'));
  assert.match(csp!, /^default-src 'none'; /);
  assert.match(csp!, /script-src 'nonce-abc123'/);
  assert.doesNotMatch(csp!, /unsafe-inline|unsafe-eval|\*/);
  assert.match(html, /<div id="app"><\/div>/);
  assert.match(html, /<script nonce="abc123" src="https:\/\/x\/dist\/webview.js"><\/script>/);
  assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/media\/dashboard.css">/);
  assert.match(html, /<title>T &lt;b&gt;<\/title>/);
  // every script tag carries the nonce
  for (const m of html.matchAll(/<script[^>]*>/g)) assert.match(m[0], /nonce="abc123"/);
});

test('nonces differ between renders', () => {
  const a = dashboardHtml({ cspSource: 's', scriptUri: 'a', styleUri: 'b', title: 't' });
  const b = dashboardHtml({ cspSource: 's', scriptUri: 'a', styleUri: 'b', title: 't' });
  const n = (h: string) => /nonce-([^']+)'/.exec(h)?.[1];
  assert.ok(n(a) && n(a)!.length >= 16);
  assert.notEqual(n(a), n(b));
});
