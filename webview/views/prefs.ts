/** View preferences the user changes on the page (not from the host); persisted with setState. */
export interface ViewPrefs {
  /** undefined = follow the host's `seqlab.dashboard.smoothing` setting. */
  smoothing?: number;
  lossLogScale?: boolean;
  gradLogScale?: boolean;
  showLayers?: boolean;
  /** Loss chart: scale y without the outlying first steps (default on, as TensorBoard). */
  ignoreOutliers?: boolean;
}

export function parsePrefs(v: unknown): ViewPrefs {
  const o = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  const p: ViewPrefs = {};
  if (typeof o.smoothing === 'number' && o.smoothing >= 0 && o.smoothing < 1) p.smoothing = o.smoothing;
  if (typeof o.lossLogScale === 'boolean') p.lossLogScale = o.lossLogScale;
  if (typeof o.gradLogScale === 'boolean') p.gradLogScale = o.gradLogScale;
  if (typeof o.showLayers === 'boolean') p.showLayers = o.showLayers;
  if (typeof o.ignoreOutliers === 'boolean') p.ignoreOutliers = o.ignoreOutliers;
  return p;
}
