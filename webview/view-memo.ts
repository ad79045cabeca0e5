/**
 * Which dashboard views need a redraw. The reducer shares every part of the state a message did not
 * touch (a batch of steps leaves `samples`, `gradients`, `hidden`, `start` … the same objects), so a
 * view whose inputs are all identical (===) to the ones it last drew is skipped. Under a live feed
 * that leaves the loss and gradient-norm charts (their steps change every batch) and the cheap DOM
 * views; the sample charts, heatmaps and data card redraw once per epoch instead of once per batch.
 *
 * `invalidate()` forces every view once (theme change, a control of a view, a full render).
 */
export class ViewMemo {
  private generation = 0;
  private readonly drawn = new Map<string, { generation: number; deps: readonly unknown[] }>();

  invalidate(): void {
    this.generation++;
  }

  /** True when `name` must update for these inputs; remembers them as drawn. No deps = always. */
  needsUpdate(name: string, deps: readonly unknown[] | undefined): boolean {
    if (!deps) return true;
    const prev = this.drawn.get(name);
    if (prev && prev.generation === this.generation && prev.deps.length === deps.length && prev.deps.every((d, i) => d === deps[i])) return false;
    this.drawn.set(name, { generation: this.generation, deps });
    return true;
  }

  /** A view that threw is retried on the next pass whatever its inputs. */
  forget(name: string): void {
    this.drawn.delete(name);
  }
}
