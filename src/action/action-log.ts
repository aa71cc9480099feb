import * as core from "@actions/core";
import { pino, type Logger } from "pino";

/** A log record as the job log shows it: plain, or an annotation on a file of the repository. */
export interface LogLine {
  kind: "error" | "warning" | "info" | "debug";
  message: string;
  file: string | null;
}

const SKIPPED_FIELDS = new Set(["level", "time", "pid", "hostname", "msg", "name"]);

/**
 * A pino record as a line of the job log: warnings and errors become annotations, on the file a
 * `path` field names (an unreadable postmortem); the other fields follow the message as
 * `key=value`, so nothing logged is lost.
 */
export function readLogRecord(record: Record<string, unknown>): LogLine {
  const level = typeof record.level === "number" ? record.level : 30;
  const fields = Object.entries(record)
    .filter(([key, value]) => !SKIPPED_FIELDS.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  const msg = typeof record.msg === "string" ? record.msg : "";
  const message = fields.length > 0 ? `${msg} (${fields.join(", ")})` : msg;
  const file = typeof record.path === "string" ? record.path : null;
  const kind = level >= 50 ? "error" : level >= 40 ? "warning" : level >= 30 ? "info" : "debug";
  return { kind, message, file };
}

function writeLogLine({ kind, message, file }: LogLine): void {
  const place = file === null ? {} : { file };
  if (kind === "error") core.error(message, place);
  else if (kind === "warning") core.warning(message, place);
  else if (kind === "info") core.info(message);
  // Shown only when the run has step debugging on.
  else core.debug(message);
}

/**
 * The logger the handlers get in the Action: the pino interface Probot gives them, written to the
 * job log as workflow commands. `onRecord` sees each record too, so the Action can notice what a
 * handler reported (an invalid config) without the handler knowing where it runs.
 */
export function makeActionLog(
  onRecord: (record: Record<string, unknown>) => void = () => undefined,
): Logger {
  return pino(
    { level: "debug", base: null },
    {
      write(line: string) {
        let record: Record<string, unknown>;
        try {
          record = JSON.parse(line) as Record<string, unknown>;
        } catch {
          core.info(line.trimEnd());
          return;
        }
        onRecord(record);
        writeLogLine(readLogRecord(record));
      },
    },
  );
}
