/**
 * Optimizers written on tf ops (not tf.train.*) so their whole state is ours to checkpoint and
 * restore as NamedArrays: adam, sgd (with momentum), rmsprop (optionally with momentum).
 * Hyper-parameters follow Keras defaults: adam β1 0.9, β2 0.999, ε 1e-7; rmsprop ρ 0.9, ε 1e-7.
 * The learning rate is passed per step, so schedules need no optimizer support.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerConfig } from '../config/types';
import type { NamedArray } from '../util/named-array';

export interface Optimizer {
  readonly name: OptimizerConfig['name'];
  /** Updates applied so far (adam's bias correction uses it). */
  iterations: number;
  /** One update. Call inside tf.tidy; grads[i] belongs to vars[i]. */
  apply(grads: tf.Tensor[], lr: number): void;
  getState(): NamedArray[];
  setState(state: NamedArray[], iterations: number): void;
  dispose(): void;
}

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
const RMSPROP = { rho: 0.9, epsilon: 1e-7 };

/** hostUpdate: false keeps Adam on tensor ops on every backend (the reference its host pass is tested against). */
export function makeOptimizer(cfg: OptimizerConfig, vars: tf.Variable[], names: string[], opts: { hostUpdate?: boolean } = {}): Optimizer {
  // Inside tidy: the zeros are freed, the variables (never tracked by tidy) stay.
  const slot = (): tf.Variable[] => vars.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
  switch (cfg.name) {
    case 'adam': {
      const m = slot();
      const v = slot();
      return new AdamOptimizer(opts.hostUpdate !== false, names, { m, v }, (i, g, lr, t) => {
        const mi = m[i] as tf.Variable;
        const vi = v[i] as tf.Variable;
        mi.assign(tf.add(tf.mul(mi, ADAM.beta1), tf.mul(g, 1 - ADAM.beta1)));
        vi.assign(tf.add(tf.mul(vi, ADAM.beta2), tf.mul(tf.square(g), 1 - ADAM.beta2)));
        const mHat = tf.div(mi, 1 - ADAM.beta1 ** t);
        const vHat = tf.div(vi, 1 - ADAM.beta2 ** t);
        return tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), ADAM.epsilon)), lr);
      }, vars);
    }
    case 'sgd': {
      if (cfg.momentum <= 0) return new SlotOptimizer('sgd', names, {}, (_i, g, lr) => tf.mul(g, lr), vars);
      const acc = slot();
      // tf.train.momentum's form: acc = μ·acc + g; w -= lr·acc (lr stays out of the accumulator,
      // so a schedule changes the step size at once).
      return new SlotOptimizer('sgd', names, { momentum: acc }, (i, g, lr) => {
        const a = acc[i] as tf.Variable;
        a.assign(tf.add(tf.mul(a, cfg.momentum), g));
        return tf.mul(a, lr);
      }, vars);
    }
    case 'rmsprop': {
      const ms = slot();
      const mom = cfg.momentum > 0 ? slot() : undefined;
      return new SlotOptimizer('rmsprop', names, mom ? { ms, mom } : { ms }, (i, g, lr) => {
        const s = ms[i] as tf.Variable;
        s.assign(tf.add(tf.mul(s, RMSPROP.rho), tf.mul(tf.square(g), 1 - RMSPROP.rho)));
        const step = tf.mul(tf.div(g, tf.add(tf.sqrt(s), RMSPROP.epsilon)), lr);
        if (!mom) return step;
        const mo = mom[i] as tf.Variable;
        mo.assign(tf.add(tf.mul(mo, cfg.momentum), step));
        return mo;
      }, vars);
    }
  }
}

/** Shared bookkeeping: per-variable slot variables and the update rule giving the step to subtract. */
class SlotOptimizer implements Optimizer {
  iterations = 0;
  constructor(
    readonly name: OptimizerConfig['name'],
    private readonly names: string[],
    private readonly slots: Record<string, tf.Variable[]>,
    private readonly rule: (i: number, g: tf.Tensor, lr: number, t: number) => tf.Tensor,
    private readonly vars: tf.Variable[],
  ) {}

  apply(grads: tf.Tensor[], lr: number): void {
    this.iterations++;
    this.vars.forEach((v, i) => {
      const g = grads[i];
      if (g) v.assign(tf.sub(v, this.rule(i, g, lr, this.iterations)));
    });
  }

  getState(): NamedArray[] {
    const out: NamedArray[] = [];
    for (const [slot, vs] of Object.entries(this.slots)) {
      vs.forEach((v, i) => out.push({ name: `${this.names[i]}/${slot}`, shape: [...v.shape], values: Float32Array.from(v.dataSync() as Float32Array) }));
    }
    return out;
  }

  setState(state: NamedArray[], iterations: number): void {
    const byName = new Map(state.map((s) => [s.name, s]));
    for (const [slot, vs] of Object.entries(this.slots)) {
      vs.forEach((v, i) => {
        const s = byName.get(`${this.names[i]}/${slot}`);
        if (!s) throw new Error(`optimizer state: '${this.names[i]}/${slot}' is missing (was the checkpoint written by another optimizer?)`);
        if (s.values.length !== v.size) throw new Error(`optimizer state: '${s.name}' has ${s.values.length} values, needs ${v.size}`);
        tf.tidy(() => v.assign(tf.tensor(s.values, v.shape, 'float32')));
      });
    }
    this.iterations = iterations;
  }

  dispose(): void {
    for (const vs of Object.values(this.slots)) for (const v of vs) v.dispose();
  }
}

/**
 * Adam with the same update in one pass over Float32Arrays where tensors live in JS-reachable memory
 * (the wasm and cpu backends: the fused-kernel default path), instead of ~14 tensor ops per variable,
 * which cost about as much as the rest of a small model's step outside the kernel. Bit-identical to
 * the tensor ops: every operation is rounded to float32 (Math.fround) in the ops' order, and one
 * float32 +, −, ×, ÷ or √ computed in float64 and rounded once is exactly the float32 result
 * (test/unit/kernels/adam-host.test.ts compares the bits on both backends). Elsewhere (the native
 * tensorflow backend, whose tensors would have to be copied out) the tensor ops run.
 */
class AdamOptimizer extends SlotOptimizer {
  constructor(
    private readonly hostUpdate: boolean,
    names: string[],
    private readonly moments: { m: tf.Variable[]; v: tf.Variable[] },
    rule: (i: number, g: tf.Tensor, lr: number, t: number) => tf.Tensor,
    private readonly params: tf.Variable[],
  ) {
    super('adam', names, moments, rule, params);
  }

  override apply(grads: tf.Tensor[], lr: number): void {
    const backend = tf.getBackend();
    if (!this.hostUpdate || (backend !== 'wasm' && backend !== 'cpu')) return super.apply(grads, lr);
    this.iterations++;
    const t = this.iterations;
    const f = Math.fround;
    const b1 = f(ADAM.beta1);
    const b2 = f(ADAM.beta2);
    const c1 = f(1 - ADAM.beta1);
    const c2 = f(1 - ADAM.beta2);
    const bc1 = f(1 - ADAM.beta1 ** t);
    const bc2 = f(1 - ADAM.beta2 ** t);
    const eps = f(ADAM.epsilon);
    const rate = f(lr);
    this.params.forEach((w, i) => {
      const gt = grads[i];
      if (!gt) return;
      const mVar = this.moments.m[i] as tf.Variable;
      const vVar = this.moments.v[i] as tf.Variable;
      // dataSync may hand out the backend's own storage (cpu): read only, write new arrays.
      const g = gt.dataSync() as Float32Array;
      const m0 = mVar.dataSync() as Float32Array;
      const v0 = vVar.dataSync() as Float32Array;
      const w0 = w.dataSync() as Float32Array;
      const n = w0.length;
      const m1 = new Float32Array(n);
      const v1 = new Float32Array(n);
      const w1 = new Float32Array(n);
      for (let k = 0; k < n; k++) {
        const gk = g[k] as number;
        const mk = f(f((m0[k] as number) * b1) + f(gk * c1));
        const vk = f(f((v0[k] as number) * b2) + f(f(gk * gk) * c2));
        const step = f(f(f(mk / bc1) / f(f(Math.sqrt(f(vk / bc2))) + eps)) * rate);
        m1[k] = mk;
        v1[k] = vk;
        w1[k] = f((w0[k] as number) - step);
      }
      tf.tidy(() => {
        mVar.assign(tf.tensor(m1, mVar.shape, 'float32'));
        vVar.assign(tf.tensor(v1, vVar.shape, 'float32'));
        w.assign(tf.tensor(w1, w.shape, 'float32'));
      });
    });
  }
}
