// What the pipeline needs to know about a converted model's inputs and outputs, read from its runner. A model file in the wrong place (a landmark model named as the palm detector) is refused at
// start with its path, instead of decoding garbage on every frame.
import { UserError } from '../util/errors.js';
import type { ModelRunner } from './backend.js';

type Shape = readonly (number | string)[];
const shapeText = (shapes: readonly Shape[]): string => shapes.map((s) => `[${s.join(', ')}]`).join(' ');

/** Side of the model's square NHWC input [1, S, S, 3]; throws if the model is not shaped so. */
export function squareInputSize(runner: Pick<ModelRunner, 'inputs'>, modelPath: string): number {
  const shape = runner.inputs[0]?.shape ?? [];
  const [batch, height, width, channels] = shape;
  if (shape.length !== 4 || typeof height !== 'number' || height !== width || channels !== 3 || (typeof batch === 'number' && batch !== 1)) {
    throw new UserError(`${modelPath}: expected an NHWC input [1, S, S, 3], found [${shape.join(', ')}]`);
  }
  return height;
}

/** Throws a UserError naming the file unless its outputs have these shapes, in this order (symbolic dimensions match any size). */
export function expectOutputShapes(runner: Pick<ModelRunner, 'outputs'>, modelPath: string, what: string, expected: readonly (readonly number[])[]): void {
  const actual = runner.outputs.map((output) => output.shape);
  const fits =
    actual.length === expected.length &&
    expected.every((shape, i) => shape.length === actual[i]!.length && shape.every((size, k) => typeof actual[i]![k] !== 'number' || actual[i]![k] === size));
  if (!fits) throw new UserError(`${modelPath} is not a ${what} model: its outputs are ${shapeText(actual)}, expected ${shapeText(expected)}`);
}
