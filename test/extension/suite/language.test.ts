// Editor support for *.seqlab.yaml inside the real extension host: diagnostics at the right ranges,
// quick fixes that remove them, completions that depend on the cursor's path, hovers that teach,
// nothing on other YAML, the effective-config view and seqlab.newExperiment.
// The fixtures (test/fixtures/language) are copied to a temp folder outside the workspace, so the
// other suites' view of the workspace (its experiment files) does not change.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, closeAllEditors, waitFor } from './helpers';

// The bundled suite runs from test/.runs/exthost-build/.
const FIXTURES = path.resolve(__dirname, '../../fixtures/language');
const SOURCE = 'Sequence Lab';

suite('Sequence Lab extension: editor support for experiment files', function () {
  this.timeout(120_000);
  let dir: string;
  const uri = (rel: string): vscode.Uri => vscode.Uri.file(path.join(dir, rel));
  const ours = (u: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(u).filter((d) => d.source === SOURCE);
  const show = async (rel: string): Promise<vscode.TextEditor> => vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri(rel)), { preview: false });
  const rangeText = (d: vscode.Diagnostic, doc: vscode.TextDocument): string => doc.getText(d.range);

  suiteSetup(async () => {
    await api();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-language-'));
    fs.cpSync(FIXTURES, dir, { recursive: true });
  });

  suiteTeardown(async () => {
    await closeAllEditors();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a broken file gets diagnostics on the misspelt key and the misspelt value', async () => {
    const editor = await show('broken.seqlab.yaml');
    const diags = await waitFor('diagnostics on broken.seqlab.yaml', () => ours(editor.document.uri).length >= 2 && ours(editor.document.uri));
    const byCode = new Map(diags.map((d) => [String(d.code), d]));
    const key = byCode.get('model.tpye');
    assert.ok(key, `no model.tpye diagnostic in ${JSON.stringify(diags.map((d) => d.message))}`);
    assert.deepStrictEqual([key.range.start.line, key.range.start.character, key.range.end.line, key.range.end.character], [6, 2, 6, 6]);
    assert.strictEqual(rangeText(key, editor.document), 'tpye');
    assert.strictEqual(key.severity, vscode.DiagnosticSeverity.Error);
    assert.match(key.message, /did you mean `type`/);
    const value = byCode.get('model.cell');
    assert.ok(value);
    assert.strictEqual(rangeText(value, editor.document), 'lstmm');
    assert.strictEqual(value.range.start.line, 8);
  });

  test('applying the "did you mean" quick fix removes its diagnostic', async () => {
    const editor = await show('broken.seqlab.yaml');
    const doc = editor.document;
    const diag = await waitFor('the tpye diagnostic', () => ours(doc.uri).find((d) => d.code === 'model.tpye'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Rename `tpye` to `type`');
    assert.ok(fix?.edit, `no rename fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.strictEqual(fix.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.strictEqual(doc.lineAt(6).text, '  type: gru');
    await waitFor('the tpye diagnostic to go', () => !ours(doc.uri).some((d) => d.code === 'model.tpye'));
    // The other problem is still reported: the file was validated again, not just cleared.
    assert.ok(ours(doc.uri).some((d) => d.code === 'model.cell'));
  });

  test('a missing data.path gets an "add" quick fix that removes its diagnostic', async () => {
    const doc = (await show('missing-path.seqlab.yaml')).document;
    const diag = await waitFor('the missing path diagnostic', () => ours(doc.uri).find((d) => /no `data.path`/.test(d.message)));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range);
    const add = actions.find((a) => /^Add `path: /.test(a.title));
    assert.ok(add?.edit, `no add fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(add.edit));
    assert.match(doc.getText(), /\n {2}path: \.\/data\.csv\n/);
    await waitFor('the missing path diagnostic to go', () => !ours(doc.uri).some((d) => /no `data.path`/.test(d.message)));
  });

  test('data checks: an unknown CSV column and a window longer than the file', async () => {
    const doc = (await show('csv-column.seqlab.yaml')).document;
    const diags = await waitFor('csv diagnostics', () => ours(doc.uri).length >= 2 && ours(doc.uri));
    const column = diags.find((d) => d.code === 'data.column');
    assert.ok(column);
    assert.strictEqual(rangeText(column, doc), 'tempp');
    assert.match(column.message, /'temp'/);
    const window = diags.find((d) => d.code === 'data.window');
    assert.ok(window);
    assert.strictEqual(rangeText(window, doc), '40');
  });

  test('problems in an extended file show on the `extends` line and in that file; a cycle too', async () => {
    const doc = (await show('extends-bad.seqlab.yaml')).document;
    const summary = await waitFor('the extends summary', () => ours(doc.uri).find((d) => d.range.start.line === 1));
    assert.match(summary.message, /bad-base\.yaml.*adamm/);
    assert.strictEqual(summary.relatedInformation?.[0]?.location.uri.fsPath, uri('bad-base.yaml').fsPath);
    const inBase = await waitFor('the diagnostic in the base', () => ours(uri('bad-base.yaml'))[0]);
    assert.deepStrictEqual([inBase.range.start.line, inBase.range.start.character, inBase.range.end.character], [3, 20, 25]);

    const cycle = (await show('cycle-a.seqlab.yaml')).document;
    const d = await waitFor('the cycle diagnostic', () => ours(cycle.uri).find((x) => /extends cycle/.test(x.message)));
    assert.strictEqual(d.range.start.line, 1);
  });

  test('completion offers only the keys valid at the cursor (three places) and enum values after `type: `', async () => {
    const editor = await show('complete.seqlab.yaml');
    const doc = editor.document;
    // Indent the blank lines so the cursor sits inside data:, model: and the layer item.
    await editor.edit((e) => {
      e.insert(new vscode.Position(3, 0), '  ');
      e.insert(new vscode.Position(6, 0), '  ');
      e.insert(new vscode.Position(9, 0), '      ');
    });
    const keysAt = async (line: number, character: number): Promise<string[]> => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line, character));
      return list.items.filter((i) => i.kind === vscode.CompletionItemKind.Property).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    const inData = await keysAt(3, 2);
    for (const k of ['window', 'horizon', 'length', 'split']) assert.ok(inData.includes(k), `data: misses ${k}: ${inData.join(', ')}`);
    for (const k of ['kind', 'epochs', 'type', 'units']) assert.ok(!inData.includes(k), `data: offers ${k}`);
    const inModel = await keysAt(6, 2);
    for (const k of ['cell', 'init', 'embedding']) assert.ok(inModel.includes(k), `model: misses ${k}: ${inModel.join(', ')}`);
    for (const k of ['type', 'layers', 'window', 'epochs']) assert.ok(!inModel.includes(k), `model: offers ${k}`);
    const inLayer = await keysAt(9, 6);
    for (const k of ['dropout', 'recurrentDropout', 'bidirectional']) assert.ok(inLayer.includes(k), `layer: misses ${k}: ${inLayer.join(', ')}`);
    for (const k of ['units', 'type', 'cell']) assert.ok(!inLayer.includes(k), `layer: offers ${k}`);

    await editor.edit((e) => e.replace(new vscode.Range(5, 8, 5, 11), ''));
    const values = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(5, 8));
    const enumValues = values.items.filter((i) => i.kind === vscode.CompletionItemKind.EnumMember).map((i) => String(typeof i.label === 'string' ? i.label : i.label.label));
    assert.deepStrictEqual(enumValues.sort(), ['gru', 'lstm', 'rnn', 'seq2seq']);
    const lstm = values.items.find((i) => i.label === 'lstm');
    assert.match((lstm?.documentation as vscode.MarkdownString | undefined)?.value ?? '', /gate/);
  });

  test('a hover on `lstm` explains its gates', async () => {
    const doc = (await show('child.seqlab.yaml')).document;
    const line = doc.getText().split('\n').findIndex((l) => /type: lstm/.test(l));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, doc.lineAt(line).text.indexOf('lstm') + 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /forget gate/i);
    assert.match(text, /cell state/i);
  });

  test('no diagnostics, hovers or completions on a YAML file that is not an experiment', async () => {
    const ci = (await show('.github/workflows/ci.yml')).document;
    assert.strictEqual(ci.languageId, 'yaml');
    // Open an experiment after it and wait for its diagnostics: by then the CI file had its chance.
    const broken = (await show('broken.seqlab.yaml')).document;
    await waitFor('diagnostics on the experiment', () => ours(broken.uri).length > 0);
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepStrictEqual(ours(ci.uri), []);
    const tpye = ci.getText().split('\n').findIndex((l) => /tpye/.test(l));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', ci.uri, new vscode.Position(tpye, 4));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.doesNotMatch(text, /did you mean|Long short-term/);
  });

  test('the effective config shows each value with the file that set it', async () => {
    const u = await vscode.commands.executeCommand<string>('seqlab.showEffectiveConfig', uri('child.seqlab.yaml'));
    assert.ok(u, 'the command returns the view URI');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(u));
    assert.strictEqual(doc.uri.scheme, 'seqlab-effective');
    const text = doc.getText();
    assert.match(text, /^ {2}epochs: 5 # child\.seqlab\.yaml$/m);
    assert.match(text, /^ {2}batchSize: 16 # base\.yaml$/m);
    assert.match(text, /^seed: \d+ # default$/m);
    assert.deepStrictEqual(ours(doc.uri), [], 'the view itself is not validated');
  });

  test('seqlab.newExperiment copies an example into a folder and it has no errors', async () => {
    const target = path.join(dir, 'new');
    const r = await vscode.commands.executeCommand<{ file: string; copied: string[] }>('seqlab.newExperiment', 'sine-rnn', target);
    assert.ok(r && fs.existsSync(r.file), 'the example was copied');
    assert.strictEqual(path.basename(r.file), 'sine-rnn.seqlab.yaml');
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, r.file, 'and opened');
    await new Promise((res) => setTimeout(res, 1000));
    assert.deepStrictEqual(ours(vscode.Uri.file(r.file)).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);
  });
});
