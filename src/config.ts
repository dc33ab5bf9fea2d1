/**
 * A local authority's overrides: timescale values and rule parameters, from a small
 * YAML or JSON file (`--rules-config`), validated by zod. Unknown timescales, rules or
 * parameters are errors, never silently ignored.
 *
 *   timescales:
 *     minutes-to-parent: 10                         # from now on, for every date
 *     reports-before-icpc: [{ from: 2024-04-01, value: 2 }]
 *   rules:
 *     plo-overdue: { startsAt: letter }
 *     advocate-not-offered: { enabled: false }
 *   calendar:
 *     counting: validator      # the DfE CIN validator's working-day count (default casepath)
 */
import { z } from 'zod';
import { INPUT_YEARS, isInputDay, parseDay } from './calendar/day.js';
import { ENGLAND_HISTORIC_CORRECTIONS, type WorkingCalendar, type WorkingDayCounting, createCalendar } from './calendar/working-days.js';
import type { ReplayOptions } from './engine/replay.js';
import type { AnyRule } from './engine/types.js';
import { parseText } from './input/parse.js';
import { named, safePath } from './input/quote.js';
import { issueMessage, nearest } from './input/messages.js';
import { type ReadOptions, readTextFile } from './input/read.js';
import type { Issue } from './issues.js';
import { NATIONAL_KINDS, TIMESCALES, type DatedValue, type TimescaleId, type TimescaleUnit, describeValue, isTimescaleId } from './law/timescales.js';
import { RULES } from './rules/index.js';

const datedValue = z.strictObject({
  from: z
    .union([z.string(), z.date()])
    .transform((v) => (v instanceof Date ? (Number.isFinite(v.getTime()) ? v.toISOString().slice(0, 10) : '') : v))
    .refine((v) => parseDay(v) !== undefined, 'from must be a date YYYY-MM-DD')
    .refine((v) => parseDay(v) === undefined || isInputDay(parseDay(v)!), `from must be a date in the years ${INPUT_YEARS.first}–${INPUT_YEARS.last}`)
    .optional(),
  value: z.number().nonnegative(),
});

/**
 * The longest value of a timescale in each unit: 100 years, as for offsets in a
 * chronology, so every deadline from an input date stays inside the working-day
 * calendar. Values are whole units (the calendar counts whole days).
 */
const MAX_TIMESCALE: Record<TimescaleUnit, number> = { 'working-days': 25_000, 'calendar-days': 36_525, weeks: 5_200, months: 1_200 };

export const rulesConfigSchema = z.strictObject({
  timescales: z.record(z.string(), z.union([z.number().nonnegative(), z.array(datedValue).min(1)])).default({}),
  rules: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  /** How working days are counted (src/calendar/working-days.ts `counting`). */
  calendar: z.strictObject({ counting: z.enum(['casepath', 'validator']).default('casepath') }).optional(),
});

export interface ResolvedConfig {
  rules: AnyRule[];
  params: Map<string, unknown>;
  timescales: Map<TimescaleId, DatedValue[]>;
  /** A calendar other than the default England one (e.g. `calendar: { counting: validator }`). */
  calendar?: WorkingCalendar;
}

/** The replay engine's options for a config: its rules, parameters, timescale overrides and calendar, plus `extra`. */
export function replayOptionsOf(config: ResolvedConfig, extra: Omit<ReplayOptions, 'rules' | 'params' | 'timescales'> = {}): ReplayOptions {
  return { rules: config.rules, params: config.params, timescales: config.timescales, ...(config.calendar ? { calendar: config.calendar } : {}), ...extra };
}

const calendars = new Map<WorkingDayCounting, WorkingCalendar>();
/** England's calendar (with its historic corrections) counting the given way; one per process. */
function calendarCounting(counting: WorkingDayCounting): WorkingCalendar {
  let c = calendars.get(counting);
  if (!c) calendars.set(counting, (c = createCalendar({ ...ENGLAND_HISTORIC_CORRECTIONS, counting })));
  return c;
}

let defaults: ResolvedConfig | undefined;

/** Defaults: every rule, its default parameters, the national timescales (built once; treat as read-only). */
export function defaultConfig(): ResolvedConfig {
  defaults ??= resolveConfig({ timescales: {}, rules: {} }, '(defaults)').config!;
  return defaults;
}

/**
 * `config` with every local timescale (a local procedure, best practice, the Ombudsman's
 * guidance) stated at its typical value, as an authority that has adopted those values
 * would state them: a limit is then judged, not doubted. Timescales `config` already sets
 * keep its values. For tests and what-if runs; a real authority states its own.
 */
export function withLocalValuesStated(config: ResolvedConfig = defaultConfig()): ResolvedConfig {
  const timescales = new Map(config.timescales);
  for (const t of TIMESCALES) if (!NATIONAL_KINDS.has(t.kind) && !timescales.has(t.id)) timescales.set(t.id, [...t.values]);
  return { ...config, timescales };
}

export function resolveConfig(raw: unknown, file: string): { config?: ResolvedConfig; issues: Issue[] } {
  const issues: Issue[] = [];
  // Unknown top-level keys are reported beside everything else, not instead of it.
  const top = Object.keys(rulesConfigSchema.shape);
  let input = raw ?? {};
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    const unknown = Object.keys(input).filter((k) => !top.includes(k));
    for (const k of unknown) {
      const near = nearest(k, top);
      issues.push({ code: 'invalid-config', file, path: safePath([k]), message: `${named('unknown field', k)}${near ? `; did you mean "${near}"?` : ` (a rules config has ${top.join(', ')})`}` });
    }
    if (unknown.length) input = Object.fromEntries(Object.entries(input).filter(([k]) => top.includes(k)));
  }
  const parsed = rulesConfigSchema.safeParse(input);
  if (!parsed.success) {
    return { issues: [...issues, ...parsed.error.issues.map((i) => ({ code: 'invalid-config' as const, file, path: safePath(i.path), message: issueMessage(i, input, i.path.length === 0 ? top : undefined) }))] };
  }
  const known = new Set<string>(TIMESCALES.map((t) => t.id));
  const timescales = new Map<TimescaleId, DatedValue[]>();
  for (const [id, v] of Object.entries(parsed.data.timescales)) {
    if (!isTimescaleId(id)) {
      const near = nearest(id, known);
      issues.push({ code: 'invalid-config', file, path: safePath(['timescales', id]), message: near ? `${named('unknown timescale', id)}; did you mean "${near}"?` : `${named('unknown timescale', id)} (known: ${[...known].join(', ')})` });
      continue;
    }
    const values = typeof v === 'number' ? [{ value: v }] : v.map((x) => ({ ...(x.from ? { from: x.from } : {}), value: x.value }));
    const def = TIMESCALES.find((t) => t.id === id)!;
    const bad = values.findIndex((x) => !Number.isInteger(x.value) || x.value > MAX_TIMESCALE[def.unit]);
    if (bad >= 0) {
      issues.push({
        code: 'invalid-config',
        file,
        path: typeof v === 'number' ? `timescales.${id}` : `timescales.${id}.${bad}.value`,
        message: `a timescale is a whole number of ${describeValue(def, 2).replace(/^2 /, '')} up to ${describeValue(def, MAX_TIMESCALE[def.unit])} (about 100 years)`,
      });
      continue;
    }
    timescales.set(id, values);
  }
  const rules: AnyRule[] = [];
  const params = new Map<string, unknown>();
  const ids = new Set(RULES.map((r) => r.id));
  for (const id of Object.keys(parsed.data.rules)) {
    if (!ids.has(id)) issues.push({ code: 'invalid-config', file, path: safePath(['rules', id]), message: `${named('unknown rule', id)}${((n) => (n ? `; did you mean "${n}"?` : ''))(nearest(id, ids))}` });
  }
  for (const rule of RULES) {
    const { enabled, ...rest } = (parsed.data.rules[rule.id] ?? {}) as { enabled?: unknown } & Record<string, unknown>;
    if (enabled !== undefined && typeof enabled !== 'boolean') {
      issues.push({ code: 'invalid-config', file, path: `rules.${rule.id}.enabled`, message: 'enabled must be true or false' });
      continue;
    }
    const p = rule.params.safeParse(rest);
    if (!p.success) {
      const keys = Object.keys((rule.params as unknown as { shape?: object }).shape ?? {});
      for (const i of p.error.issues) issues.push({ code: 'invalid-config', file, path: safePath(['rules', rule.id, ...i.path]), message: issueMessage(i, rest, i.path.length === 0 ? [...keys, 'enabled'] : undefined) });
      continue;
    }
    params.set(rule.id, p.data);
    if (enabled !== false) rules.push(rule);
  }
  const counting = parsed.data.calendar?.counting ?? 'casepath';
  // The default counting keeps the engine's own default calendar (no `calendar` key).
  const calendar = counting === 'casepath' ? undefined : calendarCounting(counting);
  return issues.length ? { issues } : { config: { rules, params, timescales, ...(calendar ? { calendar } : {}) }, issues };
}

/** Read a rules config (`.json`, else YAML) with the same rules as chronologies: size, file type, encoding, syntax, depth. */
export function loadConfigFile(path: string, options: ReadOptions = {}): { config?: ResolvedConfig; issues: Issue[] } {
  const read = readTextFile(path, options);
  if (!read.ok) return { issues: read.issues.map((i) => (i.code === 'file-not-found' ? { ...i, message: `cannot read the rules config file: ${i.message}` } : i)) };
  const parsed = parseText(read.text, path.toLowerCase().endsWith('.json') ? 'json' : 'yaml', path);
  if (!parsed.ok) return { issues: parsed.issues };
  return resolveConfig(parsed.data, path);
}
