import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Parsers } from '../../../server/src/core/parsers';
import type { PolicySet } from '../../../server/src/core/policy/model';
import { builtinPolicies, parsers } from '../../helpers/parsers';
import { workspaceJudge } from '../../helpers/workspace-judge';

const WIPE = '#!/bin/sh\nrm -rf /srv/data\n';

/**
 * Commands whose work the project's own files define: git hooks, composer scripts, deno tasks and
 * Taskfile tasks. The decision must be the one the commands they run would get when typed (every
 * `deny` here was allowed, or asked, before these files were read).
 */
describe('git hooks and project task runners are judged by what they run', () => {
  let p: Parsers;
  let set: PolicySet;
  before(async () => {
    p = await parsers();
    set = builtinPolicies();
    decide = workspaceJudge(p, set);
  });

  /** The decision on `text` run in the workspace holding `files` (paths relative to it). */
  let decide: ReturnType<typeof workspaceJudge>;

  const denies = (text: string, files: Record<string, string>) => {
    const d = decide(text, files);
    assert.equal(d.effect, 'deny', `${d.rules.join()} | ${d.wrappers.join(' ; ')}`);
  };
  const allows = (text: string, files: Record<string, string>) => {
    const d = decide(text, files);
    assert.equal(d.effect, 'allow', d.rules.join());
  };

  describe('git hooks', () => {
    const repo = (hooks: Record<string, string>) => ({
      '.git/HEAD': 'ref: refs/heads/main\n',
      ...Object.fromEntries(Object.entries(hooks).map(([k, v]) => [`.git/hooks/${k}`, v])),
    });

    for (const [text, hook] of [
      ['git commit -m x', 'pre-commit'],
      ['git commit -am x', 'pre-commit'],
      ['git commit -m x', 'commit-msg'],
      ['git commit --no-verify -m x', 'prepare-commit-msg'],
      ['git commit -n -m x', 'post-commit'],
      ['git commit --amend --no-edit', 'post-rewrite'],
      ['git push', 'pre-push'],
      ['git push origin main', 'pre-push'],
      ['git merge feature', 'pre-merge-commit'],
      ['git merge feature', 'post-merge'],
      ['git pull', 'post-merge'],
      ['git checkout main', 'post-checkout'],
      ['git switch -c topic', 'post-checkout'],
      ['git rebase main', 'pre-rebase'],
      ['git am 0001.patch', 'applypatch-msg'],
      ['git am 0001.patch', 'pre-applypatch'],
      ['git am 0001.patch', 'post-applypatch'],
      ['git gc --auto', 'pre-auto-gc'],
      ['git --no-pager -c user.name=x commit -m x', 'pre-commit'],
      ['sudo git commit -m x', 'pre-commit'],
    ] as const) {
      it(`${text} runs ${hook}`, () => denies(text, repo({ [hook]: WIPE })));
    }

    it('finds .git from the folder git runs in upwards (git -C DIR)', () => {
      denies('git -C src commit -m x', repo({ 'pre-commit': WIPE }));
      denies('git -C sub commit -m x', {
        'sub/.git/HEAD': 'ref: refs/heads/main\n',
        'sub/.git/hooks/pre-commit': WIPE,
      });
    });

    it('a hook is dispatched on its #! line: a Python hook is judged as Python', () => {
      const py = '#!/usr/bin/env python3\nimport shutil\nshutil.rmtree("/srv/data")\n';
      denies('git commit -m x', repo({ 'pre-commit': py }));
    });

    it('reads the hooks of a worktree from the common git folder (.git is a file)', () => {
      denies('git commit -m x', {
        '.git': 'gitdir: /work/repo/.git/worktrees/app\n',
        '../repo/.git/worktrees/app/commondir': '../..\n',
        '../repo/.git/hooks/pre-commit': WIPE,
      });
    });

    it('git -c core.hooksPath=DIR runs the hooks of DIR', () => {
      denies('git -c core.hooksPath=.githooks commit -m x', { '.githooks/pre-commit': WIPE });
    });

    it('git config core.hooksPath DIR earlier on the line: a later commit runs the hooks of DIR', () => {
      denies('git config core.hooksPath .githooks && git commit -m x', {
        '.git/HEAD': 'ref: refs/heads/main\n',
        '.githooks/pre-commit': WIPE,
      });
      denies('git config --global core.hooksPath /work/hooks; git commit -m x', {
        '.git/HEAD': 'ref: refs/heads/main\n',
        '../hooks/pre-commit': WIPE,
      });
    });

    it('husky: the hooks in .husky/ of a project that uses husky', () => {
      denies('git commit -m x', {
        '.git/HEAD': 'ref: refs/heads/main\n',
        'package.json': JSON.stringify({ devDependencies: { husky: '^9.0.0' } }),
        '.husky/pre-commit': 'rm -rf /srv/data\n',
      });
    });

    it('a hook the same command writes is read (the agent plants it and commits)', () => {
      denies(
        "printf '#!/bin/sh\\nrm -rf /srv/data\\n' > .git/hooks/pre-commit; chmod +x .git/hooks/pre-commit; git commit -m x",
        {},
      );
      denies("echo 'rm -rf /srv/data' > .git/hooks/pre-push && git push origin main", repo({}));
    });

    it('bypassed hooks, other commands, harmless hooks and missing files are left as before', () => {
      const all = repo({ 'pre-commit': WIPE, 'commit-msg': WIPE, 'pre-push': WIPE, 'pre-rebase': WIPE });
      allows('git commit --no-verify -m x', all);
      allows('git commit -n -m x', all);
      allows('git commit -anm x', all);
      allows('git push --no-verify', all);
      allows('git rebase --no-verify main', all);
      allows('git log --oneline', all);
      allows('git diff', all);
      allows('git commit -m x', repo({ 'pre-commit': '#!/bin/sh\nnpm test\n' }));
      allows('git commit -m x', repo({ 'pre-commit.sample': WIPE }));
      allows('git commit -m x', {});
      allows("ssh ci-runner 'git commit -m x'", all);
      allows('git commit -m x', {
        '.git/HEAD': 'ref: refs/heads/main\n',
        'package.json': JSON.stringify({ devDependencies: {} }),
        '.husky/pre-commit': 'rm -rf /srv/data\n',
      });
    });
  });

  describe('composer scripts', () => {
    const composer = (scripts: Record<string, unknown>) => ({
      'composer.json': JSON.stringify({ name: 'acme/app', scripts }),
    });
    const files = composer({
      reset: 'rm -rf /srv/data',
      'db:fresh': ['@php artisan migrate:fresh --force'],
      'post-install-cmd': ['@reset'],
      'post-update-cmd': 'Acme\\Hooks::postUpdate',
      'post-autoload-dump': ['@composer run-script reset'],
      env: ['@putenv DIR=/srv/data', 'rm -rf $DIR'],
      rm: 'rm -rf',
      test: 'phpunit',
      callback: 'Acme\\Hooks::run',
      show: 'rm -rf /srv/data',
      loop: ['@loop', '@reset'],
    });

    for (const text of [
      'composer run-script reset',
      'composer run reset',
      'composer reset',
      'composer db:fresh',
      'composer install',
      'composer dump-autoload',
      'composer dump',
      'composer update',
      'composer -d . reset',
      'composer --working-dir=. run-script reset',
      'composer env',
      'composer run-script rm -- /srv/data',
      'composer loop',
    ]) {
      it(text, () => denies(text, files));
    }

    it('a composer.json written by the same command is read', () => {
      denies(`echo '{"scripts":{"go":"rm -rf /srv/data"}}' > composer.json && composer go`, {});
    });

    it('PHP callbacks, composer commands, --no-scripts and bad files are left as before', () => {
      allows('composer test', files);
      allows('composer callback', files);
      allows('composer run-script post-update-cmd', files);
      allows('composer update --no-scripts', files);
      allows('composer show', files);
      allows('composer install --no-scripts', files);
      allows('composer require acme/lib --no-scripts', files);
      allows('composer reset', { 'composer.json': '{ not json' });
      allows('composer reset', {});
    });
  });

  describe('deno tasks', () => {
    const files = {
      'deno.json': JSON.stringify({
        tasks: {
          reset: 'rm -rf /srv/data',
          dev: { command: 'deno run main.ts', dependencies: ['reset'] },
          wipe: { command: 'rm -rf /srv/data', description: 'wipe' },
          rm: 'rm -rf',
          test: 'deno test',
        },
      }),
    };

    for (const text of ['deno task reset', 'deno task dev', 'deno task wipe', 'deno task rm /srv/data']) {
      it(text, () => denies(text, files));
    }

    it('reads deno.jsonc with comments and trailing commas', () => {
      const jsonc = '{\n  // tasks\n  "tasks": {\n    "reset": "rm -rf /srv/data", /* x */\n  },\n}\n';
      denies('deno task reset', { 'deno.jsonc': jsonc });
    });

    it('--config names the file; package.json scripts are tasks too', () => {
      denies('deno task -c other/deno.json reset', { 'other/deno.json': files['deno.json'] });
      denies('deno task --config=other/deno.json reset', { 'other/deno.json': files['deno.json'] });
      const pkg = { 'package.json': JSON.stringify({ scripts: { clean: 'rm -rf /srv/data' } }) };
      denies('deno task clean', pkg);
    });

    it('a deno.json written by the same command is read', () => {
      denies(`echo '{"tasks":{"go":"rm -rf /srv/data"}}' > deno.json && deno task go`, {});
    });

    it('dependencies are followed once each, cycles included; --eval text is judged', () => {
      const cycle = {
        'deno.json': JSON.stringify({
          tasks: { a: { dependencies: ['b'] }, b: { command: 'rm -rf /srv/data', dependencies: ['a'] } },
        }),
      };
      denies('deno task a', cycle);
      denies("deno task --eval 'rm -rf /srv/data'", {});
    });

    it('harmless tasks, other deno commands and bad files are left as before', () => {
      allows('deno task test', files);
      allows('deno run main.ts', files);
      allows('deno task reset', { 'deno.json': '{ "tasks": ' });
      allows('deno task reset', {});
      allows('deno task --recursive reset', files);
      allows('deno task reset', { 'deno.json': JSON.stringify({ tasks: ['rm -rf /srv/data'] }) });
    });
  });

  describe('Taskfile tasks', () => {
    const taskfile = [
      "version: '3'",
      'vars:',
      '  DATA: /srv/data',
      '  BUILD: build',
      'tasks:',
      '  default:',
      '    cmds:',
      '      - echo hi',
      '  wipe:',
      '    cmds:',
      '      - rm -rf {{.DATA}}',
      '  clean:',
      '    cmds:',
      '      - rm -rf {{ .BUILD }}',
      '  reset:',
      '    deps: [wipe]',
      '    cmds:',
      '      - echo done',
      '  chain:',
      '    cmds:',
      '      - task: wipe',
      '  obj:',
      '    cmds:',
      '      - cmd: psql -h prod-db -c "DROP TABLE users"',
      '  short: rm -rf /srv/data',
      '  list: [echo a, rm -rf /srv/data]',
      '  param:',
      '    vars:',
      '      TARGET: tmp',
      '    cmds:',
      '      - rm -rf {{.TARGET}}',
      '  cli:',
      '    cmds:',
      '      - rm -rf {{.CLI_ARGS}}',
      '  call:',
      '    cmds:',
      '      - task: param',
      '        vars: { TARGET: /srv/data }',
      '  loop:',
      '    cmds:',
      '      - task: loop',
      '      - rm -rf /srv/data',
      '',
    ].join('\n');
    const files = { 'Taskfile.yml': taskfile };

    for (const text of [
      'task wipe',
      'task reset',
      'task chain',
      'task obj',
      'task short',
      'task list',
      'task clean BUILD=/srv/data',
      'task param TARGET=/srv/data',
      'task call',
      'task cli -- /srv/data',
      'task -d . wipe',
      'task --taskfile Taskfile.yml wipe',
      'go-task wipe',
      'task loop',
    ]) {
      it(text, () => denies(text, files));
    }

    it('the other file names, and a Taskfile of a parent folder', () => {
      denies('task wipe', { 'taskfile.yaml': taskfile });
      denies('task -d src wipe', files);
    });

    it('a variable computed by a shell command runs that command', () => {
      const yml = "version: '3'\nvars:\n  NOW:\n    sh: rm -rf /srv/data\ntasks:\n  default: echo hi\n";
      denies('task', { 'Taskfile.yml': yml });
    });

    it('a Taskfile written by the same command is read', () => {
      denies(
        `printf 'version: "3"\\ntasks:\\n  go:\\n    cmds:\\n      - rm -rf /srv/data\\n' > Taskfile.yml && task go`,
        {},
      );
    });

    it('template expansion is bounded, and odd shapes neither crash nor run anything', () => {
      const vars = Array.from(
        { length: 24 },
        (_, i) => `  V${i}: '{{.V${i + 1}}}{{.V${i + 1}}}{{.V${i + 1}}}'`,
      );
      const yml = ["version: '3'", 'vars:', ...vars, '  V24: x', 'tasks:', '  big: echo {{.V0}}', ''].join(
        '\n',
      );
      const started = Date.now();
      const d = decide('task big', { 'Taskfile.yml': yml });
      assert.ok(Date.now() - started < 2000);
      assert.notEqual(d.effect, 'deny');
      const odd =
        "version: '3'\ntasks:\n  a:\n    cmds: 3\n    deps: { x: 1 }\n  b: [ { task: 7 }, { cmd: [1] } ]\n";
      allows('task a b', { 'Taskfile.yml': odd });
      allows('task wipe', { 'Taskfile.yml': "version: '3'\ntasks: [rm -rf /srv/data]\n" });
    });

    it('the default task, build output, dry runs, listings and bad files are left as before', () => {
      allows('task', files);
      allows('task clean', files);
      allows('task param', files);
      allows('task --dry wipe', files);
      allows('task -n wipe', files);
      allows('task --list', files);
      allows('task wipe', { 'Taskfile.yml': 'tasks: [\n' });
      allows('task wipe', {});
    });
  });
});
