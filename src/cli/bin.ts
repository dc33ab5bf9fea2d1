#!/usr/bin/env node
import { main } from './main.js';

const code = main(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: process.stdout.isTTY === true,
  ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
  env: process.env,
  stdin: process.stdin,
  out: process.stdout,
  stderrIsTTY: process.stderr.isTTY === true,
});
if (typeof code === 'number') process.exitCode = code;
else code.then((c) => (process.exitCode = c));
