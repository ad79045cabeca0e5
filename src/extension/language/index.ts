/**
 * Editor support for `*.seqlab.yaml` (and only those): diagnostics, completion, hovers, quick fixes,
 * the effective-config view and the new-experiment command. One call from activate().
 */
import * as vscode from 'vscode';
import { registerEffectiveConfig } from '../effective-config';
import { registerNewExperiment } from '../new-experiment';
import { ExperimentCodeActions } from './code-actions';
import { ExperimentCompletionProvider } from './completion';
import { ExperimentDiagnostics } from './diagnostics';
import { ExperimentHoverProvider } from './hover';
import { EXPERIMENT_SELECTOR } from './selector';

export interface LanguageLog {
  info(msg: string): void;
  warn(msg: string): void;
}

export function registerLanguageFeatures(context: vscode.ExtensionContext, log: LanguageLog): ExperimentDiagnostics {
  const diagnostics = new ExperimentDiagnostics(log);
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCompletionItemProvider(EXPERIMENT_SELECTOR, new ExperimentCompletionProvider(), ' '),
    vscode.languages.registerHoverProvider(EXPERIMENT_SELECTOR, new ExperimentHoverProvider()),
    vscode.languages.registerCodeActionsProvider(EXPERIMENT_SELECTOR, new ExperimentCodeActions(diagnostics), {
      providedCodeActionKinds: ExperimentCodeActions.kinds,
    }),
    registerEffectiveConfig(),
    registerNewExperiment(context, log),
  );
  log.info(`editor support for *.seqlab.yaml registered${ExperimentDiagnostics.yamlServerActive() ? ' (schema problems left to the Red Hat YAML extension)' : ''}`);
  return diagnostics;
}
