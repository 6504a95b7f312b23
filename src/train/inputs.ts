// Where training and evaluation samples come from: a landmark CSV with a declared layout, or a
// dataset file built by `gesturegate dataset build`. Shared by the train and eval commands.
import type { FeatureSpec } from '../features/index.js';
import { UserError } from '../util/errors.js';
import { CSV_LAYOUTS, csvFeatureSpec, DEFAULT_BLOCK_SIZE, parseLayout, readLandmarkCsvRows, rowsToSet, type CsvLayout } from './csv.js';
import { datasetFeatureSpec, datasetToSet } from './dataset/to-set.js';
import { readDataset } from './dataset/store.js';
import { MODEL_KINDS, type ModelKind } from './models.js';
import type { LabelledSet } from './samples.js';

export interface DataOptions {
  csv?: string;
  layout?: string;
  dataset?: string;
  kind?: string;
  blockSize?: number;
  window?: number;
  /** Evaluation: compute exactly these features (the model card's). */
  spec?: FeatureSpec;
}

export interface LoadedData {
  /** The samples of the given spec (or of the model card's, for evaluation). */
  set: LabelledSet;
  /** The data's default feature spec: what the candidates are derived from. */
  baseSpec: FeatureSpec;
  /** The same rows with other features: every spec gives the same samples, labels and groups in the same order. */
  build: (spec: FeatureSpec) => LabelledSet;
  kind: ModelKind;
  /** The file the samples came from. */
  source: string;
  /** CSV data: its layout and the rows per fold group. */
  layout?: CsvLayout;
  blockSize?: number;
  /** What one fold group is, for reports. */
  groupedBy: string;
}

export function parseKind(text: string): ModelKind {
  if ((MODEL_KINDS as readonly string[]).includes(text)) return text as ModelKind;
  throw new UserError(`unknown model kind "${text}" (expected ${MODEL_KINDS.join(', ')})`);
}

export function kindOfSpec(spec: FeatureSpec): ModelKind {
  return spec.kind === 'hand-pose' ? 'pose' : spec.kind === 'two-hand-pose' ? 'two-hand' : 'temporal';
}

/** The CSV layout whose rows give features of this spec's kind. */
export function layoutOfSpec(spec: FeatureSpec): CsvLayout | undefined {
  return spec.kind === 'hand-pose' ? 'hand21-xy' : spec.kind === 'trajectory' ? 'trajectory16-xy' : undefined;
}

export function loadLabelledData(options: DataOptions): LoadedData {
  if (options.csv && options.dataset) throw new UserError('give either --csv or --dataset, not both');
  if (options.csv) {
    if (!options.layout) throw new UserError(`--csv needs --layout (${CSV_LAYOUTS.join(' or ')})`);
    const layout = parseLayout(options.layout);
    const rows = readLandmarkCsvRows(options.csv, layout);
    const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
    const build = (spec: FeatureSpec) => rowsToSet(rows, layout, { blockSize, spec });
    const baseSpec = options.spec ?? csvFeatureSpec(layout);
    const set = build(baseSpec);
    if (options.kind && parseKind(options.kind) !== kindOfSpec(set.spec)) {
      throw new UserError(`layout ${layout} trains a ${kindOfSpec(set.spec)} model, not ${options.kind}`);
    }
    return { set, baseSpec, build, kind: kindOfSpec(set.spec), source: options.csv, layout, blockSize, groupedBy: 'blocks of consecutive rows' };
  }
  if (options.dataset) {
    const contents = readDataset(options.dataset);
    let baseSpec = options.spec;
    if (!baseSpec) {
      if (!options.kind) throw new UserError(`--dataset needs --kind (${MODEL_KINDS.join(', ')})`);
      baseSpec = datasetFeatureSpec(contents, {
        kind: parseKind(options.kind),
        ...(options.window !== undefined && { window: options.window }),
      });
    }
    const build = (spec: FeatureSpec) => datasetToSet(contents, spec);
    return { set: build(baseSpec), baseSpec, build, kind: kindOfSpec(baseSpec), source: options.dataset, groupedBy: 'source files' };
  }
  throw new UserError('no training data: give --csv FILE --layout LAYOUT, or --dataset FILE --kind KIND');
}
