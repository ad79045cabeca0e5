/**
 * Diagnostics for experiment files, from the same loader as `seqlab validate` (extends, schema,
 * semantic checks) plus the data checks that read a CSV header: on open and save at once, on change
 * after a pause. Problems in an `extends` base go to that file and are summarised on the `extends`
 * line. When the Red Hat YAML extension is active it reports the schema-level problems from our
 * contributed schema, so we publish only the rest.
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import { loadExperiment, type ConfigError } from '../../core/config';
import { dataChecks } from './data-checks';
import { Debouncer } from './debounce';
import { semanticOnly } from './schema-level';
import { configPathOf, isExperimentDocument, readOpenBuffer } from './selector';
import { spanToRange } from './spans';

export const RED_HAT_YAML = 'redhat.vscode-yaml';
export const DIAGNOSTIC_SOURCE = 'Sequence Lab';
const CHANGE_DELAY_MS = 300;

export function toRange(e: ConfigError, doc: vscode.TextDocument | undefined, text?: string): vscode.Range {
  const lines = text?.split(/\r?\n/);
  const lineText = (i: number): string => (doc ? (i < doc.lineCount ? doc.lineAt(i).text : '') : (lines?.[i] ?? ''));
  const r = spanToRange(e, lineText);
  return new vscode.Range(r.startLine, r.startChar, r.endLine, r.endChar);
}

export class ExperimentDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('seqlab');
  private readonly debouncer = new Debouncer<string>(CHANGE_DELAY_MS);
  /** Per experiment document: the other files it published problems to (its bases). */
  private readonly published = new Map<string, Set<string>>();
  /** The ConfigError behind each diagnostic, for the quick fixes. */
  private readonly origins = new Map<string, { range: vscode.Range; message: string; error: ConfigError }[]>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly log?: { warn(msg: string): void }) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.validateNowIfExperiment(d)),
      vscode.workspace.onDidSaveTextDocument((d) => (isExperimentDocument(d) ? this.validateNow(d) : this.revalidateAll())),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        if (isExperimentDocument(e.document)) this.debouncer.schedule(e.document.uri.toString(), () => this.validate(e.document));
        // A base file (any YAML) may be what an open experiment extends.
        else if (e.document.languageId === 'yaml') this.revalidateAll(true);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.extensions.onDidChange(() => this.revalidateAll()),
    );
    for (const d of vscode.workspace.textDocuments) this.validateNowIfExperiment(d);
  }

  private validateNowIfExperiment(d: vscode.TextDocument): void {
    if (isExperimentDocument(d)) this.validateNow(d);
  }

  private validateNow(d: vscode.TextDocument): void {
    this.debouncer.cancel(d.uri.toString());
    this.validate(d);
  }

  private revalidateAll(debounced = false): void {
    for (const d of vscode.workspace.textDocuments) {
      if (!isExperimentDocument(d)) continue;
      if (debounced) this.debouncer.schedule(d.uri.toString(), () => this.validate(d));
      else this.validateNow(d);
    }
  }

  /**
   * Whether schema-level problems are left to the Red Hat YAML extension. Installed and enabled is
   * enough: it activates on YAML files, possibly after our first pass over an open file, and asking
   * for `isActive` then would squiggle that file twice until its next edit.
   */
  static yamlServerActive(): boolean {
    return vscode.extensions.getExtension(RED_HAT_YAML) !== undefined;
  }

  /** The problems of one experiment document, as published (also used by tests). */
  problemsOf(doc: vscode.TextDocument): ConfigError[] {
    const file = configPathOf(doc);
    const r = loadExperiment(file, { readFile: readOpenBuffer });
    let problems = r.ok ? [...r.warnings] : r.errors;
    if (r.ok) {
      try {
        problems.push(...dataChecks(file, r.config, readOpenBuffer));
      } catch (err) {
        this.log?.warn(`data checks of ${file} failed: ${String(err)}`);
      }
    }
    if (ExperimentDiagnostics.yamlServerActive()) problems = semanticOnly(problems, file, readOpenBuffer);
    return problems;
  }

  validate(doc: vscode.TextDocument): void {
    if (doc.isClosed) return;
    const key = doc.uri.toString();
    let problems: ConfigError[];
    try {
      problems = this.problemsOf(doc);
    } catch (err) {
      // The loader reports problems as data; an exception is our bug: say so, keep the editor usable.
      this.log?.warn(`validating ${doc.uri.fsPath} failed: ${String(err)}`);
      return;
    }
    const self = configPathOf(doc);
    const byFile = new Map<string, ConfigError[]>();
    for (const p of problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);

    const mine = (byFile.get(self) ?? []).map((e) => ({ e, range: toRange(e, doc) }));
    // Problems in base files: one summary on the `extends` line of this file.
    const elsewhere = problems.filter((p) => p.file !== self);
    const diags = mine.map(({ e, range }) => toDiagnostic(e, range));
    if (elsewhere.length) {
      const line = Math.max(0, doc.getText().split(/\r?\n/).findIndex((l) => /^extends\s*:/.test(l)));
      const first = elsewhere[0] as ConfigError;
      const range = doc.lineAt(line).range;
      const d = new vscode.Diagnostic(
        range,
        `${elsewhere.length} problem${elsewhere.length > 1 ? 's' : ''} in the extended file ${vscode.workspace.asRelativePath(first.file)}: ` +
          `${first.key ? `${first.key}: ` : ''}${first.message}`,
        elsewhere.some((p) => p.severity === 'error') ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      d.source = DIAGNOSTIC_SOURCE;
      d.relatedInformation = elsewhere.map((p) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(p.file), rangeInFile(p)), p.message));
      diags.push(d);
    }
    this.collection.set(doc.uri, diags);
    this.origins.set(key, mine.map(({ e, range }) => ({ range, message: diagnosticMessage(e), error: e })));

    const before = this.published.get(key) ?? new Set<string>();
    const now = new Set<string>();
    for (const [file, errs] of byFile) {
      if (file === self) continue;
      const uri = vscode.Uri.file(file);
      this.collection.set(uri, errs.map((e) => toDiagnostic(e, rangeInFile(e))));
      now.add(uri.toString());
    }
    for (const u of before) if (!now.has(u)) this.collection.delete(vscode.Uri.parse(u));
    this.published.set(key, now);
  }

  /** The loader's problem behind a diagnostic we published (for code actions). */
  errorFor(uri: vscode.Uri, diag: vscode.Diagnostic): ConfigError | undefined {
    return this.origins.get(uri.toString())?.find((o) => o.range.isEqual(diag.range) && o.message === diag.message)?.error;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.debouncer.cancel(key);
    this.collection.delete(uri);
    for (const u of this.published.get(key) ?? []) this.collection.delete(vscode.Uri.parse(u));
    this.published.delete(key);
    this.origins.delete(key);
  }

  dispose(): void {
    this.debouncer.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}

/** The range of a problem in a file that may not be open (read from the disk then). */
function rangeInFile(e: ConfigError): vscode.Range {
  let text = readOpenBuffer(e.file);
  if (text === undefined) {
    try {
      text = fs.readFileSync(e.file, 'utf8');
    } catch {
      text = '';
    }
  }
  return toRange(e, undefined, text);
}

export function diagnosticMessage(e: ConfigError): string {
  return e.fix ? `${e.message}\nfix: ${e.fix}` : e.message;
}

function toDiagnostic(e: ConfigError, range: vscode.Range): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, diagnosticMessage(e), e.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = DIAGNOSTIC_SOURCE;
  if (e.key) d.code = e.key;
  return d;
}
