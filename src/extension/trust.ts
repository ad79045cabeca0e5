/**
 * The workspace-trust gate for training (package.json `capabilities.untrustedWorkspaces: limited`).
 * Training executes what the workspace chooses (data paths, a Node path, a native addon path), so
 * an untrusted workspace may view configs and past runs but not train. Pure, unit-tested.
 */

export type TrustDecision = { ok: true } | { ok: false; message: string };

export const UNTRUSTED_MESSAGE =
  'Sequence Lab: training is disabled in an untrusted workspace (it runs code and reads files the workspace chooses). ' +
  'You can still open experiment files and past runs. Trust the workspace to train.';

export function trainingAllowed(workspace: { readonly isTrusted: boolean }): TrustDecision {
  return workspace.isTrusted ? { ok: true } : { ok: false, message: UNTRUSTED_MESSAGE };
}
