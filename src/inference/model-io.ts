// What the pipeline needs to know about a converted model's inputs and outputs, read from the session
// itself. A model file in the wrong place (a landmark model named as the palm detector) is refused at
// start with its path, instead of decoding garbage on every frame.
import { UserError } from '../util/errors.js';
import type { OnnxRuntime, OrtSession } from './session.js';

type Shape = readonly (number | string)[];
const shapeText = (shapes: readonly Shape[]): string => shapes.map((s) => `[${s.join(', ')}]`).join(' ');

/** Side of the model's square NHWC input [1, S, S, 3]; throws if the model is not shaped so. */
export function squareInputSize(session: OrtSession, modelPath: string): number {
  const meta = session.inputMetadata[0];
  const shape = meta && meta.isTensor ? meta.shape : [];
  const [batch, height, width, channels] = shape;
  if (shape.length !== 4 || typeof height !== 'number' || height !== width || channels !== 3 || (typeof batch === 'number' && batch !== 1)) {
    throw new UserError(`${modelPath}: expected an NHWC input [1, S, S, 3], found [${shape.join(', ')}]`);
  }
  return height;
}

/** Throws a UserError naming the file unless its outputs have these shapes, in this order (symbolic dimensions match any size). */
export function expectOutputShapes(session: Pick<OrtSession, 'outputMetadata'>, modelPath: string, what: string, expected: readonly (readonly number[])[]): void {
  const actual = session.outputMetadata.map((m) => (m.isTensor ? m.shape : []));
  const fits =
    actual.length === expected.length &&
    expected.every((shape, i) => shape.length === actual[i]!.length && shape.every((size, k) => typeof actual[i]![k] !== 'number' || actual[i]![k] === size));
  if (!fits) throw new UserError(`${modelPath} is not a ${what} model: its outputs are ${shapeText(actual)}, expected ${shapeText(expected)}`);
}

/** Runs a model on one square NHWC image [1, S, S, 3]; its outputs' data in the model's output order. */
export async function runSquareImage(runtime: OnnxRuntime, session: OrtSession, input: Float32Array, size: number): Promise<Float32Array[]> {
  const outputs = await session.run({ [session.inputNames[0]!]: new runtime.Tensor('float32', input, [1, size, size, 3]) });
  return session.outputNames.map((name) => outputs[name]!.data as Float32Array);
}
