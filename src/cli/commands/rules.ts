/**
 * `casepath rules`: every rule with its severity, parameters, timescales and citation
 * (with a rules config, as that local authority has set them); `--json` as data,
 * `--markdown` as docs/rules.md (which a test holds to this output).
 */
import { today } from '../../calendar/day.js';
import { citationEditions, citationText } from '../../law/citations.js';
import { NATIONAL_KINDS, type TimescaleId, describeValue, fillTimescales, sourceConfidence, sourceText, timescale, valueOn } from '../../law/timescales.js';
import { RULES } from '../../rules/index.js';
import { defineCommand, examples } from '../command.js';
import { printIssues, rulesConfigOption } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { Option } from 'commander';

interface RulesOptions {
  json?: boolean;
  markdown?: boolean;
  rulesConfig?: string;
}

export const rules = defineCommand<RulesOptions>({
  name: 'rules',
  define(command) {
    command
      .summary('every rule: severity, parameters, timescales, citation')
      .description('List every rule with its severity, what makes it fire, its timescales (unit, source, confidence), parameters, citation and what it does not encode.')
      .addOption(new Option('--json', 'as JSON').conflicts('markdown'))
      .option('--markdown', 'as Markdown (docs/rules.md is this output)')
      .option('--rules-config <file>', "show the timescales and parameters as a local authority's config sets them")
      .addHelpText(
        'after',
        examples([
          ['casepath rules', 'the catalogue, for reading'],
          ['casepath rules --rules-config la.yaml --json', "as data, with one authority's overrides"],
          ['casepath rules --markdown > docs/rules.md', 'regenerate the rules documentation'],
        ]),
      );
  },
  run(_args, v, io) {
    const loaded = rulesConfigOption(v.rulesConfig);
    if (!loaded.config) return printIssues(io, loaded.issues, v.json === true);
    const config = loaded.config;
    // Titles and labels show the value in force today, with this authority's overrides.
    const day = today();
    const valueOf = (id: TimescaleId) => valueOn(config.timescales.get(id) ?? timescale(id).values, day);
    const rows = RULES.map((rule) => ({
      id: rule.id,
      title: fillTimescales(rule.title, valueOf),
      severity: rule.severity,
      enabled: config.rules.includes(rule),
      enforceable: rule.enforceable === true,
      firesWhen: rule.firesWhen,
      notEncoded: rule.notEncoded,
      citation: citationText(rule.citation),
      /** Each source and edition, with the days it was in force: a finding cites the one in force on its event's date. */
      editions: citationEditions(rule.citation),
      parameters: config.params.get(rule.id) as Record<string, unknown>,
      timescales: (rule.timescales ?? []).map((id) => {
        const t = timescale(id);
        const values = config.timescales.get(id) ?? t.values;
        return {
          id,
          unit: t.unit,
          values,
          kind: t.kind,
          // National law, or a typical local value (a finding resting on it is at most possible until the authority sets its own).
          national: NATIONAL_KINDS.has(t.kind),
          source: sourceText(t),
          confidence: sourceConfidence(t) ?? null,
          overridden: config.timescales.has(id),
        };
      }),
    }));
    if (v.json === true) {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return EXIT.ok;
    }
    if (v.markdown === true) {
      io.stdout(rulesMarkdown(rows));
      return EXIT.ok;
    }
    const out: string[] = [`${rows.length} rules (severity: breach = statutory duty or timescale; fault = practice the Ombudsman finds fault; advisory)\n`];
    for (const r of rows) {
      out.push(`${r.id}  [${r.severity}${r.enforceable ? ', enforceable' : ''}${r.enabled ? '' : ', DISABLED'}]`);
      out.push(`  fires when: ${r.firesWhen}`);
      for (const t of r.timescales) {
        const def = timescale(t.id);
        const vals = t.values.map((x) => `${describeValue(def, x.value)}${x.from ? ` from ${x.from}` : ''}`).join(', ');
        out.push(`  timescale ${t.id}: ${vals}${t.overridden ? ' (local override)' : t.national ? '' : ' (typical local value: findings at most possible until set)'} — ${def.kind}, ${t.source}${t.confidence ? ` [confidence ${t.confidence}]` : ''}`);
      }
      const params = Object.entries(r.parameters ?? {});
      if (params.length) out.push(`  parameters: ${params.map(([k, val]) => `${k} = ${JSON.stringify(val)}`).join('; ')}`);
      out.push(`  citation: ${r.citation}`);
      for (const ed of r.editions.filter((x) => x.from || x.to)) out.push(`    edition: ${ed.citation} (${ed.from ?? '…'} to ${ed.to ?? 'now'})`);
      out.push(`  not encoded: ${r.notEncoded}`);
      out.push('');
    }
    io.stdout(out.join('\n'));
    return EXIT.ok;
  },
});

type RuleRow = {
  id: string;
  title: string;
  severity: string;
  enforceable: boolean;
  firesWhen: string;
  notEncoded: string;
  citation: string;
  editions: { citation: string; from?: string; to?: string }[];
  parameters: Record<string, unknown>;
  timescales: { id: TimescaleId; values: readonly { from?: string; value: number }[]; national: boolean; source: string; confidence: string | null }[];
};

/** docs/rules.md: generated from the rules' own metadata, in one fixed shape. */
function rulesMarkdown(rows: readonly RuleRow[]): string {
  const out = [
    '# Rules',
    '',
    'Generated by `casepath rules --markdown` from each rule\'s own metadata (src/rules/<id>.ts); do not edit by hand.',
    'Tests keep this file in step with the code. Severity: breach = a statutory duty or timescale; fault = practice the',
    'Ombudsman has found to be fault; advisory. Confidence of a timescale\'s source: V seen in the text or two sources;',
    'P value seen, provision not; U unconfirmed (set it locally).',
    '',
  ];
  for (const r of rows) {
    out.push(`## \`${r.id}\` — ${r.title}`, '');
    out.push(`- **Severity:** ${r.severity}${r.enforceable ? ' (enforceable: a live system may refuse the step)' : ''}`);
    out.push(`- **Fires when:** ${r.firesWhen}`);
    for (const t of r.timescales) {
      const def = timescale(t.id);
      out.push(
        `- **Timescale \`${t.id}\`:** ${t.values.map((x) => `${describeValue(def, x.value)}${x.from ? ` from ${x.from}` : ''}`).join(', ')} — ${def.requires}, from ${def.startsFrom} (${def.kind}${t.national ? '' : ', a typical local value: findings at most possible until the authority sets its own'}; ${t.source}${t.confidence ? `; confidence ${t.confidence}` : ''})`,
      );
    }
    const params = Object.entries(r.parameters ?? {});
    if (params.length) out.push(`- **Parameters:** ${params.map(([k, v]) => `\`${k}\` = \`${JSON.stringify(v)}\``).join('; ')}`);
    out.push(`- **Source:** ${r.citation}`);
    const dated = r.editions.filter((x) => x.from || x.to);
    if (dated.length) out.push(`- **Editions:** ${dated.map((x) => `${x.citation} (${x.from ?? '…'} to ${x.to ?? 'now'})`).join('; ')}`);
    out.push(`- **Not encoded:** ${r.notEncoded}`);
    out.push(`- **Code and tests:** [src/rules/${r.id}.ts](../src/rules/${r.id}.ts), [tests/rules/${r.id}.test.ts](../tests/rules/${r.id}.test.ts)`);
    out.push('');
  }
  return out.join('\n');
}

