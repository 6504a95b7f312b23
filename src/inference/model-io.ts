// What the pipeline needs to know about a converted model's inputs, read from the session itself.
import type { OrtSession } from './session.js';

/** Side of the model's square NHWC input [1, S, S, 3]; throws if the model is not shaped so. */
export function squareInputSize(session: OrtSession, modelPath: string): number {
  const meta = session.inputMetadata[0];
  const shape = meta && meta.isTensor ? meta.shape : [];
  const [batch, height, width, channels] = shape;
  if (shape.length !== 4 || typeof height !== 'number' || height !== width || channels !== 3 || (typeof batch === 'number' && batch !== 1)) {
    throw new Error(`${modelPath}: expected an NHWC input [1, S, S, 3], found [${shape.join(', ')}]`);
  }
  return height;
}
