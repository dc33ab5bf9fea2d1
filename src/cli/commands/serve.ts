/**
 * `casepath serve`: the live monitor as an HTTP service. The options are declared here
 * (for --help, did-you-mean and unknown options); the service itself is
 * ../serve-command.ts, loaded only when this command runs and called with the options
 * as arguments, as before, so that it keeps its own checks and messages.
 */
import { Option } from 'commander';
import { defineCommand, examples } from '../command.js';

interface ServeOptions {
  port?: string;
  host?: string;
  db?: string;
  database?: string;
  token?: string;
  mode?: string;
  rulesConfig?: string;
}

/** Option attribute → the flag serve-command.ts parses. */
const FLAGS: Record<keyof ServeOptions, string> = {
  port: '--port',
  host: '--host',
  db: '--db',
  database: '--database',
  token: '--token',
  mode: '--mode',
  rulesConfig: '--rules-config',
};

export const serve = defineCommand<ServeOptions>({
  name: 'serve',
  define(command) {
    command
      .summary('the HTTP service for case-management systems (127.0.0.1)')
      .description(
        'Run the live monitor as an HTTP service: cases, events checked and recorded as they arrive, deadlines across cases. Runs until SIGTERM or SIGINT; logs one JSON line per request (never event content).',
      )
      .option('--token <t>', 'bearer token clients must send (or set CASEPATH_TOKEN); required')
      .option('--port <n>', 'TCP port (default 8080; 0 picks a free one)')
      .option('--host <h>', 'address to bind (default 127.0.0.1; anything else is reachable from other machines: put TLS in front)')
      .option('--db <file>', 'SQLite database file (default casepath.db), created if absent')
      .option('--database <url>', 'PostgreSQL instead (postgres://user:pass@host/db[?schema=NAME]), for several instances behind a load balancer')
      .addOption(new Option('--mode <mode>', 'audit (default): flag and record; enforce: refuse (422) an event an enforceable rule refuses, storing nothing of that request').choices(['audit', 'enforce']))
      .option('--rules-config <file>', "a local authority's timescales and rule parameters")
      .addHelpText(
        'after',
        `
Endpoints: GET /health, GET /openapi.json (no token); PUT /cases/{id},
POST /cases/{id}/events, GET /cases/{id}, GET /cases/{id}/deadlines, GET /cases/{id}/report,
GET /deadlines?within=10wd.
${examples([
  ['CASEPATH_TOKEN=$(openssl rand -hex 32) casepath serve --mode enforce', 'on 127.0.0.1:8080 with casepath.db'],
  ['casepath serve --token "$T" --database postgres://casepath@db/casepath', 'on PostgreSQL'],
])}`,
      );
  },
  async run(_args, v, io) {
    const args = (Object.keys(FLAGS) as (keyof ServeOptions)[]).flatMap((key) => (v[key] === undefined ? [] : [FLAGS[key], v[key]!]));
    const { serveCommand } = await import('../serve-command.js');
    return serveCommand(args, io);
  },
});
