import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstLine, NotALogFile, readLogFileRecords } from '../cloudtrail/log-file.js';

/**
 * Log files into slices: newline-delimited files of about `sliceRecords` records each, one record a line,
 * the form DuckDB's typed JSON reader loads fastest. Each file is read and checked whole (a bad one is
 * skipped with its reason, the rest go on); a slice says which files it holds, so a slice DuckDB refuses can
 * be loaded again file by file. Runs in the collecting thread, or in a worker beside it (slice-worker.ts).
 */

export interface WrittenSlice {
  /** The slice file; undefined for a message that only reports skipped files (nothing left to write). */
  path?: string;
  records: number;
  /** The files whose records the slice holds. */
  files: string[];
  /** Files read since the last slice that are not log files, each with why. */
  skipped: { file: string; reason: string }[];
  /** Files read since the last slice (held or skipped), and their bytes on disk. */
  filesRead: number;
  bytesRead: number;
}

export function* writeSlices(
  files: readonly string[],
  options: { staging: string; sliceRecords: number; prefix: string; sizes: ReadonlyMap<string, number> },
): Generator<WrittenSlice> {
  let lines: string[] = [];
  let held: string[] = [];
  let skipped: WrittenSlice['skipped'] = [];
  let filesRead = 0;
  let bytesRead = 0;
  let number = 0;
  const emit = (): WrittenSlice => {
    const path = lines.length > 0 ? join(options.staging, `${options.prefix}-${++number}.ndjson`) : undefined;
    if (path) writeFileSync(path, `${lines.join('\n')}\n`);
    const slice = { ...(path ? { path } : {}), records: lines.length, files: held, skipped, filesRead, bytesRead };
    lines = [];
    held = [];
    skipped = [];
    filesRead = 0;
    bytesRead = 0;
    return slice;
  };
  for (const file of files) {
    filesRead++;
    bytesRead += options.sizes.get(file) ?? 0;
    try {
      for (const record of readLogFileRecords(file)) lines.push(JSON.stringify(record));
      held.push(file);
    } catch (error) {
      skipped.push({ file, reason: error instanceof NotALogFile ? error.message : firstLine(error) });
    }
    if (lines.length >= options.sliceRecords) yield emit();
  }
  if (lines.length > 0 || skipped.length > 0 || filesRead > 0) yield emit();
}
