import { Box, Text } from "ink";
import type { ReactNode } from "react";

export type Cell = {
  readonly content: ReactNode;
  readonly width: number;
  readonly color?: string;
};

type Props = { readonly cells: readonly Cell[]; readonly isSelected?: boolean; readonly isHeader?: boolean };

export function TableRow({ cells, isSelected = false, isHeader = false }: Props) {
  return (
    <Box>
      <Text color="cyan">{isSelected ? "› " : "  "}</Text>
      {cells.map((cell, index) => (
        // Columns never reorder, so their position is their identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Box key={index} width={cell.width} marginRight={1}>
          {typeof cell.content === "string" || typeof cell.content === "number" ? (
            <Text
              wrap="truncate-end"
              bold={isHeader}
              dimColor={isHeader}
              inverse={isSelected}
              {...(cell.color === undefined ? {} : { color: cell.color })}
            >
              {cell.content}
            </Text>
          ) : (
            cell.content
          )}
        </Box>
      ))}
    </Box>
  );
}
