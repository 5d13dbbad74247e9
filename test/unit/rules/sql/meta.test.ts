import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runSqlRules } from '../../../../server/src/core/rules/run';
import { SQL_RULES } from '../../../../server/src/core/rules/sql';
import { analyzeSql } from '../../../../server/src/core/sql/analyze';
import { parsers } from '../../../helpers/parsers';

const RULES_DIR = path.resolve(__dirname, '../../../../server/src/core/rules/sql');
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

void describe('SQL rule registry (ESLint checkRuleFiles style)', () => {
  void it('ids are unique', () => {
    const ids = SQL_RULES.map((r) => r.meta.id);
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
    );
  });

  for (const rule of SQL_RULES) {
    const { id } = rule.meta;
    void describe(id, () => {
      void it('has a kebab-case id equal to the file that exports it', async () => {
        assert.match(id, KEBAB);
        const file = path.join(RULES_DIR, `${id}.ts`);
        assert.ok(existsSync(file), `missing ${file}`);
        const mod = (await import(file)) as Record<string, unknown>;
        assert.ok(Object.values(mod).includes(rule), `${id}.ts does not export the registered rule`);
      });

      void it('has docs, controls, examples and a test file', () => {
        const { docs, examples, messages } = rule.meta;
        for (const [k, v] of Object.entries(docs)) assert.ok(v.trim().length > 20, `docs.${k} is too short`);
        assert.ok(rule.meta.title.trim().length > 0);
        assert.ok(rule.meta.controls.length > 0, 'no compliance controls');
        assert.ok(
          examples.valid.length > 0 && examples.invalid.length > 0,
          'needs valid and invalid examples',
        );
        assert.ok(Object.keys(messages).length > 0);
        assert.ok(
          existsSync(path.resolve(__dirname, `${id}.test.ts`)),
          `missing test/unit/rules/sql/${id}.test.ts`,
        );
      });

      void it('fills every message placeholder on its invalid examples', async () => {
        const p = await parsers();
        const dialect = rule.dialects?.[0] ?? 'postgresql';
        const messages: string[] = [];
        for (const code of rule.meta.examples.invalid) {
          const findings = runSqlRules([rule], analyzeSql(p, code, { dialect }));
          assert.ok(findings.length > 0, `example reports nothing: ${code}`);
          messages.push(...findings.map((f) => f.message));
        }
        for (const m of messages) assert.doesNotMatch(m, /\{\{|\}\}|undefined|\[object Object\]/, m);
      });
    });
  }
});
