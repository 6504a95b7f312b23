// The training loop: seeded shuffles, class-weighted cross-entropy, and (when a validation split is
// given) early stopping that keeps the weights of the best validation loss. Written out (not model.fit) so that every
// random choice comes from our seed and the run repeats exactly.
import type * as tfType from '@tensorflow/tfjs';
import { buildNetwork, type NetworkOptions } from './models.js';
import { seededRandom, shuffleInPlace } from '../util/random.js';
import { classCounts, sampleSize, shapeSize, subset, type LabelledSet } from './samples.js';
import { fitStandardisation, identityStandardisation, standardise, type Standardisation } from './standardisation.js';
import type { Tf } from './tf.js';

export interface FitOptions extends NetworkOptions {
  maxEpochs: number;
  /** Epochs without a better validation loss before stopping. */
  patience: number;
  /**
   * How much lower a validation loss must be to count as better: once the validation groups are all
   * right their loss keeps creeping down by 1e-5 an epoch for a hundred epochs, which buys nothing.
   */
  minDelta: number;
  batchSize: number;
  learningRate: number;
  /** Standardise inputs per channel (off: the network sees the features as they are). */
  standardise: boolean;
  /** Share of the training groups held out to decide when to stop; 0: run maxEpochs, keep the last weights. */
  validationFraction: number;
}

export const defaultFitOptions: FitOptions = {
  seed: 42,
  hidden: 64,
  layers: 2,
  maxEpochs: 150,
  patience: 8,
  minDelta: 1e-3,
  batchSize: 32,
  learningRate: 0.003,
  standardise: true,
  validationFraction: 0.15,
};

export interface EpochRecord {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
}

/** A fitted network with the input standardisation it was trained behind. */
export interface TrainedNetwork {
  model: tfType.Sequential;
  standardisation: Standardisation;
  /** Shape of one (raw) input sample. */
  shape: number[];
}

export interface FitResult {
  network: TrainedNetwork;
  history: EpochRecord[];
  /** The epoch whose weights were kept (1-based). */
  bestEpoch: number;
  classWeights: number[];
}

/** n / (classes * count): each class weighs the same in the loss however many samples it has. */
export function balancedClassWeights(y: Int32Array, classes: number): number[] {
  const counts = classCounts(y, classes);
  return counts.map((c) => (c ? y.length / (classes * c) : 0));
}

/** Probabilities [n, classes] for raw input samples x (the network ends in logits). */
export function predictScores(tf: Tf, network: TrainedNetwork, x: Float32Array): Float32Array {
  const { model, standardisation, shape } = network;
  const n = x.length / shapeSize(shape);
  return tf.tidy(() => tf.softmax(model.predict(tf.tensor(standardise(x, standardisation), [n, ...shape])) as tfType.Tensor).dataSync() as Float32Array);
}

function weightedLoss(tf: Tf, logits: tfType.Tensor, labels: tfType.Tensor, weights: tfType.Tensor): tfType.Scalar {
  const perSample = tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), -1));
  return tf.div(tf.sum(tf.mul(perSample, weights)), tf.sum(weights)) as tfType.Scalar;
}

function evaluateLoss(tf: Tf, model: tfType.LayersModel, data: { x: Float32Array; y: Int32Array }, shape: number[], classes: number, weights: number[]) {
  return tf.tidy(() => {
    const logits = model.predict(tf.tensor(data.x, [data.y.length, ...shape])) as tfType.Tensor;
    const labels = tf.oneHot(tf.tensor1d(data.y, 'int32'), classes);
    const w = tf.tensor1d(Array.from(data.y, (c) => weights[c]!));
    const loss = weightedLoss(tf, logits, labels, w).dataSync()[0]!;
    const predicted = tf.argMax(logits, -1).dataSync();
    let correct = 0;
    data.y.forEach((c, i) => (correct += predicted[i] === c ? 1 : 0));
    return { loss, accuracy: correct / data.y.length };
  });
}

export function fitNetwork(tf: Tf, set: LabelledSet, trainIdx: readonly number[], valIdx: readonly number[], options: FitOptions): FitResult {
  const classes = set.labels.length;
  const standardisation = options.standardise ? fitStandardisation(set.x, set.shape, trainIdx) : identityStandardisation(set.shape);
  const scaled = { ...set, x: standardise(set.x, standardisation) };
  const train = subset(scaled, trainIdx);
  const val = valIdx.length ? subset(scaled, valIdx) : undefined;
  const classWeights = balancedClassWeights(train.y, classes);
  const model = buildNetwork(tf, set.shape, classes, options);
  const optimizer = tf.train.adam(options.learningRate);
  const random = seededRandom(options.seed);
  const size = sampleSize(set);
  const order = Array.from({ length: train.y.length }, (_, i) => i);
  const history: EpochRecord[] = [];
  let best = { loss: Infinity, epoch: 0, weights: [] as tfType.Tensor[] };

  for (let epoch = 1; epoch <= options.maxEpochs; epoch++) {
    shuffleInPlace(order, random);
    for (let start = 0; start < order.length; start += options.batchSize) {
      const batch = order.slice(start, start + options.batchSize);
      const bx = new Float32Array(batch.length * size);
      batch.forEach((from, to) => bx.set(train.x.subarray(from * size, (from + 1) * size), to * size));
      tf.tidy(() => {
        const xs = tf.tensor(bx, [batch.length, ...set.shape]);
        const ys = tf.oneHot(
          tf.tensor1d(
            batch.map((i) => train.y[i]!),
            'int32',
          ),
          classes,
        );
        const ws = tf.tensor1d(batch.map((i) => classWeights[train.y[i]!]!));
        optimizer.minimize(() => weightedLoss(tf, model.apply(xs, { training: true }) as tfType.Tensor, ys, ws));
      });
    }
    const fitted = evaluateLoss(tf, model, train, set.shape, classes, classWeights);
    const record: EpochRecord = { epoch, loss: fitted.loss, accuracy: fitted.accuracy };
    const monitored = val ? evaluateLoss(tf, model, val, set.shape, classes, classWeights) : fitted;
    if (val) {
      record.valLoss = monitored.loss;
      record.valAccuracy = monitored.accuracy;
    }
    history.push(record);
    if (!val) continue;
    if (monitored.loss < best.loss - options.minDelta) {
      best.weights.forEach((w) => w.dispose());
      best = { loss: monitored.loss, epoch, weights: model.getWeights().map((w) => w.clone()) };
    } else if (epoch - best.epoch >= options.patience) {
      break;
    }
  }
  // Without a validation split there is nothing to choose by: the last weights stay.
  if (val) model.setWeights(best.weights);
  best.weights.forEach((w) => w.dispose());
  optimizer.dispose();
  return { network: { model, standardisation, shape: set.shape }, history, bestEpoch: val ? best.epoch : history.length, classWeights };
}
