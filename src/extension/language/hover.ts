/** Hovers that teach: the schema's explanation of a key or value, and the walkthrough step for it. */
import * as vscode from 'vscode';
import { hoverAt } from '../../core/config';
import { stepFor, walkthroughLink, EXTENSION_ID, WALKTHROUGH_ID } from './walkthrough-links';

/** The step ids of the `learnRnns` walkthrough this package contributes, if it contributes one. */
function contributedSteps(): string[] | undefined {
  const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as
    | { contributes?: { walkthroughs?: { id: string; steps?: { id: string }[] }[] } }
    | undefined;
  const w = pkg?.contributes?.walkthroughs?.find((x) => x.id === WALKTHROUGH_ID);
  return w ? (w.steps ?? []).map((s) => s.id) : undefined;
}

export class ExperimentHoverProvider implements vscode.HoverProvider {
  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const h = hoverAt(doc.getText(), pos.line + 1, pos.character + 1);
    if (!h) return undefined;
    const range = new vscode.Range(h.span.line - 1, h.span.column - 1, h.span.endLine - 1, h.span.endColumn - 1);
    const md = new vscode.MarkdownString(h.markdown);
    const hovered = range.isSingleLine ? doc.getText(range).replace(/^["']|["']$/g, '') : undefined;
    const ref = stepFor(h.key.replace(/\.\d+(?=\.|$)/g, ''), hovered === h.key.split('.').pop() ? undefined : hovered);
    const link = ref ? walkthroughLink(ref, contributedSteps()) : undefined;
    if (ref && link) {
      md.appendMarkdown(`\n\n---\n\n$(mortar-board) [See it happen: ${ref.title}](${link})`);
      md.supportThemeIcons = true;
      md.isTrusted = { enabledCommands: ['workbench.action.openWalkthrough'] };
    }
    return new vscode.Hover(md, range);
  }
}
