// k-nearest neighbours by Euclidean distance: the plainest classifier, one of the two baselines every
// training and evaluation report prints beside the trained model.

/**
 * The majority label among the k training samples nearest to each test sample (samples of `size`
 * values, row-major); a tie goes to the tied label whose member is nearest.
 */
export function knnPredict(trainX: Float32Array, trainY: ArrayLike<number>, testX: Float32Array, size: number, k: number, classes: number): Int32Array {
  const n = trainX.length / size;
  const m = testX.length / size;
  const kk = Math.min(k, n);
  const out = new Int32Array(m);
  const nearest = new Array<number>(kk);
  const nearestDistance = new Float64Array(kk);
  const votes = new Int32Array(classes);
  for (let t = 0; t < m; t++) {
    nearestDistance.fill(Infinity);
    const base = t * size;
    for (let i = 0; i < n; i++) {
      let d = 0;
      const row = i * size;
      for (let j = 0; j < size; j++) {
        const diff = testX[base + j]! - trainX[row + j]!;
        d += diff * diff;
      }
      if (d >= nearestDistance[kk - 1]!) continue;
      // Insertion into the sorted list of the k nearest so far.
      let p = kk - 1;
      while (p > 0 && nearestDistance[p - 1]! > d) {
        nearestDistance[p] = nearestDistance[p - 1]!;
        nearest[p] = nearest[p - 1]!;
        p--;
      }
      nearestDistance[p] = d;
      nearest[p] = i;
    }
    votes.fill(0);
    for (const i of nearest) votes[trainY[i]!]!++;
    const most = Math.max(...votes);
    out[t] = trainY[nearest.find((i) => votes[trainY[i]!] === most)!]!;
  }
  return out;
}
