/** Quick fixes for the diagnostics we publish: "did you mean" renames, and adding a missing key. */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, type ExperimentDiagnostics } from './diagnostics';
import { quickFixesFor } from './quick-fixes';

export class ExperimentCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: ExperimentDiagnostics) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    for (const diag of context.diagnostics) {
      if (diag.source !== DIAGNOSTIC_SOURCE) continue;
      const error = this.diagnostics.errorFor(doc.uri, diag);
      if (!error) continue;
      for (const fix of quickFixesFor(error, doc.getText())) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        const edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) edit.replace(doc.uri, new vscode.Range(e.range.startLine, e.range.startChar, e.range.endLine, e.range.endChar), e.newText);
        action.edit = edit;
        action.diagnostics = [diag];
        action.isPreferred = fix.preferred;
        out.push(action);
      }
    }
    return out;
  }
}
