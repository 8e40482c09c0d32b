import {
  DataType,
  type OnnxAttribute,
  type OnnxGraph,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
} from './onnx-proto';

/**
 * Collects nodes and initializers of an ONNX graph in topological order (each node after the
 * ones it reads), naming every value after the node that makes it so that a graph dump reads
 * like the tfjs model's layer list.
 */
export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: OnnxTensor[] = [];
  private readonly names = new Set<string>();

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`ONNX graph: ${name} is defined twice`);
    this.names.add(name);
    return name;
  }

  /** Reserves the name of a graph input. */
  input(name: string): string {
    return this.claim(name);
  }

  floats(name: string, dims: number[], values: Float32Array): string {
    this.initializers.push({ name: this.claim(name), dims, dataType: DataType.FLOAT, values });
    return name;
  }

  int64s(name: string, values: readonly number[]): string {
    this.initializers.push({
      name: this.claim(name),
      dims: [values.length],
      dataType: DataType.INT64,
      values: BigInt64Array.from(values, (v) => BigInt(v)),
    });
    return name;
  }

  /** Adds a node with one output, named `name`, and returns that output. */
  node(opType: string, name: string, inputs: string[], attributes: OnnxAttribute[] = []): string {
    this.nodes.push({ name, opType, inputs, outputs: [this.claim(name)], attributes });
    return name;
  }

  graph(name: string, inputs: OnnxValueInfo[], outputs: OnnxValueInfo[]): OnnxGraph {
    return { name, nodes: this.nodes, initializers: this.initializers, inputs, outputs };
  }
}
