import { parseArgs } from 'node:util';
import { allRuleMetas, ruleDocUrl } from '../core/catalog';
import type { RuleMeta } from '../core/rules/rule';
import { EXIT, UsageError, type CliIo } from './io';
import { explainDecision } from './explain-decision';

export const EXPLAIN_HELP = `Usage:
  railguard explain RULE_ID          what a rule finds, why it matters, the safer way
  railguard explain --list           every rule id with its category and title
  railguard explain [check options] -- TEXT
                                     what was parsed, which rules and policy rules fired, and why
                                     (same options as 'railguard check')
`;

/** Renders a rule's metadata as text (also used by hovers and generated docs). */
export function renderRule(m: RuleMeta): string {
  const lines = [
    `${m.id}: ${m.title}`,
    `category: ${m.category}   default severity: ${m.severity}${m.fixable ? '   quick fix: yes' : ''}`,
    ...(m.sources?.length ? [`same as: ${m.sources.join(', ')}`] : []),
    ...(m.controls.length ? [`controls: ${m.controls.join(', ')}`] : []),
    '',
    m.docs.description,
    '',
    'Problem',
    m.docs.problem,
    '',
    'Solution',
    m.docs.solution,
    '',
    `Docs: ${ruleDocUrl(m.id)}`,
  ];
  return lines.join('\n') + '\n';
}

/** `railguard explain`. */
export async function runExplain(args: string[], io: CliIo): Promise<number> {
  const dash = args.indexOf('--');
  if (dash >= 0) return explainDecision(args, io);
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(EXPLAIN_HELP);
    return EXIT.ok;
  }
  const metas = allRuleMetas();
  if (values.list) {
    const w = Math.max(...metas.map((m) => m.id.length));
    io.stdout(metas.map((m) => `${m.id.padEnd(w)}  ${m.category.padEnd(13)}  ${m.title}`).join('\n') + '\n');
    return EXIT.ok;
  }
  const [id] = positionals;
  if (!id || positionals.length > 1) throw new UsageError('expected one RULE_ID, --list, or -- TEXT');
  const meta = metas.find((m) => m.id === id);
  if (!meta) {
    const near = metas.filter((m) => m.id.includes(id) || id.includes(m.id)).map((m) => m.id);
    throw new UsageError(`unknown rule "${id}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
  }
  io.stdout(renderRule(meta));
  return EXIT.ok;
}
