/** "▶ Train | Validate" at the top of every *.seqlab.yaml. */

import * as vscode from 'vscode';

export class ExperimentCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!/\.seqlab\.yaml$/i.test(doc.uri.path)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: '▶ Train', tooltip: 'Train this experiment (Sequence Lab)', command: 'seqlab.train', arguments: [doc.uri] }),
      new vscode.CodeLens(top, { title: 'Validate', tooltip: 'Check this experiment file', command: 'seqlab.validate', arguments: [doc.uri] }),
    ];
  }
}

export function registerCodeLens(): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider(
    [{ scheme: 'file', pattern: '**/*.seqlab.yaml' }, { scheme: 'untitled', pattern: '**/*.seqlab.yaml' }],
    new ExperimentCodeLens(),
  );
}
