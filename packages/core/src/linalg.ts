/** Tiny dense linear algebra for the local regression (pure TS). */

/** Solves A x = b for symmetric positive-definite A (Cholesky); returns null when singular. */
export function solveSpd(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const L: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i]![j]!;
      for (let k = 0; k < j; k++) sum -= L[i]![k]! * L[j]![k]!;
      if (i === j) {
        if (!(sum > 1e-12)) return null;
        L[i]![i] = Math.sqrt(sum);
      } else {
        L[i]![j] = sum / L[j]![j]!;
      }
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= L[i]![k]! * y[k]!;
    y[i] = sum / L[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= L[k]![i]! * x[k]!;
    x[i] = sum / L[i]![i]!;
  }
  return x;
}

/**
 * Weighted ridge regression y ~ b0 + X beta, shrinking beta toward `prior` with per-column penalties
 * `penalty[j]` (the intercept is not penalised). Returns [b0, ...beta] or null.
 */
export function weightedRidge(X: number[][], y: number[], w: number[], penalty: number[], prior: number[]): number[] | null {
  const p = penalty.length;
  const n = y.length;
  const dim = p + 1;
  const A: number[][] = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
  const b = new Array<number>(dim).fill(0);
  const row = new Array<number>(dim).fill(0);
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    if (!(wi > 0)) continue;
    const xi = X[i]!;
    row[0] = 1;
    for (let j = 0; j < p; j++) row[j + 1] = xi[j]!;
    const yi = y[i]!;
    for (let a = 0; a < dim; a++) {
      const ra = row[a]! * wi;
      b[a]! += ra * yi;
      const Aa = A[a]!;
      for (let c = 0; c <= a; c++) Aa[c]! += ra * row[c]!;
    }
  }
  for (let a = 0; a < dim; a++) for (let c = 0; c < a; c++) A[c]![a] = A[a]![c]!;
  for (let j = 0; j < p; j++) {
    A[j + 1]![j + 1]! += penalty[j]!;
    b[j + 1]! += penalty[j]! * prior[j]!;
  }
  return solveSpd(A, b);
}
