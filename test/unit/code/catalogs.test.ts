import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JS_CALLS } from '../../../server/src/core/code/javascript-catalog';
import { PYTHON_CALLS } from '../../../server/src/core/code/python-catalog';
import { SCAN_CALLS } from '../../../server/src/core/code/scan';
import { INTERPRETERS, interpreterOf } from '../../../server/src/core/shell/interpreters';

describe('interpreter code catalogues', () => {
  const tables: [string, ReadonlyMap<string, { sources: string[] }>][] = [
    ['python', PYTHON_CALLS],
    ['javascript', JS_CALLS],
    ...Object.entries(SCAN_CALLS),
  ];
  for (const [language, table] of tables) {
    it(`every ${language} entry says where its knowledge comes from`, () => {
      assert.ok(table.size > 0);
      for (const [call, entry] of table) {
        assert.ok(entry.sources.length > 0, `${language} ${call} has sources`);
        for (const s of entry.sources) assert.match(s, /^https:\/\//, `${language} ${call}: ${s}`);
      }
    });
  }

  it('maps versioned interpreter names to their language', () => {
    assert.equal(interpreterOf('python3.12')?.language, 'python');
    assert.equal(interpreterOf('pypy3')?.language, 'python');
    assert.equal(interpreterOf('nodejs')?.language, 'javascript');
    assert.equal(interpreterOf('perl5.36')?.language, 'perl');
    assert.equal(interpreterOf('php8.2')?.language, 'php');
    assert.equal(interpreterOf('lua5.4')?.language, 'lua');
    assert.equal(interpreterOf('pythonista'), undefined);
    assert.equal(interpreterOf('ls'), undefined);
    for (const [name, spec] of Object.entries(INTERPRETERS))
      for (const o of spec.code)
        assert.ok(
          o.length === 1 ? spec.options.short?.includes(o) : spec.options.long?.includes(o),
          `${name} -${o} takes a value`,
        );
  });
});
