/**
 * Whether human output may redraw a progress bar in place. Only on a terminal, and never under CI:
 * CI runners (GitHub Actions, GitLab, Buildkite, ... all set CI=true) keep every byte of a log, so a
 * bar redrawn with carriage returns and escape codes would become hundreds of garbled lines; some
 * runners even give the process a pseudo-terminal.
 */
export function isInteractive(stdoutIsTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (!stdoutIsTTY) return false;
  const ci = (env.CI ?? '').trim().toLowerCase();
  if (ci !== '' && ci !== 'false' && ci !== '0') return false;
  return env.TERM !== 'dumb';
}
