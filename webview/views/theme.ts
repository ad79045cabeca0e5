/**
 * Chart colours from VS Code's theme variables (--vscode-*), re-read when the theme changes: VS Code
 * swaps the body class (vscode-light / vscode-dark / vscode-high-contrast[-light]) and the variables
 * on the webview's root element, so both are watched.
 */

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Theme {
  kind: ThemeKind;
  fg: string;
  muted: string;
  grid: string;
  background: string;
  fontFamily: string;
  fontSize: number;
  blue: string;
  orange: string;
  green: string;
  red: string;
  purple: string;
  yellow: string;
  /** Line width for data lines (thicker in high contrast). */
  lineWidth: number;
}

function themeKind(): ThemeKind {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  return 'dark';
}

export function readTheme(): Theme {
  const kind = themeKind();
  const light = kind === 'light' || kind === 'high-contrast-light';
  const cs = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => cs.getPropertyValue(name).trim() || fallback;
  const fg = v('--vscode-editor-foreground', light ? '#3b3b3b' : '#cccccc');
  const fontSize = parseFloat(v('--vscode-font-size', '13')) || 13;
  return {
    kind,
    fg,
    muted: v('--vscode-descriptionForeground', light ? '#717171' : '#9d9d9d'),
    // charts.lines is the foreground at 50 % alpha: right for guide lines, too loud for a grid.
    grid: withAlpha(v('--vscode-charts-lines', fg), light ? 0.16 : 0.14),
    background: v('--vscode-editor-background', light ? '#ffffff' : '#1e1e1e'),
    fontFamily: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize,
    blue: v('--vscode-charts-blue', light ? '#1a85ff' : '#3794ff'),
    orange: v('--vscode-charts-orange', light ? '#d18616' : '#d18616'),
    green: v('--vscode-charts-green', light ? '#388a34' : '#89d185'),
    red: v('--vscode-charts-red', light ? '#e51400' : '#f14c4c'),
    purple: v('--vscode-charts-purple', light ? '#652d90' : '#b180d7'),
    yellow: v('--vscode-charts-yellow', light ? '#bf8803' : '#cca700'),
    lineWidth: kind.startsWith('high-contrast') ? 2.5 : 1.75,
  };
}

/** Calls `onChange` when the theme (body class or the root's theme variables) changes. */
export function watchTheme(onChange: () => void): void {
  let last = JSON.stringify(readTheme());
  const check = (): void => {
    const now = JSON.stringify(readTheme());
    if (now !== last) {
      last = now;
      onChange();
    }
  };
  const obs = new MutationObserver(check);
  obs.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind', 'data-vscode-theme-id'] });
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}

/** A colour with alpha, for faint raw lines behind the smoothed ones. Works on #rgb/#rrggbb and rgb(). */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  const hex = /^#([0-9a-f]{3,8})$/i.exec(c);
  if (hex) {
    let h = hex[1]!;
    if (h.length === 3 || h.length === 4) h = [...h.slice(0, 3)].map((x) => x + x).join('');
    const r = parseInt(h.slice(0, 2), 16);
    const g = parseInt(h.slice(2, 4), 16);
    const b = parseInt(h.slice(4, 6), 16);
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^)]+)\)$/i.exec(c);
  if (rgb) {
    const [r, g, b] = rgb[1]!.split(',').map((s) => s.trim());
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  return c;
}
