// Builds TFLite files with an unsupported operator from a real one by patching its operator-code
// table in place (same size, so every offset stays valid).
import { FlatBuffer } from '../../src/convert/flatbuffer.js';
import { builtinOperators } from '../../src/convert/tflite-schema.js';

/** A copy of `bytes` in which every operator of type `from` becomes builtin operator `to`. */
export function replaceOperator(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const fromCode = builtinOperators.indexOf(from);
  const toCode = builtinOperators.indexOf(to);
  if (fromCode < 0 || toCode < 0 || toCode > 127) throw new Error(`cannot patch ${from} → ${to}`);
  const out = new Uint8Array(bytes);
  const fb = new FlatBuffer(out);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const root = fb.tableAt(fb.u32(0), 'model');
  let patched = 0;
  // Model field 1: operator_codes; OperatorCode fields 0 (int8 deprecated code) and 3 (int32 code).
  for (const code of root.tables(1, 'operator code')) {
    const vtable = code.position - fb.i32(code.position);
    const vtableSize = fb.u16(vtable);
    const slot = (field: number) => (4 + 2 * field < vtableSize ? fb.u16(vtable + 4 + 2 * field) : 0);
    const deprecated = slot(0);
    const current = slot(3);
    const value = Math.max(deprecated ? fb.i8(code.position + deprecated) : 0, current ? fb.i32(code.position + current) : 0);
    if (value !== fromCode) continue;
    // A code equal to the schema default (ADD = 0) may be stored as absent fields: nothing to patch.
    if (!deprecated && !current) throw new Error(`${from}'s operator code is implicit; cannot patch it in place`);
    if (deprecated) view.setInt8(code.position + deprecated, toCode);
    if (current) view.setInt32(code.position + current, toCode, true);
    patched++;
  }
  if (patched === 0) throw new Error(`no ${from} operator code found`);
  return out;
}
