/**
 * The call context shared with native/recurrent.c (`typedef struct {...} Ctx`): 36 32-bit fields in
 * this exact order. The wrapper checks `ctx_size()` against it when the module loads, so a change on
 * one side without the other fails loudly instead of computing garbage.
 */

export const CTX_FIELDS = [
  'cell', 'B', 'T', 'F', 'U',
  'x', 'W', 'R', 'bias', 'h0', 'c0',
  'gates', 'hs', 'cs', 'aux',
  'dH', 'dhT', 'dcT',
  'dZ', 'dh', 'dc', 'tmp', 'scratch', 'RT', 'WT',
  'dx', 'dW', 'dR', 'db', 'dh0', 'dc0', 'normH', 'normC',
  'pack', 'dhAll', 'dcAll',
] as const;

export type CtxField = (typeof CTX_FIELDS)[number];

export const CTX_INDEX: Readonly<Record<CtxField, number>> = Object.fromEntries(
  CTX_FIELDS.map((name, i) => [name, i]),
) as Record<CtxField, number>;

export type FusedCell = 'rnn' | 'lstm' | 'gru';

/** Cell code in Ctx.cell. */
export const CELL_CODE: Readonly<Record<FusedCell, number>> = { rnn: 0, lstm: 1, gru: 2 };

/** Gate blocks per cell (Keras layout: kernel [F, G·U]). */
export const GATES: Readonly<Record<FusedCell, number>> = { rnn: 1, lstm: 4, gru: 3 };

/** Names of the captured gates, in the order of the gate blocks (LSTM i,f,c,o → i,f,g,o). */
export const GATE_NAMES: Readonly<Record<FusedCell, readonly string[]>> = {
  rnn: [],
  lstm: ['i', 'f', 'g', 'o'],
  gru: ['z', 'r', 'hh'],
};
