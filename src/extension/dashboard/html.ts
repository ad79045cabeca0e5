/**
 * The dashboard page's HTML shell. Pure (strings in, string out) so a unit test can check the CSP.
 * The page's own script (dist/webview.js, the DASHBOARD side) builds the DOM inside #app.
 */

import { randomBytes } from 'crypto';

export interface DashboardHtmlInput {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  title: string;
  nonce?: string;
}

export function makeNonce(): string {
  return randomBytes(16).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function dashboardHtml(i: DashboardHtmlInput): string {
  const nonce = i.nonce ?? makeNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(i.cspSource, nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeAttr(i.styleUri)}">
  <title>${escapeText(i.title)}</title>
</head>
<body>
  <div id="app"></div>
  <script nonce="${nonce}" src="${escapeAttr(i.scriptUri)}"></script>
</body>
</html>`;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}
