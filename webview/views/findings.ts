/**
 * Lesson call-outs: when the run shows exploding gradients (NaN/Inf, a norm spike, a blown-up loss)
 * or vanishing gradients (a SimpleRNN on a long-lag task whose early steps get ≥ 100× less gradient
 * and whose loss stays near the baseline), say why in two sentences, what to try, and link the
 * walkthrough step that shows it. The detection is src/core/lesson's pure `dashboardFindings`, the
 * same code the walkthrough's milestones use; this view only renders its result.
 */
import type { WebviewToHost } from '../../src/shared/protocol';
import { dashboardFindings } from '../../src/core/lesson/dashboard';
import type { LessonFinding } from '../../src/core/lesson/detectors';
import type { State } from '../state/types';
import { el } from './dom';

export class FindingsView {
  /** A polite live region: screen readers announce a new call-out once, without stealing focus. */
  readonly root = el('section', { class: 'findings', attrs: { 'aria-live': 'polite', 'aria-label': 'What this run shows' } });
  private shownKey = '';

  constructor(private readonly post: (m: WebviewToHost) => void) {
    this.root.hidden = true;
  }

  update(state: State): void {
    const findings = state.start ? dashboardFindings(state) : [];
    const key = findings.map((f) => `${f.kind}|${f.evidence}`).join('\n');
    if (key === this.shownKey) return;
    this.shownKey = key;
    this.root.hidden = findings.length === 0;
    this.root.dataset.findings = findings.map((f) => f.kind).join(' ');
    this.root.replaceChildren(...findings.map((f) => this.callout(f)));
  }

  private callout(f: LessonFinding): HTMLElement {
    const link = el('button', { class: 'btn', text: 'Open the walkthrough step', attrs: { type: 'button' } });
    link.addEventListener('click', () => this.post({ type: 'openWalkthrough', step: f.step }));
    return el('div', { class: `callout callout-${f.kind}`, attrs: { role: 'note', 'data-kind': f.kind } }, [
      el('strong', { class: 'callout-title', text: f.title }),
      el('p', { text: f.why }),
      el('p', { class: 'callout-action', text: `Try: ${f.action}` }),
      el('p', { class: 'callout-evidence', text: f.evidence }),
      link,
    ]);
  }
}
