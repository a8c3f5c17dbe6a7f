import { parentPort, workerData } from 'node:worker_threads';
import { writeSlices } from './slices.js';

/**
 * Writes the slices of the ordinary log files in a thread of its own, so reading and checking the next
 * files (gunzip, JSON.parse, one line a record) runs beside DuckDB's loading of the last ones instead of
 * taking turns with it. It stays at most `credit` slices ahead; each slice taken gives one more.
 */
const { files, staging, sliceRecords, sizes } = workerData as {
  files: string[];
  staging: string;
  sliceRecords: number;
  sizes: [string, number][];
};
let credit = 0;
let wake: (() => void) | undefined;
parentPort?.on('message', (message: { credit: number }) => {
  credit += message.credit;
  wake?.();
});
const slices = writeSlices(files, { staging, sliceRecords, prefix: 'worker', sizes: new Map(sizes) });
for (const slice of slices) {
  while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
  credit--;
  parentPort?.postMessage({ type: 'slice', slice });
}
parentPort?.postMessage({ type: 'done' });
