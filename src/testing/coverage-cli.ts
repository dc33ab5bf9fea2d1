/**
 * Prints how much of each process machine the generated paths exercise (states reached,
 * transitions taken, measured by replaying them through the engine), and exits 1 when
 * any machine is below 100%, or a replay deviates from its chart, listing what was missed.
 *
 *   npm run build && node dist/src/testing/coverage-cli.js
 */
import { formatCoverage, isComplete, machineCoverage } from './coverage.js';

const rows = machineCoverage();
process.stdout.write(`${formatCoverage(rows)}\n`);
if (!isComplete(rows)) {
  process.stderr.write('machine coverage is incomplete (see the missed states and transitions above)\n');
  process.exitCode = 1;
}
