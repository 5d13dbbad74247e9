import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyEffect, compileClasses, type PathRoots } from '../../../server/src/core/resources/classify';
import { compilePathGlob, destroysGlob, pathGlobMatch } from '../../../server/src/core/resources/path-glob';
import { normalizePath, resolvePath } from '../../../server/src/core/resources/paths';
import { CONTROL_PATHS, PERSISTENCE_PATHS } from '../../../server/src/core/resources/protected-paths';
import type { EffectVerb } from '../../../server/src/core/types';
import { builtinSet } from '../policy/fixtures';

describe('path globs', () => {
  const cases: [string, string, boolean][] = [
    ['**/.git/**', '/a/b/.git', true],
    ['**/.git/**', '${workspace}/.git/hooks/pre-commit', true],
    ['**/.git/**', '${workspace}/.github/x', false],
    ['/var/lib/mysql/**', '/var/lib/mysql', true],
    ['/var/lib/mysql/**', '/var/lib/mysql/*', true],
    ['/var/lib/mysql/**', '/var/lib/mysqlx', false],
    ['dist', '${workspace}/packages/a/dist/x.js', true],
    ['dist', '${workspace}/distance', false],
    ['*.rdb', '/data/dump.rdb', true],
    ['~/*', '~/Documents', true],
    ['~/*', '~/Documents/x', false],
    ['~', '~', true],
    ['~', '${workspace}/~', false],
    ['/', '/', true],
    ['/', '/etc', false],
    ['/etc/cron*/**', '/etc/cron.d/job', true],
    ['**/.github/hooks/*.json', '${workspace}/.github/hooks/railguard-vscode.json', true],
    ['**/.github/hooks/*.json', '${workspace}/.github/workflows/ci.json', false],
    [
      '~/.vscode*/extensions/*railguard*/**',
      '~/.vscode-server/extensions/acme.railguard-1.0.0/dist/x.js',
      true,
    ],
  ];
  for (const [pattern, path, expected] of cases)
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(pathGlobMatch(compilePathGlob(pattern), path), expected);
    });

  it('a recursive delete of a folder destroys what lies below it', () => {
    assert.equal(destroysGlob(compilePathGlob('/var/lib/mysql/**'), '/var/lib'), true);
    assert.equal(destroysGlob(compilePathGlob('/var/lib/mysql/**'), '/'), true);
    assert.equal(destroysGlob(compilePathGlob('/var/lib/mysql/**'), '/var/lib/pgsql'), false);
    assert.equal(destroysGlob(compilePathGlob('**/.claude/settings.json'), '${workspace}/.claude'), true);
    assert.equal(destroysGlob(compilePathGlob('**/.claude/settings.json'), '${workspace}/src'), false);
    assert.equal(destroysGlob(compilePathGlob('**/.github/hooks/*.json'), '${workspace}/.github'), true);
  });
});

describe('paths', () => {
  it('normalizes and resolves', () => {
    assert.equal(normalizePath('/var//lib/./../lib/mysql/'), '/var/lib/mysql');
    assert.equal(normalizePath('$HOME/x'), '~/x');
    assert.equal(normalizePath('/../..'), '/');
    assert.equal(resolvePath('mysql', '/var/lib'), '/var/lib/mysql');
    assert.equal(resolvePath('../etc', '/var'), '/etc');
    assert.equal(resolvePath('src', undefined), '${workspace}/src');
    assert.equal(resolvePath('~/x', '/var'), '~/x');
  });
});

describe('classification with the default policy classes', () => {
  const set = builtinSet();
  const classesOf = (
    path: string | undefined,
    verb: EffectVerb = 'destroy',
    roots: PathRoots = {},
    dynamic = false,
  ) =>
    classifyEffect(
      { verb, resource: { kind: 'path', id: path, ...(dynamic ? { dynamic } : {}) } },
      compileClasses(
        set.entries.map((e) => e.policy.resources),
        roots,
      ),
    ).classes;

  it('classifies the issue 9 §4 examples', () => {
    assert.deepEqual(classesOf('/var/lib/postgresql/data'), ['service-data']);
    assert.deepEqual(classesOf('${workspace}/node_modules'), ['build-output', 'workspace-source']);
    assert.deepEqual(classesOf('${workspace}/src'), ['workspace-source']);
    assert.deepEqual(classesOf('${workspace}/.git'), ['persistence', 'vcs', 'workspace-source']);
    assert.deepEqual(classesOf('/tmp/build-123'), ['build-output']);
    assert.deepEqual(classesOf('/etc'), ['persistence', 'railguard-control', 'system']);
    assert.deepEqual(classesOf('/opt/app/cache.bin', 'overwrite'), ['unclassified']);
    assert.deepEqual(classesOf('~/.railguard/audit'), ['railguard-control']);
    assert.deepEqual(classesOf('~/.railguard'), ['home', 'railguard-control']);
    assert.deepEqual(classesOf('~/.bashrc', 'write'), ['home', 'persistence']);
    assert.deepEqual(classesOf('${workspace}/.claude/settings.json', 'overwrite'), [
      'railguard-control',
      'workspace-source',
    ]);
  });
  it('a folder holding classified paths takes their classes when deleted, not when written', () => {
    assert.ok(classesOf('/var/lib').includes('service-data'));
    assert.ok(!classesOf('/var/lib', 'overwrite').includes('service-data'));
    assert.ok(classesOf('~').includes('railguard-control'));
  });
  it('expands ~ and the workspace root when the caller knows them', () => {
    const roots = { home: '/home/dev', workspace: '/home/dev/app' };
    assert.deepEqual(classesOf('/home/dev/.railguard/run/token', 'read', roots), ['railguard-control']);
    assert.deepEqual(classesOf('~/.zshrc', 'write', roots), ['home', 'persistence']);
    assert.deepEqual(classesOf('/home/dev/app/src', 'destroy', roots), ['workspace-source']);
    assert.deepEqual(classesOf('/home/dev/other', 'destroy', roots), ['home']);
  });
  it('a path built at run time is dynamic; its static folder is still classified', () => {
    assert.deepEqual(classesOf(undefined), ['dynamic']);
    assert.deepEqual(classesOf('/var/lib/mysql', 'destroy', {}, true), ['dynamic', 'service-data']);
  });
  it("the default policy's classes list every built-in control and persistence glob", () => {
    const resources = set.entries.map((e) => e.policy.resources);
    const listed = (cls: string) => new Set(resources.flatMap((r) => r[cls]?.paths ?? []));
    for (const [cls, catalogue] of [
      ['railguard-control', CONTROL_PATHS],
      ['persistence', PERSISTENCE_PATHS],
    ] as const)
      for (const p of catalogue.flatMap((e) => e.paths)) assert.ok(listed(cls).has(p), `${cls} lacks ${p}`);
  });
});
