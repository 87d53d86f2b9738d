import { isMap, isPair, isScalar, isSeq, type LineCounter, type Document, type Node, type Pair, type YAMLMap } from "yaml";

export interface Position {
  line: number;
  column: number;
}

/** Maps a path in the parsed definition to a line and column of its YAML/JSON source. */
export class SourceMap {
  /** Each map's pairs by key, built on first use: locating many issues in a large map stays linear. */
  private readonly pairs = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly doc: Document | undefined,
    private readonly lines: LineCounter | undefined,
  ) {}

  static empty() {
    return new SourceMap(undefined, undefined);
  }

  /** The position of the value at `path`, or of its key with `key: true`; the nearest ancestor when absent. */
  locate(path: readonly (string | number)[], options: { key?: boolean } = {}): Position {
    if (!this.doc || !this.lines) return { line: 0, column: 0 };
    let node: unknown = this.doc.contents;
    let best = this.offset(node);
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      if (isMap(node)) {
        const pair = this.pair(node, String(segment));
        if (!pair) break;
        const last = i === path.length - 1;
        const keyOffset = this.offset(pair.key);
        if (last && options.key && keyOffset !== undefined) return this.position(keyOffset);
        node = pair.value;
        best = this.offset(node) ?? keyOffset ?? best;
      } else if (isSeq(node) && typeof segment === "number") {
        node = node.items[segment];
        if (node === undefined) break;
        best = this.offset(node) ?? best;
      } else break;
    }
    return this.position(best ?? 0);
  }

  /** The position `index` characters into the string scalar at `path` (for expressions). */
  locateInside(path: readonly (string | number)[], index: number): Position {
    const start = this.locate(path);
    if (!this.doc) return start;
    const node = this.nodeAt(path);
    const quoted = isScalar(node) && (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") ? 1 : 0;
    const plainSingleLine = !isScalar(node) || node.type === "PLAIN" || quoted === 1;
    return plainSingleLine ? { line: start.line, column: start.column + quoted + index } : start;
  }

  private pair(map: YAMLMap, key: string): Pair | undefined {
    let index = this.pairs.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items) if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
      this.pairs.set(map, index);
    }
    return index.get(key);
  }

  private nodeAt(path: readonly (string | number)[]): Node | undefined {
    let node: unknown = this.doc?.contents;
    for (const segment of path) {
      if (isMap(node)) node = this.pair(node, String(segment))?.value;
      else if (isSeq(node) && typeof segment === "number") node = node.items[segment];
      else return undefined;
    }
    return node as Node | undefined;
  }

  private offset(node: unknown): number | undefined {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? range[0] : undefined;
  }

  private position(offset: number): Position {
    const { line, col } = this.lines!.linePos(offset);
    return { line, column: col };
  }
}
