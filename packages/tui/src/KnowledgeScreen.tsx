import { type EngineState, formatDurationMs, type KnowledgeEntry, scoreKnowledge } from "@orbt/core";
import { Box, Text } from "ink";
import { TableRow } from "./TableRow.js";

type Props = { readonly state: EngineState };

const WIDTHS = {
  pattern: 20,
  solution: 22,
  platform: 10,
  scale: 6,
  score: 5,
  tries: 5,
  ok: 4,
  mttr: 8,
  p90: 8,
  from: 8,
};

/** Lessons shown under the table, newest first across rows. */
const LESSONS_SHOWN = 5;

function msOrDash(ms: number | null): string {
  return ms === null ? "-" : formatDurationMs(Math.round(ms));
}

/** A row of the catalog's that nothing was learned of yet says nothing a person needs here. */
function isKnown(entry: KnowledgeEntry): boolean {
  return entry.provenance !== "catalog" || entry.tries > 0;
}

/** Per pattern, best score first: the order the strike ladder would try them in on that platform. */
function byPatternThenScore(a: KnowledgeEntry, b: KnowledgeEntry): number {
  return (
    a.pattern.localeCompare(b.pattern) ||
    scoreKnowledge(b) - scoreKnowledge(a) ||
    a.tries - b.tries ||
    a.solution.localeCompare(b.solution)
  );
}

export function KnowledgeScreen({ state }: Props) {
  const all = Object.values(state.knowledge);
  const entries = all.filter(isKnown).sort(byPatternThenScore);
  const untried = all.length - entries.length;
  const lessons = entries
    .flatMap((entry) => entry.lessons.map((lesson) => ({ entry, lesson })))
    .sort((a, b) => b.lesson.at - a.lesson.at)
    .slice(0, LESSONS_SHOWN);
  return (
    <Box flexDirection="column">
      {entries.length === 0 ? (
        <Text dimColor>No remedy outcomes recorded yet.</Text>
      ) : (
        <>
          <TableRow
            isHeader
            cells={[
              { content: "PATTERN", width: WIDTHS.pattern },
              { content: "SOLUTION", width: WIDTHS.solution },
              { content: "PLATFORM", width: WIDTHS.platform },
              { content: "SCALE", width: WIDTHS.scale },
              { content: "SCORE", width: WIDTHS.score },
              { content: "TRIES", width: WIDTHS.tries },
              { content: "OK", width: WIDTHS.ok },
              { content: "MTTR", width: WIDTHS.mttr },
              { content: "P90", width: WIDTHS.p90 },
              { content: "FROM", width: WIDTHS.from },
            ]}
          />
          {entries.map((entry) => (
            <TableRow
              key={`${entry.pattern}/${entry.platform}/${entry.scale}/${entry.solution}`}
              cells={[
                { content: entry.pattern, width: WIDTHS.pattern },
                { content: entry.solution, width: WIDTHS.solution },
                { content: entry.platform, width: WIDTHS.platform },
                { content: entry.scale, width: WIDTHS.scale },
                { content: entry.tries === 0 ? "-" : scoreKnowledge(entry).toFixed(2), width: WIDTHS.score },
                { content: String(entry.tries), width: WIDTHS.tries },
                { content: String(entry.successes), width: WIDTHS.ok },
                { content: msOrDash(entry.meanRecoveryMs), width: WIDTHS.mttr },
                { content: msOrDash(entry.p90RecoveryMs), width: WIDTHS.p90 },
                { content: entry.provenance, width: WIDTHS.from },
              ]}
            />
          ))}
        </>
      )}
      <Text dimColor>
        {untried} catalog solutions untried · score: 95% Wilson lower bound of the success rate · MTTR: mean
        time to recover
      </Text>
      {lessons.length === 0 ? null : (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>Lessons</Text>
          {lessons.map(({ entry, lesson }) => (
            <Text key={`${lesson.at}/${entry.solution}/${lesson.by}`} wrap="truncate-end">
              <Text dimColor>{new Date(lesson.at).toISOString().slice(0, 16).replace("T", " ")}</Text>{" "}
              {entry.pattern}/{entry.solution} <Text color="cyan">{lesson.by}</Text>: {lesson.note}
            </Text>
          ))}
        </Box>
      )}
    </Box>
  );
}
