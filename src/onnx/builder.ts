// A small API to build ONNX graphs: unique value names, typed initializers, nodes added in any
// order (build() sorts them topologically and checks every input is defined), then encode.
import {
  elementCount,
  encodeModel,
  type OnnxAttributeValue,
  type OnnxDataType,
  type OnnxDim,
  type OnnxGraph,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
  type OnnxTypedArray,
  type OnnxValueInfo,
} from './model.js';

export interface NodeOptions {
  /** Output names, or how many outputs to name automatically (default 1). */
  outputs?: string[] | number;
  /** Node name (default: derived from the op type). */
  name?: string;
  domain?: string;
}

export class GraphBuilder {
  /** Every name handed out or taken (reserved names may be defined later by a node). */
  private readonly names = new Set<string>();
  /** Names with a value: inputs, initializers, node outputs. */
  private readonly defined = new Set<string>();
  private readonly nodes: OnnxNode[] = [];
  private readonly inputs: OnnxValueInfo[] = [];
  private readonly outputs: OnnxValueInfo[] = [];
  private readonly initializers: OnnxTensor[] = [];
  private readonly counters = new Map<string, number>();

  constructor(readonly name: string) {}

  /** A fresh name based on `hint` (the hint itself when unused). */
  uniqueName(hint: string): string {
    const base = hint.replace(/\s+/g, '_') || 'value';
    let name = base;
    let n = this.counters.get(base) ?? 0;
    while (this.names.has(name)) name = `${base}_${++n}`;
    this.counters.set(base, n);
    this.names.add(name);
    return name;
  }

  /** Declares a graph input; returns its name. */
  input(name: string, type: OnnxDataType, shape: OnnxDim[], docString?: string): string {
    if (this.names.has(name)) throw new Error(`ONNX graph: input name ${name} is already used`);
    this.names.add(name);
    this.defined.add(name);
    this.inputs.push({ name, type, shape, docString });
    return name;
  }

  /** Declares a graph output: an existing value under its own name. */
  output(name: string, type: OnnxDataType, shape: OnnxDim[], docString?: string): void {
    this.outputs.push({ name, type, shape, docString });
  }

  /** Adds a constant tensor; returns its (unique) name. */
  initializer<T extends OnnxDataType>(hint: string, type: T, dims: number[], data: OnnxTypedArray[T]): string {
    if (data.length !== elementCount(dims)) {
      throw new Error(`ONNX graph: initializer ${hint} has ${data.length} values for dims [${dims}]`);
    }
    const name = this.uniqueName(hint);
    this.defined.add(name);
    this.initializers.push({ name, type, dims, data } as OnnxTensor);
    return name;
  }

  /** An int64 constant (shapes, axes, pads, sizes). */
  int64s(hint: string, values: readonly number[], dims: number[] = [values.length]): string {
    return this.initializer(
      hint,
      'int64',
      dims,
      BigInt64Array.from(values, (v) => BigInt(v)),
    );
  }

  /** A float32 constant. */
  float32s(hint: string, values: ArrayLike<number>, dims: number[] = [values.length]): string {
    return this.initializer(hint, 'float32', dims, Float32Array.from(values));
  }

  /** Adds a node; returns its output names. Use '' for an omitted optional input. */
  node(opType: string, inputs: string[], attributes: Record<string, OnnxAttributeValue> = {}, options: NodeOptions = {}): string[] {
    const name = options.name ?? this.uniqueName(opType);
    const requested = options.outputs ?? 1;
    const outputs =
      typeof requested === 'number'
        ? Array.from({ length: requested }, (_, i) => this.uniqueName(requested === 1 ? `${name}_out` : `${name}_out${i}`))
        : requested.map((o) => {
            if (this.defined.has(o)) throw new Error(`ONNX graph: output name ${o} is already used`);
            this.names.add(o);
            return o;
          });
    for (const o of outputs) this.defined.add(o);
    this.nodes.push({ opType, inputs, outputs, name, domain: options.domain, attributes });
    return outputs;
  }

  /** Adds a single-output node; returns the output's name. */
  op(opType: string, inputs: string[], attributes: Record<string, OnnxAttributeValue> = {}, options: NodeOptions = {}): string {
    return this.node(opType, inputs, attributes, options)[0]!;
  }

  /** The finished graph, nodes in topological order. Throws on undefined inputs or cycles. */
  build(docString?: string): OnnxGraph {
    const available = new Set<string>([...this.inputs.map((i) => i.name), ...this.initializers.map((t) => t.name), '']);
    const producers = new Map<string, OnnxNode>();
    for (const node of this.nodes) for (const o of node.outputs) producers.set(o, node);
    for (const node of this.nodes) {
      for (const input of node.inputs) {
        if (!available.has(input) && !producers.has(input)) {
          throw new Error(`ONNX graph: node ${node.name} (${node.opType}) reads ${input}, which nothing defines`);
        }
      }
    }
    for (const output of this.outputs) {
      if (!available.has(output.name) && !producers.has(output.name)) {
        throw new Error(`ONNX graph: output ${output.name} is not produced by any node`);
      }
    }
    return {
      name: this.name,
      nodes: topologicalOrder(this.nodes, available, producers),
      inputs: [...this.inputs],
      outputs: [...this.outputs],
      initializers: [...this.initializers],
      docString,
    };
  }

  /** Builds and encodes a whole model. */
  toModel(options: Omit<OnnxModel, 'graph'>, docString?: string): Uint8Array {
    return encodeModel({ ...options, graph: this.build(docString) });
  }
}

/** Kahn's algorithm, keeping insertion order among ready nodes so output is stable. */
function topologicalOrder(nodes: OnnxNode[], available: Set<string>, producers: Map<string, OnnxNode>): OnnxNode[] {
  const pending = new Map<OnnxNode, number>();
  const consumers = new Map<OnnxNode, OnnxNode[]>();
  for (const node of nodes) {
    const deps = new Set<OnnxNode>();
    for (const input of node.inputs) {
      if (available.has(input)) continue;
      deps.add(producers.get(input)!);
    }
    pending.set(node, deps.size);
    for (const dep of deps) {
      const list = consumers.get(dep) ?? [];
      list.push(node);
      consumers.set(dep, list);
    }
  }
  const order: OnnxNode[] = [];
  const ready = nodes.filter((n) => pending.get(n) === 0);
  // A queue by index keeps this linear; insertion order is preserved among ready nodes.
  for (let i = 0; i < ready.length; i++) {
    const node = ready[i]!;
    order.push(node);
    for (const consumer of consumers.get(node) ?? []) {
      const left = pending.get(consumer)! - 1;
      pending.set(consumer, left);
      if (left === 0) ready.push(consumer);
    }
  }
  if (order.length !== nodes.length) {
    const stuck = nodes.find((n) => pending.get(n)! > 0)!;
    throw new Error(`ONNX graph: cycle through node ${stuck.name} (${stuck.opType})`);
  }
  return order;
}
