/**
 * Gradient-boosted regression trees on binned features (histogram boosting, leaf-wise growth), small and
 * deterministic: the learner of the market model (decision 0016 says why it is hand-written). Pure: no I/O,
 * no clock; the same data and parameters give the same model. Missing values are NaN and always go left.
 */
import { seededRandom } from '../random';

export interface GbtParams {
  /** Boosting rounds. */
  trees: number;
  learningRate: number;
  /** Leaves per tree (grown best-first). */
  maxLeaves: number;
  /** Fewest training rows in a leaf. */
  minLeaf: number;
  /** L2 penalty on leaf values (in rows' worth of weight). */
  lambda: number;
  /** Value bins per feature (≤ 255). */
  bins: number;
  /** Share of rows each tree is fitted on (stochastic boosting), drawn by a seeded generator. */
  subsample: number;
  seed: number;
  /** Residuals are clipped to ±this before fitting each tree (a Huber-like loss: robust to odd sales). */
  clip: number;
  /** Share of features each tree may split on (column subsampling), drawn by the same generator; 1 = all. */
  colsample: number;
}

/** The market model's learner settings (measured on the tuning quarter: packages/core README, decision 0032). */
export const GBT_DEFAULTS: GbtParams = {
  trees: 1000,
  learningRate: 0.04,
  maxLeaves: 31,
  minLeaf: 20,
  lambda: 1,
  bins: 64,
  subsample: 0.8,
  seed: 1,
  clip: 0.15,
  colsample: 0.5,
};

/** One tree as parallel node arrays; a node is a leaf when feature[i] === -1. JSON-serialisable. */
export interface GbtTree {
  feature: number[];
  /** Go left when the value is missing (NaN) or ≤ threshold. */
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface GbtModel {
  featureNames: string[];
  base: number;
  trees: GbtTree[];
}

/** Sorted cut points of one feature: bin 0 = missing, bin k (1…) = values ≤ edges[k-1] and > edges[k-2]. */
function binEdges(values: number[], bins: number): number[] {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return [];
  const uniq: number[] = [];
  for (const x of v) if (uniq.length === 0 || uniq[uniq.length - 1] !== x) uniq.push(x);
  const maxEdges = bins - 2;
  if (uniq.length - 1 <= maxEdges) {
    const edges: number[] = [];
    for (let i = 0; i + 1 < uniq.length; i++) edges.push((uniq[i]! + uniq[i + 1]!) / 2);
    return edges;
  }
  const edges: number[] = [];
  for (let k = 1; k <= maxEdges; k++) {
    const q = v[Math.min(v.length - 1, Math.floor((k * v.length) / (maxEdges + 1)))]!;
    if (edges.length === 0 || q > edges[edges.length - 1]!) edges.push(q);
  }
  return edges;
}

function binOf(edges: number[], x: number): number {
  if (Number.isNaN(x)) return 0;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo + 1;
}

interface Leaf {
  node: number;
  rows: Int32Array;
  sum: Float64Array;
  cnt: Float64Array;
  g: number;
  n: number;
  best: { gain: number; feature: number; bin: number } | null;
}

/** Trains on rows X (features, NaN = missing) and targets y. */
export function trainGbt(X: number[][], y: number[], featureNames: string[], params: Partial<GbtParams> = {}): GbtModel {
  const steps = gbtSteps(X, y, featureNames, params);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * trainGbt (the same model, bit for bit) awaiting `pause()` every `every` trees, so a long training
 * run in a server process lets other work run in between (each pause is the caller's, e.g. setImmediate).
 */
export async function trainGbtPausing(
  X: number[][],
  y: number[],
  featureNames: string[],
  params: Partial<GbtParams>,
  pause: () => Promise<void>,
  every = 5,
): Promise<GbtModel> {
  const steps = gbtSteps(X, y, featureNames, params);
  for (let t = 1; ; t++) {
    const step = steps.next();
    if (step.done) return step.value;
    if (t % every === 0) await pause();
  }
}

/** The booster, one tree per step (and one step for the binning). */
function* gbtSteps(X: number[][], y: number[], featureNames: string[], params: Partial<GbtParams>): Generator<void, GbtModel> {
  const P = { ...GBT_DEFAULTS, ...params };
  const n = y.length;
  const F = featureNames.length;
  const B = P.bins;
  const edges: number[][] = [];
  const bin: Uint8Array[] = [];
  for (let f = 0; f < F; f++) {
    const col = X.map((r) => r[f]!);
    const e = binEdges(col, B);
    edges.push(e);
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = binOf(e, col[i]!);
    bin.push(b);
  }
  yield;
  const base = n ? y.reduce((a, b) => a + b, 0) / n : 0;
  const pred = new Float64Array(n).fill(base);
  const grad = new Float64Array(n);
  const inSample = new Uint8Array(n);
  const pickBuf = new Int32Array(n);
  const rand = seededRandom(P.seed);
  const trees: GbtTree[] = [];

  // Features the current tree may split on (all, unless colsample < 1).
  let feats: number[] = Array.from({ length: F }, (_, f) => f);
  const histogram = (rows: Int32Array): { sum: Float64Array; cnt: Float64Array } => {
    // Slots for the tree's features only: histogram slot s holds feature feats[s].
    const sum = new Float64Array(feats.length * B);
    const cnt = new Float64Array(feats.length * B);
    for (let s = 0; s < feats.length; s++) {
      const bf = bin[feats[s]!]!;
      const off = s * B;
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k]!;
        const j = off + bf[i]!;
        sum[j]! += grad[i]!;
        cnt[j]! += 1;
      }
    }
    return { sum, cnt };
  };
  const bestSplit = (leaf: Leaf): Leaf['best'] => {
    let best: Leaf['best'] = null;
    const parent = (leaf.g * leaf.g) / (leaf.n + P.lambda);
    for (let s = 0; s < feats.length; s++) {
      const f = feats[s]!;
      let gl = 0;
      let nl = 0;
      const off = s * B;
      const last = edges[f]!.length; // bins 0…last+1; splitting after the last bin is no split
      for (let b = 0; b <= last; b++) {
        gl += leaf.sum[off + b]!;
        nl += leaf.cnt[off + b]!;
        if (nl < P.minLeaf) continue;
        const nr = leaf.n - nl;
        if (nr < P.minLeaf) break;
        const gr = leaf.g - gl;
        const gain = (gl * gl) / (nl + P.lambda) + (gr * gr) / (nr + P.lambda) - parent;
        if (gain > 1e-12 && (best === null || gain > best.gain)) best = { gain, feature: f, bin: b };
      }
    }
    return best;
  };

  for (let t = 0; t < P.trees; t++) {
    for (let i = 0; i < n; i++) grad[i] = Math.max(-P.clip, Math.min(P.clip, y[i]! - pred[i]!));
    let nPicked = 0;
    for (let i = 0; i < n; i++) if (P.subsample >= 1 || rand() < P.subsample) pickBuf[nPicked++] = i;
    if (P.colsample < 1) {
      const want = Math.max(1, Math.round(P.colsample * F));
      const all = Array.from({ length: F }, (_, f) => f);
      for (let j = F - 1; j > 0; j--) {
        const r = Math.floor(rand() * (j + 1));
        [all[j], all[r]] = [all[r]!, all[j]!];
      }
      feats = all.slice(0, want).sort((a, b) => a - b);
    }
    const tree: GbtTree = { feature: [-1], threshold: [0], left: [-1], right: [-1], value: [0] };
    const rootRows = pickBuf.slice(0, nPicked);
    const h = histogram(rootRows);
    const mk = (node: number, rows: Int32Array, sum: Float64Array, cnt: Float64Array): Leaf => {
      let g = 0;
      for (let k = 0; k < rows.length; k++) g += grad[rows[k]!]!;
      const leaf: Leaf = { node, rows, sum, cnt, g, n: rows.length, best: null };
      leaf.best = bestSplit(leaf);
      return leaf;
    };
    const open: Leaf[] = [mk(0, rootRows, h.sum, h.cnt)];
    const done: Leaf[] = [];
    while (open.length && open.length + done.length < P.maxLeaves) {
      let bi = -1;
      for (let k = 0; k < open.length; k++) if (open[k]!.best && (bi < 0 || open[k]!.best!.gain > open[bi]!.best!.gain)) bi = k;
      if (bi < 0) break;
      const leaf = open.splice(bi, 1)[0]!;
      const { feature, bin: b } = leaf.best!;
      const bf = bin[feature]!;
      let nl = 0;
      for (let k = 0; k < leaf.rows.length; k++) if (bf[leaf.rows[k]!]! <= b) nl++;
      const lRows = new Int32Array(nl);
      const rRows = new Int32Array(leaf.rows.length - nl);
      let li = 0;
      let ri = 0;
      for (let k = 0; k < leaf.rows.length; k++) {
        const i = leaf.rows[k]!;
        if (bf[i]! <= b) lRows[li++] = i;
        else rRows[ri++] = i;
      }
      // Histogram of the smaller child; the larger one is the parent's minus it.
      const small = lRows.length <= rRows.length ? lRows : rRows;
      const hs = histogram(small);
      const size = feats.length * B;
      const big = { sum: new Float64Array(size), cnt: new Float64Array(size) };
      for (let j = 0; j < size; j++) {
        big.sum[j] = leaf.sum[j]! - hs.sum[j]!;
        big.cnt[j] = leaf.cnt[j]! - hs.cnt[j]!;
      }
      const [hl, hr] = small === lRows ? [hs, big] : [big, hs];
      const ln = tree.feature.length;
      tree.feature.push(-1, -1);
      tree.threshold.push(0, 0);
      tree.left.push(-1, -1);
      tree.right.push(-1, -1);
      tree.value.push(0, 0);
      tree.feature[leaf.node] = feature;
      tree.threshold[leaf.node] = b === 0 ? -Number.MAX_VALUE : edges[feature]![b - 1]!;
      tree.left[leaf.node] = ln;
      tree.right[leaf.node] = ln + 1;
      open.push(mk(ln, lRows, hl.sum, hl.cnt), mk(ln + 1, rRows, hr.sum, hr.cnt));
    }
    // Rows of the tree's sample are in its leaves; the others (out of the sample) walk the tree.
    inSample.fill(0);
    for (const leaf of [...open, ...done]) {
      const v = (P.learningRate * leaf.g) / (leaf.n + P.lambda);
      tree.value[leaf.node] = v;
      for (let k = 0; k < leaf.rows.length; k++) {
        pred[leaf.rows[k]!]! += v;
        inSample[leaf.rows[k]!] = 1;
      }
    }
    for (let i = 0; i < n; i++) if (!inSample[i]) pred[i]! += predictTree(tree, X[i]!);
    trees.push(tree);
    yield;
  }
  return { featureNames, base, trees };
}

function predictTree(tree: GbtTree, x: number[]): number {
  let k = 0;
  while (tree.feature[k]! >= 0) {
    const v = x[tree.feature[k]!]!;
    k = Number.isNaN(v) || v <= tree.threshold[k]! ? tree.left[k]! : tree.right[k]!;
  }
  return tree.value[k]!;
}

export function predictGbt(model: GbtModel, x: number[]): number {
  let v = model.base;
  for (const t of model.trees) v += predictTree(t, x);
  return v;
}
