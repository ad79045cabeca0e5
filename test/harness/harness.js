// Shared test harness for the extension-host, UI e2e and package layers: install check, start
// code-server (VS Code web + a real Node extension host), drive headless Chromium with playwright-core,
// sample memory of the process trees, and shut everything down by PID (never by name).
// Adapted from the offline e2e research (shared/testing-offline/harness.js). See test/harness/README.md.
'use strict';
const cp = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const util = require('util');

const HERE = __dirname;
const REPO = path.resolve(HERE, '..', '..');
const CS_DIR = process.env.CODE_SERVER_DIR || path.join(REPO, '.test-cache', 'code-server');
/** Run folders (user data, extensions dir, workspace, logs, screenshots) live here, gitignored. */
const RUNS = path.join(REPO, 'test', '.runs');
const CS_ENTRY = path.join(CS_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const t0 = Date.now();
const marks = {};
function mark(name) {
  marks[name] = Date.now() - t0;
  log(`${name} (+${(marks[name] / 1000).toFixed(1)}s)`);
}
let tag = 'harness';
function setTag(t) { tag = t; }
function log(...a) { console.log(`[${tag} ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s]`, ...a); }

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

/** Settings that keep the first screen quiet and nothing reaching out to the network. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
};

/**
 * A fresh run folder under test/.runs with user-data-dir, extensions-dir and a workspace folder.
 * opts.trust: true (default) pre-trusts every workspace (no trust modal); false leaves workspace trust
 * on, so the workspace opens in restricted mode. opts.settings adds user settings. opts.keep: how many
 * older run folders of this name to keep. opts.runsRoot: false = no workspace/.seqlab/ (by default the
 * workspace is its own runs root, so runs land in workspace/.seqlab/runs).
 */
function makeRunDir(name, opts = {}) {
  const root = path.join(RUNS, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const dirs = { root, userData: path.join(root, 'user-data'), extensions: path.join(root, 'extensions'), workspace: path.join(root, 'workspace') };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  // Run folders live inside the repository's git tree; without a .seqlab/ of its own the workspace's
  // runs would go to the repository root (findRunsRoot: nearest .seqlab/, else the git root).
  if (opts.runsRoot !== false) fs.mkdirSync(path.join(dirs.workspace, '.seqlab'), { recursive: true });
  const settings = { 'security.workspace.trust.enabled': opts.trust === false, ...QUIET_SETTINGS, ...(opts.settings || {}) };
  if (opts.trust === false) settings['security.workspace.trust.startupPrompt'] = 'never';
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  // keep only the newest few run folders of this name
  const keep = opts.keep ?? 3;
  const runs = fs.readdirSync(RUNS).filter((f) => f.startsWith(name + '-')).sort();
  for (const old of runs.slice(0, -keep)) fs.rmSync(path.join(RUNS, old), { recursive: true, force: true });
  return dirs;
}

/** Start code-server in its own process group; resolves once it listens. */
async function startCodeServer({ dirs, port, extraArgs = [], env = {}, folder = dirs.workspace }) {
  if (!fs.existsSync(CS_ENTRY)) throw new Error(`code-server not found at ${CS_ENTRY}: run bash test/harness/setup.sh first`);
  const args = [CS_ENTRY,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions,
    ...extraArgs];
  if (folder) args.push(folder);
  // code-server otherwise reads/creates ~/.config/code-server/config.yaml and writes a heartbeat
  // under ~/.local/share/code-server: keep both inside the run folder.
  args.push('--config', path.join(dirs.root, 'code-server-config.yaml'));
  const logFile = path.join(dirs.root, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const child = cp.spawn(process.execPath, args, {
    detached: true, // own process group: kill(-pid) reaches the extension host, pty host, watcher too
    stdio: ['ignore', 'pipe', out],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: path.join(dirs.root, 'xdg-config'), XDG_DATA_HOME: path.join(dirs.root, 'xdg-data'),
      // No marketplace: code-server defaults to open-vsx.org, which is unreachable offline and only
      // produces ENOTFOUND errors in the workbench console. '{}' = no serviceUrl = gallery disabled.
      EXTENSIONS_GALLERY: '{}',
      ...env,
    },
  });
  log(`code-server pid ${child.pid} on 127.0.0.1:${port}, log ${path.relative(REPO, logFile)}`);
  let buf = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('code-server did not start listening within 60s')), 60_000);
    child.stdout.on('data', (d) => {
      fs.appendFileSync(logFile, d);
      if (buf !== null) {
        buf += d;
        if (buf.includes('HTTP server listening on')) { buf = null; clearTimeout(timer); resolve(); }
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`code-server exited early (${code}); see ${logFile}`)); });
  });
  return { child, logFile, url: `http://127.0.0.1:${port}` };
}

// ---- process tree + memory ----
function readProcs() {
  const procs = new Map();
  for (const ent of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(ent)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${ent}/stat`, 'utf8');
      const rp = stat.lastIndexOf(')');
      const fields = stat.slice(rp + 2).split(' ');
      const ppid = Number(fields[1]);
      const rssPages = Number(fields[21]);
      procs.set(Number(ent), { pid: Number(ent), ppid, start: fields[19], state: fields[0], rssKb: rssPages * 4, comm: stat.slice(stat.indexOf('(') + 1, rp) });
    } catch { /* process vanished */ }
  }
  return procs;
}
function pssKb(pid) {
  try { return parseInt(/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))[1], 10); } catch { return 0; }
}
function machineUsedKb() {
  const m = Object.fromEntries(fs.readFileSync('/proc/meminfo', 'utf8').split('\n').filter(Boolean)
    .map((l) => { const [k, v] = l.split(':'); return [k, parseInt(v, 10)]; }));
  return m.MemTotal - m.MemAvailable;
}
function descendants(procs, rootPid) {
  const out = [];
  const stack = [rootPid];
  while (stack.length) {
    const p = stack.pop();
    const info = procs.get(p);
    if (!info) continue;
    out.push(info);
    for (const q of procs.values()) if (q.ppid === p) stack.push(q.pid);
  }
  return out;
}
/** Samples RSS of named process trees every intervalMs; remembers every PID seen. */
function memorySampler(intervalMs = 500) {
  const roots = {};
  const peak = {};
  const seen = {};
  let peakTotal = 0;
  const peakPss = {};
  const sample = () => {
    const procs = readProcs();
    let total = 0;
    for (const [name, pid] of Object.entries(roots)) {
      const tree = descendants(procs, pid);
      const kb = tree.reduce((s, p) => s + p.rssKb, 0);
      total += kb;
      peak[name] = Math.max(peak[name] || 0, kb);
      // PSS splits shared pages between the processes sharing them: sums of PSS do add up.
      peakPss[name] = Math.max(peakPss[name] || 0, tree.reduce((s, p) => s + pssKb(p.pid), 0));
      seen[name] = seen[name] || new Map();
      for (const p of tree) seen[name].set(p.pid, { comm: p.comm, start: p.start });
    }
    const self = Number(fs.readFileSync('/proc/self/statm', 'utf8').split(' ')[1]) * 4;
    peak.harness = Math.max(peak.harness || 0, self);
    peakTotal = Math.max(peakTotal, total + self);
    // RSS sums double-count pages shared between processes (Chromium's many processes especially);
    // the machine-wide "used" (MemTotal - MemAvailable) above the baseline is the honest total.
    const used = machineUsedKb();
    peakMachineUsed = Math.max(peakMachineUsed, used);
  };
  const baselineMachineUsed = machineUsedKb();
  let peakMachineUsed = baselineMachineUsed;
  const timer = setInterval(sample, intervalMs);
  return {
    track(name, pid) { roots[name] = pid; sample(); },
    sample,
    stop() { clearInterval(timer); },
    report() {
      const mb = (kb) => Math.round(kb / 1024);
      return {
        peakRssMb: Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, mb(v)])),
        peakPssMb: Object.fromEntries(Object.entries(peakPss).map(([k, v]) => [k, mb(v)])),
        peakRssSumMb: mb(peakTotal),
        peakMachineUsedAboveBaselineMb: mb(peakMachineUsed - baselineMachineUsed),
      };
    },
    seenPids(name) { return seen[name] || new Map(); },
  };
}

/** Which of the processes we saw (pid -> {start}) are still running: same PID *and* same start time
 * (so a recycled PID is never mistaken for ours), zombies excluded. */
function stillRunning(seen) {
  const procs = readProcs();
  return [...seen].filter(([pid, info]) => { const p = procs.get(pid); return p && p.start === info.start && p.state !== 'Z'; }).map(([pid]) => pid);
}
async function waitGone(seen, ms) {
  for (let t = 0; t < ms; t += 100) { if (!stillRunning(seen).length) return []; await sleep(100); }
  return stillRunning(seen);
}
/** Stop a process tree we started: SIGTERM to its process group (it was spawned detached, so the group
 * is ours alone), wait, then SIGKILL the group and any process seen in the tree that is still running
 * (e.g. one that left the group with setsid). Returns PIDs that survived (should be none). */
async function killTree(rootPid, seen = new Map()) {
  if (!(rootPid > 1)) throw new Error(`refusing to signal process group of ${rootPid}`);
  const all = new Map(seen);
  for (const p of descendants(readProcs(), rootPid)) all.set(p.pid, { start: p.start });
  try { process.kill(-rootPid, 'SIGTERM'); } catch { /* already gone */ }
  let left = await waitGone(all, 5000);
  if (left.length) {
    try { process.kill(-rootPid, 'SIGKILL'); } catch { /* gone */ }
    for (const pid of left) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    left = await waitGone(all, 2000);
  }
  return left;
}

async function launchBrowser() {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  return { browser, context, page };
}

/** PID of the Chromium browser process Playwright launched (child of this Node process). */
function chromiumPid() {
  const procs = readProcs();
  for (const p of procs.values()) if (p.ppid === process.pid && /chrom/i.test(p.comm)) return p.pid;
  return undefined;
}

/** If the workspace-trust modal shows anyway, accept it (it should not, given the settings). */
async function acceptTrustDialogIfShown(page) {
  const btn = page.getByRole('button', { name: /Yes, I trust the authors/i });
  if (await btn.isVisible().catch(() => false)) { log('workspace trust dialog shown: accepting'); await btn.click(); return true; }
  return false;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs test/harness/setup.sh (idempotent: about 1 s when code-server is already installed). */
function ensureCodeServer() {
  const t = Date.now();
  const r = cp.spawnSync('bash', [path.join(HERE, 'setup.sh')], { stdio: 'inherit', env: { ...process.env, CODE_SERVER_DIR: CS_DIR } });
  if (r.status !== 0) throw new Error(`test/harness/setup.sh failed (exit ${r.status})`);
  return Date.now() - t;
}

/** Newest modification time under the given repo paths (files or folders), 0 when none exist. */
function newestMtime(rels) {
  let newest = 0;
  const visit = (p) => {
    let st;
    try { st = fs.statSync(p); } catch { return; }
    if (st.isDirectory()) { for (const e of fs.readdirSync(p)) visit(path.join(p, e)); } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const r of rels) visit(path.join(REPO, r));
  return newest;
}

/**
 * `npm run build` equivalent (node esbuild.js) in the repo. Skipped when every bundle is newer than
 * every source it is built from (npm test runs its build layer first; each later layer then reuses it).
 * SEQLAB_FORCE_BUILD=1 always builds.
 */
function buildProject() {
  const t = Date.now();
  const outs = ['dist/extension.js', 'dist/worker.js', 'dist/webview.js'].map((f) => path.join(REPO, f));
  const oldestOut = Math.min(...outs.map((f) => { try { return fs.statSync(f).mtimeMs; } catch { return 0; } }));
  const newestIn = newestMtime(['src', 'webview', 'media', 'esbuild.js', 'package.json']);
  if (!process.env.SEQLAB_FORCE_BUILD && oldestOut > newestIn) {
    log('build is up to date (dist newer than src, webview, media, esbuild.js, package.json): not rebuilding');
    return Date.now() - t;
  }
  cp.execFileSync(process.execPath, [path.join(REPO, 'esbuild.js')], { cwd: REPO, stdio: 'inherit' });
  return Date.now() - t;
}

/** The remote authority code-server gives the page: URIs in `payload` must be vscode-remote://<it>/abs. */
function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${absPath.split(path.sep).join('/')}`;
}

/**
 * Run a mocha suite INSIDE code-server's real extension host (the web workbench's `payload` URL
 * parameter with extensionDevelopmentPath + extensionTestsPath, as VS Code's test/integration/browser
 * does). The runner (extensionTestsPath, exporting run()) writes a JSON report to env REPORT_ENV.
 * Resolves { report, exitCode, marks, memory }. Everything started is stopped by PID.
 */
async function runExtensionHostTests({ name, extensionPath, testsPath, workspace, workspaceDir, extensionsDir, open = 'folder', prepare, env = {}, reportEnv = 'SEQLAB_TEST_REPORT', trust = true, settings = {}, timeoutMs = 180_000 }) {
  const dirs = makeRunDir(name, { trust, settings, runsRoot: false });
  // An installed extension (package test): its own extensions dir and a workspace outside the repo.
  if (extensionsDir) dirs.extensions = extensionsDir;
  if (workspaceDir) dirs.workspace = workspaceDir;
  if (workspace) fs.cpSync(workspace, dirs.workspace, { recursive: true });
  fs.mkdirSync(path.join(dirs.workspace, '.seqlab'), { recursive: true });
  // open: 'folder' (the workspace folder), 'none' (no folder: files only), or a path relative to the
  // workspace of a .code-workspace file (multi-root). prepare(dirs) may lay out extra files first.
  if (prepare) prepare(dirs);
  const reportPath = path.join(dirs.root, 'test-report.json');
  const mem = memorySampler(500);
  const port = await freePort();
  let cs, browser, exitCode;
  let report;
  let error;
  try {
    cs = await startCodeServer({ dirs, port, folder: null, env: { [reportEnv]: reportPath, SEQLAB_TEST_WORKSPACE: dirs.workspace, ...env } });
    mem.track('codeServer', cs.child.pid);
    mark(`${name}: code-server listening`);
    const b = await launchBrowser();
    browser = b.browser;
    const page = b.page;
    mem.track('chromium', chromiumPid());
    const exit = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    exit.then((c) => { exitCode = c; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = util.format(...(args || []));
      if (!/^\s*$/.test(text)) log(`[exthost ${type}] ${text}`);
    });
    // Without extensionDevelopmentPath the tests run against the extensions installed in dirs.extensions.
    const payload = [
      ...(extensionPath ? [['extensionDevelopmentPath', remoteUri(port, extensionPath)]] : []),
      ['extensionTestsPath', remoteUri(port, testsPath)],
    ];
    const target = open === 'none' ? '' : open === 'folder' ? `folder=${encodeURIComponent(dirs.workspace)}&`
      : `workspace=${encodeURIComponent(path.join(dirs.workspace, open))}&`;
    const url = `${cs.url}/?${target}payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    mark(`${name}: workbench DOM`);
    const deadline = Date.now() + timeoutMs;
    let exitSeenAt;
    while (Date.now() < deadline) {
      if (fs.existsSync(reportPath)) { report = JSON.parse(fs.readFileSync(reportPath, 'utf8')); break; }
      if (exitCode !== undefined && (exitSeenAt ??= Date.now()) < Date.now() - 3000) break;
      await sleep(250);
    }
    if (!report) throw new Error(`no test report at ${reportPath} (extension host exit code ${exitCode}); waited up to ${timeoutMs / 1000}s. Logs: ${dirs.root}`);
    mark(`${name}: report written`);
    let timer;
    await Promise.race([exit, new Promise((r) => { timer = setTimeout(r, 10_000); })]);
    clearTimeout(timer);
    await page.screenshot({ path: path.join(dirs.root, `${name}.png`) }).catch(() => {});
  } catch (e) {
    error = e;
    if (browser) {
      const p = browser.contexts().flatMap((c) => c.pages())[0];
      if (p) await p.screenshot({ path: path.join(dirs.root, 'failure.png') }).catch(() => {});
    }
  } finally {
    mem.sample();
    mem.stop();
    const leftovers = await stopAll({ browser, cs, mem });
    if (leftovers.length && !error) error = new Error(`processes left running after shutdown: ${leftovers.join(', ')}`);
    mark(`${name}: shut down`);
  }
  return { report, exitCode, error, dirs, memory: mem.report(), extHostInTree: report ? mem.seenPids('codeServer').has(report.extHostPid) : false };
}

/** Close the browser, then stop the code-server process group; returns PIDs that survived. */
async function stopAll({ browser, cs, mem }) {
  let left = [];
  if (browser) {
    await browser.close().catch(() => {});
    left = left.concat(await waitGone(mem.seenPids('chromium'), 5000));
  }
  if (cs) left = left.concat(await killTree(cs.child.pid, mem.seenPids('codeServer')));
  return left;
}

/**
 * F1 → a command by its title → Enter. The palette lists an extension's commands only once the
 * remote extension host has registered it, and a filter typed before that may not refresh, so the
 * palette is reopened and the title retyped every few seconds until the row appears (or `limitMs`).
 */
async function runCommand(page, title, { limitMs = 120_000, retryMs = 8_000 } = {}) {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  const deadline = Date.now() + limitMs;
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: limitMs });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: Math.min(retryMs, Math.max(1, deadline - Date.now())) });
      break;
    } catch (e) {
      if (Date.now() >= deadline) throw e;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: limitMs });
}

module.exports = {
  runCommand,
  HERE, REPO, RUNS, CS_DIR, CS_ENTRY, marks, mark, log, setTag, freePort, makeRunDir, startCodeServer, memorySampler, killTree, waitGone,
  stillRunning, launchBrowser, chromiumPid, acceptTrustDialogIfShown, sleep, readProcs, descendants, ensureCodeServer, buildProject,
  remoteUri, runExtensionHostTests, stopAll, QUIET_SETTINGS,
  /** Alias used by test/e2e: install code-server when missing (idempotent). */
  setup: async () => ensureCodeServer(),
};
