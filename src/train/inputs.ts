// Where training and evaluation samples come from: a landmark CSV with a declared layout, or a
// dataset file built by `gesturegate dataset build`. Shared by the train and eval commands.
import type { FeatureSpec } from '../features/index.js';
import { UserError } from '../util/errors.js';
import { CSV_LAYOUTS, parseLayout, readLandmarkCsv } from './csv.js';
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
  rotate?: boolean;
  /** Evaluation: compute exactly these features (the model card's). */
  spec?: FeatureSpec;
}

export interface LoadedData {
  set: LabelledSet;
  kind: ModelKind;
  /** The file the samples came from. */
  source: string;
  /** What one fold group is, for reports. */
  groupedBy: string;
}

export function parseKind(text: string): ModelKind {
  if ((MODEL_KINDS as readonly string[]).includes(text)) return text as ModelKind;
  throw new UserError(`unknown model kind "${text}" (expected ${MODEL_KINDS.join(', ')})`);
}

function kindOfSpec(spec: FeatureSpec): ModelKind {
  return spec.kind === 'hand-pose' ? 'pose' : spec.kind === 'two-hand-pose' ? 'two-hand' : 'temporal';
}

export function loadLabelledData(options: DataOptions): LoadedData {
  if (options.csv && options.dataset) throw new UserError('give either --csv or --dataset, not both');
  if (options.csv) {
    if (!options.layout) throw new UserError(`--csv needs --layout (${CSV_LAYOUTS.join(' or ')})`);
    const layout = parseLayout(options.layout);
    const set = readLandmarkCsv(options.csv, layout, {
      ...(options.blockSize !== undefined && { blockSize: options.blockSize }),
      ...(options.rotate !== undefined && { rotate: options.rotate }),
      ...(options.spec && { spec: options.spec }),
    });
    if (options.kind && parseKind(options.kind) !== kindOfSpec(set.spec)) {
      throw new UserError(`layout ${layout} trains a ${kindOfSpec(set.spec)} model, not ${options.kind}`);
    }
    return { set, kind: kindOfSpec(set.spec), source: options.csv, groupedBy: 'blocks of consecutive rows' };
  }
  if (options.dataset) {
    const contents = readDataset(options.dataset);
    let spec = options.spec;
    if (!spec) {
      if (!options.kind) throw new UserError(`--dataset needs --kind (${MODEL_KINDS.join(', ')})`);
      spec = datasetFeatureSpec(contents, {
        kind: parseKind(options.kind),
        ...(options.window !== undefined && { window: options.window }),
        ...(options.rotate !== undefined && { rotate: options.rotate }),
      });
    }
    return { set: datasetToSet(contents, spec), kind: kindOfSpec(spec), source: options.dataset, groupedBy: 'source files' };
  }
  throw new UserError('no training data: give --csv FILE --layout LAYOUT, or --dataset FILE --kind KIND');
}
