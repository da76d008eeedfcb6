const INVALID_SERVICE_CHARS = /[^A-Za-z0-9._-]/g;
const MAX_SERVICE_NAME_LENGTH = 128;

/**
 * An Orbt service name for a `job`: OTLP jobs are `namespace/name`, and Orbt names allow no `/`, so every
 * character outside `A-Z a-z 0-9 . _ -` becomes `_`. Undefined when nothing is left.
 */
export function toServiceName(job: string): string | undefined {
  const name = job.replace(INVALID_SERVICE_CHARS, "_").slice(0, MAX_SERVICE_NAME_LENGTH);
  return name === "" ? undefined : name;
}
