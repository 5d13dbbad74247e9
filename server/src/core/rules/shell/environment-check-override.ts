import { matchOverrides, TOOL_CATALOGUE } from '../../shell/tool-catalogue';
import { defineShellRule } from '../rule';
import { matchesOf } from './util/catalogue';

/**
 * Switching off a tool's own production safeguard, from the tool catalogue's `overrides`:
 * `DISABLE_DATABASE_ENVIRONMENT_CHECK=1` (Rails), `PRISMA_USER_CONSENT_FOR_DANGEROUS_AI_ACTION`
 * (Prisma), `FLYWAY_CLEAN_DISABLED=false` (Flyway), and an override flag together with a
 * destructive verb (`php artisan migrate:fresh --force`).
 */
export default defineShellRule({
  meta: {
    id: 'environment-check-override',
    title: "Turning off a tool's own production safeguard",
    category: 'privilege',
    severity: 'error',
    docs: {
      description:
        "Flags variables and flags that disable a framework's refusal to run destructive commands in production (Rails, Prisma, Flyway, Laravel).",
      problem:
        'Frameworks guard their destructive commands: Rails refuses `db:drop` against a production ' +
        'database, Laravel asks before `migrate:fresh` when `APP_ENV=production`, Prisma refuses ' +
        '`migrate reset` for AI agents, Flyway has `cleanDisabled`. An agent that sets ' +
        '`DISABLE_DATABASE_ENVIRONMENT_CHECK=1` or passes `--force` has decided to get past the one ' +
        'check that knew the database was production.',
      solution:
        'Leave the safeguards on. When a reset is really meant, a human runs it, or it runs from a ' +
        'reviewed pipeline against a database known not to be production.',
    },
    messages: {
      override: '`{{text}}` turns off {{what}} ({{tool}}).',
    },
    controls: ['NIST:CM-5', 'NIST:AC-3', 'SOC2:CC8.1'],
    sources: [
      'https://github.com/rails/rails/pull/22967',
      'https://laravel.com/docs/migrations#forcing-migrations-to-run-in-production',
      'https://www.prisma.io/docs/orm/reference/environment-variables-reference',
      'https://documentation.red-gate.com/fd/flyway-clean-disabled-setting-277578964.html',
    ],
    examples: {
      valid: [
        'php artisan migrate --force',
        'rails db:migrate',
        'DISABLE_DATABASE_ENVIRONMENT_CHECK=0 rails db:drop',
      ],
      invalid: [
        'DISABLE_DATABASE_ENVIRONMENT_CHECK=1 rails db:drop',
        'php artisan migrate:fresh --force',
        'PRISMA_USER_CONSENT_FOR_DANGEROUS_AI_ACTION=yes npx prisma migrate reset --force',
      ],
    },
  },
  check(cmd, analysis, report) {
    const destructive = matchesOf(cmd, analysis).m?.verb.category === 'data-loss';
    for (const o of matchOverrides(TOOL_CATALOGUE, cmd, destructive, analysis)) {
      report({
        messageId: 'override',
        data: { text: o.text, what: o.what, tool: o.entry.title },
        span: o.span,
        effects: [
          {
            verb: 'disable',
            resource: { kind: 'control', id: `${o.entry.id}:${o.text.split('=')[0] ?? ''}` },
            via: o.entry.id,
          },
        ],
      });
    }
  },
});
