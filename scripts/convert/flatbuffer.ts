// A bounds-checked FlatBuffer reader, written from the format's rules:
// - the buffer starts with a uint32 offset to the root table;
// - a table starts with an int32 that, subtracted from the table's position, gives its vtable;
// - a vtable is uint16 [vtable bytes, table bytes, field 0 offset, field 1 offset, ...], 0 meaning absent;
// - reference fields (tables, vectors, strings) hold a uint32 offset relative to the field itself;
// - vectors and strings start with a uint32 element count.
// Every offset is checked against the buffer, so a corrupt or hostile file can only produce a
// FlatBufferError, never an out-of-range read, a huge allocation or a loop.

export class FlatBufferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlatBufferError';
  }
}

export class FlatBuffer {
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get size(): number {
    return this.bytes.byteLength;
  }

  /** Throws unless [position, position + length) lies inside the buffer. */
  check(position: number, length: number, what: string): void {
    if (!Number.isInteger(position) || position < 0 || length < 0 || position + length > this.size) {
      throw new FlatBufferError(`${what} at byte ${position} (+${length}) lies outside the ${this.size}-byte file`);
    }
  }

  u8(position: number): number {
    this.check(position, 1, 'uint8');
    return this.view.getUint8(position);
  }
  i8(position: number): number {
    this.check(position, 1, 'int8');
    return this.view.getInt8(position);
  }
  u16(position: number): number {
    this.check(position, 2, 'uint16');
    return this.view.getUint16(position, true);
  }
  i32(position: number): number {
    this.check(position, 4, 'int32');
    return this.view.getInt32(position, true);
  }
  u32(position: number): number {
    this.check(position, 4, 'uint32');
    return this.view.getUint32(position, true);
  }

  /** The root table, after the optional 4-byte file identifier check. */
  root(identifier?: string): Table {
    if (this.size < 8) throw new FlatBufferError(`file is only ${this.size} bytes, too short for a FlatBuffer`);
    if (identifier !== undefined) {
      const found = new TextDecoder('latin1').decode(this.bytes.subarray(4, 8));
      if (found !== identifier) {
        throw new FlatBufferError(`file identifier is "${printable(found)}", expected "${identifier}"`);
      }
    }
    return this.tableAt(this.u32(0), 'root table');
  }

  tableAt(position: number, what: string): Table {
    this.check(position, 4, what);
    const vtable = position - this.i32(position);
    this.check(vtable, 4, `${what} vtable`);
    const vtableSize = this.u16(vtable);
    const tableSize = this.u16(vtable + 2);
    if (vtableSize < 4 || vtableSize % 2 !== 0) throw new FlatBufferError(`${what} has a malformed vtable (size ${vtableSize})`);
    this.check(vtable, vtableSize, `${what} vtable`);
    this.check(position, tableSize, what);
    return new Table(this, position, vtable, vtableSize, tableSize, what);
  }
}

/** One table; field accessors take the field's index in the schema (0-based, unions count twice). */
export class Table {
  constructor(
    private readonly fb: FlatBuffer,
    readonly position: number,
    private readonly vtable: number,
    private readonly vtableSize: number,
    private readonly tableSize: number,
    readonly what: string,
  ) {}

  /** Absolute position of a field's value, or undefined when the field is absent. */
  private field(index: number, width: number): number | undefined {
    const slot = 4 + 2 * index;
    if (slot + 2 > this.vtableSize) return undefined;
    const offset = this.fb.u16(this.vtable + slot);
    if (offset === 0) return undefined;
    if (offset + width > this.tableSize) {
      throw new FlatBufferError(`${this.what} field ${index} overruns its table`);
    }
    return this.position + offset;
  }

  u8(index: number, fallback: number): number {
    const p = this.field(index, 1);
    return p === undefined ? fallback : this.fb.u8(p);
  }
  i8(index: number, fallback: number): number {
    const p = this.field(index, 1);
    return p === undefined ? fallback : this.fb.i8(p);
  }
  bool(index: number, fallback: boolean): boolean {
    const p = this.field(index, 1);
    return p === undefined ? fallback : this.fb.u8(p) !== 0;
  }
  i32(index: number, fallback: number): number {
    const p = this.field(index, 4);
    return p === undefined ? fallback : this.fb.i32(p);
  }
  u32(index: number, fallback: number): number {
    const p = this.field(index, 4);
    return p === undefined ? fallback : this.fb.u32(p);
  }
  /** An unsigned 64-bit field, refused when it does not fit a double exactly. */
  u64(index: number, fallback: number): number {
    const p = this.field(index, 8);
    if (p === undefined) return fallback;
    const value = this.fb.u32(p) + this.fb.u32(p + 4) * 2 ** 32;
    if (!Number.isSafeInteger(value)) throw new FlatBufferError(`${this.what} field ${index} is too large`);
    return value;
  }

  /** Where a reference field points to, or undefined when absent. */
  private target(index: number): number | undefined {
    const p = this.field(index, 4);
    if (p === undefined) return undefined;
    const target = p + this.fb.u32(p);
    this.fb.check(target, 4, `${this.what} field ${index} target`);
    return target;
  }

  table(index: number, what: string): Table | undefined {
    const t = this.target(index);
    return t === undefined ? undefined : this.fb.tableAt(t, what);
  }

  /** A vector's element count and the position of its first element. */
  private vector(index: number, elementSize: number, what: string): { start: number; length: number } | undefined {
    const t = this.target(index);
    if (t === undefined) return undefined;
    const length = this.fb.u32(t);
    const start = t + 4;
    // Checking the whole extent up front bounds every later loop by the file size.
    if (length * elementSize > this.fb.size - start) {
      throw new FlatBufferError(`${what} claims ${length} elements, more than the file holds`);
    }
    return { start, length };
  }

  string(index: number): string | undefined {
    const v = this.vector(index, 1, `${this.what} string`);
    if (v === undefined) return undefined;
    return new TextDecoder('utf-8').decode(this.fb.bytes.subarray(v.start, v.start + v.length));
  }

  /** A vector of bytes, as a view into the file (no copy). */
  bytes(index: number): Uint8Array | undefined {
    const v = this.vector(index, 1, `${this.what} bytes`);
    return v === undefined ? undefined : this.fb.bytes.subarray(v.start, v.start + v.length);
  }

  i32s(index: number): number[] | undefined {
    const v = this.vector(index, 4, `${this.what} int32 vector`);
    if (v === undefined) return undefined;
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.fb.i32(v.start + 4 * i);
    return out;
  }

  u16s(index: number): number[] | undefined {
    const v = this.vector(index, 2, `${this.what} uint16 vector`);
    if (v === undefined) return undefined;
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.fb.u16(v.start + 2 * i);
    return out;
  }

  /** Number of elements in a vector (read only for its length, e.g. quantization scales). */
  count(index: number, elementSize: number): number {
    return this.vector(index, elementSize, `${this.what} vector`)?.length ?? 0;
  }

  tables(index: number, what: string): Table[] {
    const v = this.vector(index, 4, `${what} vector`);
    if (v === undefined) return [];
    const out: Table[] = [];
    for (let i = 0; i < v.length; i++) {
      const p = v.start + 4 * i;
      out.push(this.fb.tableAt(p + this.fb.u32(p), `${what} ${i}`));
    }
    return out;
  }
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}
