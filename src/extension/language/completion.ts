/**
 * Completions from the schema: the keys valid at the cursor's path (minus the ones already written
 * there), the values of an enum or boolean after `key: `, each with its documentation; and
 * snippets for a whole new experiment at the top of an empty file.
 */
import * as vscode from 'vscode';
import { completionsAt } from '../../core/config';
import { siblingKeys } from './path-at-cursor';
import { EXPERIMENT_SNIPPETS, wantsExperimentSnippets } from './snippets';

function yamlText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v).replace(/"([A-Za-z_][\w-]*)":/g, '$1: ').replace(/,/g, ', ');
}

export class ExperimentCompletionProvider implements vscode.CompletionItemProvider {
  provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): vscode.CompletionItem[] {
    const text = doc.getText();
    const lines = text.split(/\r?\n/);
    const found = completionsAt(text, pos.line + 1, pos.character + 1);
    const word = doc.getWordRangeAtPosition(pos, /[A-Za-z_][\w.-]*/);
    const typed = word ? doc.getText(word) : '';
    const written = new Set(siblingKeys(lines, pos.line).filter((k) => k !== typed));
    const items: vscode.CompletionItem[] = [];
    for (const c of found) {
      if (c.kind === 'key' && written.has(c.label)) continue;
      const item = new vscode.CompletionItem(c.label, c.kind === 'key' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.EnumMember);
      item.documentation = new vscode.MarkdownString(c.markdown ?? '');
      if (c.default !== undefined && c.default !== null) item.detail = `default: ${yamlText(c.default)}`;
      if (word) item.range = word;
      if (c.kind === 'key') {
        // A section opens an indented block; a scalar key leaves the cursor after `key: `.
        item.insertText = new vscode.SnippetString(c.valueType === 'object' ? `${c.label}:\n\t$0` : `${c.label}: $0`);
        // Strings (enums) and booleans have values to pick from: show them right away.
        if (c.valueType === 'string' || c.valueType === 'boolean') item.command = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };
      }
      items.push(item);
    }
    if (wantsExperimentSnippets(lines, pos.line, pos.character)) {
      for (const s of EXPERIMENT_SNIPPETS) {
        const item = new vscode.CompletionItem(s.label, vscode.CompletionItemKind.Snippet);
        item.insertText = new vscode.SnippetString(s.body);
        item.detail = s.detail;
        item.documentation = new vscode.MarkdownString().appendCodeblock(s.body.replace(/\$\{\d+\|([^,|]+)[^}]*\}|\$\{\d+:([^}]*)\}|\$\d/g, (_m, a?: string, b?: string) => a ?? b ?? ''), 'yaml');
        item.sortText = `~${s.label}`;
        if (word) item.range = word;
        items.push(item);
      }
    }
    return items;
  }
}
