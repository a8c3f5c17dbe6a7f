/**
 * npm run doctor: the weekly hygiene report's checks, now, from a laptop with your own credentials
 * (AWS_PROFILE), read-only. A table with colour in a terminal, or --json; exit 1 when a critical or high
 * check failed, so it can gate a script.
 *
 *   npm run doctor -- [--region ap-northeast-1] [--stage prod] [--json] [--locale ja]
 */
import { doctorMain } from './doctor-account.js';

process.exitCode = await doctorMain(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
