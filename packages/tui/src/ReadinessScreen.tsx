import type { ReadinessAreaScore, ReadinessFinding } from "@orbt/core";
import { Box, Text, useStdout } from "ink";
import { TableRow } from "./TableRow.js";
import type { ReadinessView } from "./use-readiness.js";

type Props = { readonly view: ReadinessView };

const WIDTHS = { area: 20, score: 6, met: 10, bar: 12 };
const BAR_CELLS = 10;
/** The tab bar, the score line, the areas table and its header, the status line. */
const CHROME_ROWS = 16;
const DEFAULT_TERMINAL_ROWS = 40;

/** Green from 80, yellow from 50, red below: the areas to work on stand out. */
function colourOf(score: number): string {
  return score >= 80 ? "green" : score >= 50 ? "yellow" : "red";
}

function barOf(score: number): string {
  const filled = Math.round((score / 100) * BAR_CELLS);
  return `${"█".repeat(filled)}${"░".repeat(BAR_CELLS - filled)}`;
}

/** Each finding not met as two lines, what is missing and its fix, under its area's name. */
function gapLines(areas: readonly ReadinessAreaScore[]) {
  return areas.flatMap((area) => {
    const gaps = area.findings.filter((finding) => finding.status !== "met");
    if (gaps.length === 0) return [];
    return [
      { key: area.area, text: area.area.replace("_", " "), tone: "heading" as const },
      ...gaps.flatMap((finding: ReadinessFinding, index) => [
        {
          key: `${area.area}-${index}`,
          text: `  ${finding.status === "unknown" ? "?" : "✗"} ${finding.fact}: ${finding.detail}`,
          tone: finding.status === "unknown" ? ("unknown" as const) : ("missing" as const),
        },
        { key: `${area.area}-${index}-fix`, text: `      fix: ${finding.fix ?? ""}`, tone: "fix" as const },
      ]),
    ];
  });
}

const TONES = {
  heading: { bold: true },
  missing: { color: "red" },
  unknown: { color: "yellow" },
  fix: { dimColor: true },
} as const;

export function ReadinessScreen({ view }: Props) {
  const { stdout } = useStdout();
  if (view.error !== null) {
    return (
      <Text color="red">
        cannot assess readiness: {view.error.code}: {view.error.message}
      </Text>
    );
  }
  const { assessment } = view;
  if (assessment === null) return <Text dimColor>assessing readiness…</Text>;
  const lines = gapLines(assessment.areas);
  const rows = Math.max(4, (stdout.rows ?? DEFAULT_TERMINAL_ROWS) - CHROME_ROWS);
  const shown = lines.slice(0, rows);
  return (
    <Box flexDirection="column">
      <Text>
        production readiness of {assessment.project} <Text dimColor>({assessment.environment})</Text>:{" "}
        <Text bold color={colourOf(assessment.score)}>
          {assessment.score}/100
        </Text>{" "}
        <Text dimColor>assessed {assessment.assessed_at.slice(11, 19)}</Text>
      </Text>
      <Box flexDirection="column" marginTop={1}>
        <TableRow
          isHeader
          cells={[
            { content: "AREA", width: WIDTHS.area },
            { content: "SCORE", width: WIDTHS.score },
            { content: "", width: WIDTHS.bar },
            { content: "FACTS MET", width: WIDTHS.met },
          ]}
        />
        {assessment.areas.map((area) => (
          <TableRow
            key={area.area}
            cells={[
              { content: area.area.replace("_", " "), width: WIDTHS.area },
              { content: String(area.score), width: WIDTHS.score, color: colourOf(area.score) },
              { content: barOf(area.score), width: WIDTHS.bar, color: colourOf(area.score) },
              {
                content: `${area.findings.filter((finding) => finding.status === "met").length}/${area.findings.length}`,
                width: WIDTHS.met,
              },
            ]}
          />
        ))}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {lines.length === 0 ? (
          <Text color="green">Every fact is met.</Text>
        ) : (
          <>
            <Text bold>Missing, and how to fix it</Text>
            {shown.map((line) => (
              <Text key={line.key} wrap="truncate-end" {...TONES[line.tone]}>
                {line.text}
              </Text>
            ))}
            {lines.length > shown.length ? (
              <Text dimColor>
                … {lines.length - shown.length} more lines: orbtd readiness prints them all
              </Text>
            ) : null}
          </>
        )}
      </Box>
    </Box>
  );
}
