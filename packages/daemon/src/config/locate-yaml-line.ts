import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from "yaml";

/**
 * The 1-based line of the node at `path`: a map entry's key line, a list item's own line. When the path
 * runs past what the document holds (a missing key), the line of the nearest node that exists.
 */
export function locateYamlLine(
  document: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
): number {
  const lineAt = (node: Node | null | undefined, fallbackLine: number) =>
    node?.range === undefined || node.range === null ? fallbackLine : lineCounter.linePos(node.range[0]).line;
  let node: unknown = document.contents;
  let line = lineAt(document.contents, 1);
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === segment);
      if (pair === undefined) break;
      line = lineAt(pair.key as Node, line);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (item === undefined) break;
      line = lineAt(item as Node, line);
      node = item;
    } else {
      break;
    }
  }
  return line;
}
