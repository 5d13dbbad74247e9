import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { judge } from '../../../server/src/core/judge';
import type { Parsers } from '../../../server/src/core/parsers';
import type { PolicySet } from '../../../server/src/core/policy/model';
import { shebang } from '../../../server/src/core/shell/script-files';
import { actionFileReader } from '../../../server/src/runtime/read-action-file';
import { builtinPolicies, parsers } from '../../helpers/parsers';
import { WORKSPACE, workspaceJudge } from '../../helpers/workspace-judge';

const agent = { type: 'agent' as const, name: 'claude-code' };
const CWD = WORKSPACE;

/**
 * Scripts an agent writes or finds and then runs: the decision must be the one the script's
 * commands would get when typed (every case here was allowed before script files were read).
 */
describe('script files and package.json scripts are judged by what they run', () => {
  let p: Parsers;
  let set: PolicySet;
  before(async () => {
    p = await parsers();
    set = builtinPolicies();
    decide = workspaceJudge(p, set);
  });

  /** The decision on `text` run in the workspace holding `files` (paths relative to it). */
  let decide: ReturnType<typeof workspaceJudge>;

  const WIPE = { 'wipe.sh': '#!/bin/bash\nset -e\nrm -rf /srv/data\n' };

  describe('written and run in the same command', () => {
    for (const text of [
      "cat > /tmp/x.sh <<'EOF'\nrm -rf /srv/data\nEOF\nbash /tmp/x.sh",
      'echo "rm -rf /srv/data" > /tmp/y.sh && chmod +x /tmp/y.sh && /tmp/y.sh',
      "printf 'rm -rf /srv/data\\n' > job.sh; sh job.sh",
      'echo "rm -rf /srv/data" | tee run.sh >/dev/null; . ./run.sh',
      "echo '#!/bin/sh' > k.sh; echo 'rm -rf /srv/data' >> k.sh; ./k.sh",
      'cat > /tmp/z.py <<EOF\nimport shutil; shutil.rmtree("/srv/data")\nEOF\npython3 /tmp/z.py',
      'echo \'psql -h prod-db -c "DROP TABLE users"\' > d.sh; bash < d.sh',
    ]) {
      it(JSON.stringify(text), () => {
        const d = decide(text);
        assert.equal(d.effect, 'deny', d.rules.join());
      });
    }

    it('a file written with content known only at run time and then run is unknown: ask', () => {
      const d = decide('echo "$PAYLOAD" > /tmp/p.sh; bash /tmp/p.sh');
      assert.equal(d.effect, 'ask', d.rules.join());
      assert.ok(d.rules.includes('opaque-execution'));
    });

    it('a harmless script written and run stays allowed', () => {
      assert.equal(decide("echo 'ls -la' > l.sh; bash l.sh").effect, 'allow');
    });
  });

  describe('run from the workspace', () => {
    for (const text of [
      'bash wipe.sh',
      'sh -e wipe.sh',
      './wipe.sh',
      'sudo ./wipe.sh',
      'nohup ./wipe.sh &',
      'source wipe.sh',
      '. ./wipe.sh',
      'bash < wipe.sh',
      'bash -s < wipe.sh',
      'cat wipe.sh | bash',
      "sh -c './wipe.sh'",
    ]) {
      it(text, () => {
        const d = decide(text, WIPE);
        assert.equal(d.effect, 'deny', d.rules.join());
        assert.ok(d.rules.includes('file-destroy'), d.rules.join());
      });
    }

    it('binds the arguments to $1 and $@', () => {
      const d = decide('./rmdir.sh /srv/data', { 'rmdir.sh': '#!/bin/sh\nrm -rf "$1"\n' });
      assert.equal(d.effect, 'deny', d.rules.join());
      assert.equal(decide('./rmdir.sh build', { 'rmdir.sh': '#!/bin/sh\nrm -rf "$1"\n' }).effect, 'allow');
      assert.equal(decide('sh -s /srv/data < rmdir.sh', { 'rmdir.sh': 'rm -rf "$1"\n' }).effect, 'deny');
    });

    it('through package runners and bun run: npx tsx, uv run python, bun run FILE', () => {
      const files = {
        'wipe.ts': 'import { rmSync } from "fs";\nrmSync("/srv/data", { recursive: true });\n',
      };
      for (const text of ['npx tsx wipe.ts', 'bunx tsx wipe.ts', 'bun run wipe.ts', 'pnpm exec tsx wipe.ts'])
        assert.equal(decide(text, files).effect, 'deny', text);
      const py = { 'c.py': 'import shutil\nshutil.rmtree("/srv/data")\n' };
      for (const text of ['uv run python c.py', 'poetry run python c.py', 'pipenv run python3 c.py'])
        assert.equal(decide(text, py).effect, 'deny', text);
    });

    it('dispatches on the #! line: a Python script run by its path is judged as Python', () => {
      const files = {
        'bin/reset': '#!/usr/bin/env python3\nimport os\nos.system("dropdb -h prod-db app")\n',
      };
      const d = decide('bin/reset', files);
      assert.equal(d.effect, 'deny', d.rules.join());
      assert.ok(d.rules.includes('dropdb'), d.rules.join());
    });

    it('what a workspace file runs at run time stays unknown: ask in production (it may be agent-written)', () => {
      // The agent writes these with a file tool (allowed: writing is not running), then runs them.
      const hidden = 'eval "$(echo cm0gLXJmIC9zcnYvZGF0YQ== | base64 -d)"';
      const cases: [string, Record<string, string>][] = [
        ['./build.sh', { 'build.sh': `#!/bin/sh\n${hidden}\n` }],
        ['npm install', { 'package.json': JSON.stringify({ scripts: { postinstall: hidden } }) }],
        ['make', { Makefile: `all:\n\t${hidden.replace(/\$/g, '$$$$')}\n` }],
        [
          'python3 job.py',
          { 'job.py': 'import os, base64\nos.system(base64.b64decode("cm0gLXJmIC9zcnYvZGF0YQ=="))\n' },
        ],
      ];
      for (const [text, files] of cases) {
        const d = decide(text, files);
        assert.equal(d.effect, 'ask', `${text}: ${d.rules.join()}`);
        assert.ok(d.rules.includes('opaque-execution'), `${text}: ${d.rules.join()}`);
      }
      assert.equal(decide('./build.sh', { 'build.sh': '#!/bin/sh\ncc -o app main.c\n' }).effect, 'allow');
    });

    it("a workspace script's functions count where it calls them (a virtualenv's activate)", () => {
      const activate = {
        'venv/bin/activate': [
          'deactivate () {',
          '    if [ -n "${_OLD_VIRTUAL_PATH:-}" ] ; then',
          '        PATH="${_OLD_VIRTUAL_PATH:-}"',
          '        export PATH',
          '        unset _OLD_VIRTUAL_PATH',
          '    fi',
          '}',
          'wipe () { rm -rf /srv/data; }',
          'deactivate nondestructive',
          '_OLD_VIRTUAL_PATH="$PATH"',
          'PATH="$VIRTUAL_ENV/bin:$PATH"',
          'export PATH',
          '',
        ].join('\n'),
      };
      for (const text of ['source venv/bin/activate', '. venv/bin/activate && python3 -V']) {
        const d = decide(text, activate);
        assert.equal(d.effect, 'allow', `${text}: ${d.rules.join()}`);
      }
      assert.equal(decide('source venv/bin/activate && wipe', activate).effect, 'deny');
      // A fixed PATH in a sourced file still drops the shim folder (/etc/profile as root does it).
      assert.equal(decide('. ./env.sh', { 'env.sh': 'PATH=/usr/bin:/bin\nexport PATH\n' }).effect, 'deny');
    });

    it('a script that runs itself is analysed once, not forever', () => {
      const d = decide('./loop.sh', { 'loop.sh': '#!/bin/sh\n./loop.sh\nrm -rf /srv/data\n' });
      assert.equal(d.effect, 'deny', d.rules.join());
    });

    it('a script named only at run time is unknown: ask in production (it was allowed)', () => {
      for (const text of ['bash "$SCRIPT"', 'source "$DIR/incl.sh"', '. $(ruby genrc.rb)', 'sh -e $1']) {
        const d = decide(text);
        assert.equal(d.effect, 'ask', `${text}: ${d.rules.join()}`);
        assert.ok(d.rules.includes('opaque-execution'), text);
      }
    });

    it('a missing script, a compiled program and installed programs are judged as before', () => {
      assert.equal(decide('./missing.sh').effect, 'allow');
      assert.equal(
        decide('./app', { app: '\u007fELF\u0002\u0001\u0001\u0000\u0000rm -rf /srv/data' }).effect,
        'allow',
      );
      assert.equal(decide('/usr/bin/psql -c "select 1"').effect, 'allow');
    });
  });

  describe('package.json scripts', () => {
    const pkg = (scripts: Record<string, string>) => ({
      'package.json': JSON.stringify({ name: 'x', scripts }),
    });
    const files = pkg({
      'db:reset': 'prisma migrate reset --force',
      clean: 'rm -rf /srv/data',
      test: 'node --test',
      postinstall: 'psql -h prod-db -c "TRUNCATE orders"',
    });

    for (const text of [
      'npm run db:reset',
      'npm run-script db:reset',
      'npm --prefix . run clean',
      'yarn clean',
      'yarn run clean',
      'pnpm clean',
      'pnpm run clean',
      'bun run clean',
      'npm install',
      'npm ci',
      'yarn',
    ]) {
      it(text, () => {
        const d = decide(text, files);
        assert.equal(d.effect, 'deny', d.rules.join());
      });
    }

    it('runs the pre and post scripts, and passes the arguments to the script named', () => {
      assert.equal(decide('npm test', pkg({ test: 'jest', pretest: 'rm -rf /srv/data' })).effect, 'deny');
      assert.equal(decide('npm run rm -- /srv/data', pkg({ rm: 'rm -rf' })).effect, 'deny');
    });

    it('finds the package.json of a parent folder', () => {
      const readFile = (f: string) =>
        path.resolve(CWD, f) === '/work/package.json'
          ? JSON.stringify({ scripts: { clean: 'rm -rf /srv/data' } })
          : undefined;
      const j = judge(
        p,
        set,
        { kind: 'shell', text: 'npm run clean', cwd: CWD },
        { actor: agent, explicitEnvironment: 'production' },
        { readFile },
      );
      assert.equal(j.decision.effect, 'deny');
    });

    it('a package.json written by the same command is read', () => {
      const text = `echo '{"scripts":{"go":"rm -rf /srv/data"}}' > package.json && npm run go`;
      assert.equal(decide(text).effect, 'deny');
    });

    it('other packages, package-manager commands and harmless scripts are left as before', () => {
      assert.equal(decide('npm test', files).effect, 'allow');
      assert.equal(decide('npm run clean -w other', files).effect, 'allow');
      assert.equal(decide('pnpm --filter web clean', files).effect, 'allow');
      assert.equal(decide('yarn add lodash', files).effect, 'allow');
      assert.equal(decide('npm install lodash', files).effect, 'allow');
      assert.equal(decide('npm run clean', { 'package.json': '{ not json' }).effect, 'allow');
    });
  });

  describe('make', () => {
    const makefile = {
      Makefile: [
        'DB_HOST ?= prod-db',
        'BUILD := build',
        'OUT = $(BUILD)/out',
        'ifeq ($(CI),1)',
        'TARGET = /srv/data',
        'else',
        'TARGET = tmp',
        'endif',
        '.PHONY: all test reset-db clean wipe nested',
        'all: test',
        'test:',
        '\t@echo testing $$HOME',
        'reset-db: deps',
        '\tpsql -h $(DB_HOST) \\',
        "\t  -c 'DROP TABLE users'",
        'deps:',
        '\t@true',
        'clean:',
        '\t-rm -rf $(OUT)',
        'wipe: ; rm -rf /srv/data',
        'nested:',
        '\t$(MAKE) -C . wipe',
        'where:',
        '\trm -rf $(TARGET)',
        '%.o: %.c',
        '\trm -rf /srv/data',
        '',
      ].join('\n'),
    };

    for (const text of [
      'make reset-db',
      'make wipe',
      'gmake wipe',
      'make nested',
      'make -C . wipe',
      'make -f Makefile -j4 test wipe',
      'make BUILD=/srv/data clean',
      'make reset-db DB_HOST=localhost',
    ]) {
      it(text, () => {
        const d = decide(text, makefile);
        assert.equal(d.effect, 'deny', d.rules.join());
      });
    }

    it('the default goal, dry runs, pattern rules and build output are judged as what runs', () => {
      assert.equal(decide('make', makefile).effect, 'allow');
      assert.equal(decide('make -n wipe', makefile).effect, 'allow');
      assert.equal(decide('make clean', makefile).effect, 'allow');
      assert.equal(decide('make x.o', makefile).effect, 'allow');
      assert.equal(decide('make wipe', {}).effect, 'allow');
    });

    it("GNU make's built-in variables are known: $(CC) runs cc, $(RM) runs rm -f", () => {
      assert.equal(decide('make', { Makefile: 'all:\n\t$(CC) -c x.c\n\t$(RM) x.o\n' }).effect, 'allow');
      assert.equal(decide('make', { Makefile: 'all:\n\t$(RM) -r /srv/data\n' }).effect, 'deny');
    });

    it('a variable set differently in branches of a conditional is a run-time value', () => {
      const d = decide('make where', makefile);
      assert.equal(d.effect, 'ask', d.rules.join());
    });

    it('a Makefile written by the same command is read', () => {
      assert.equal(decide("printf 'go:\\n\\trm -rf /srv/data\\n' > Makefile && make go").effect, 'deny');
    });
  });

  it('reads scripts from a real folder through the bounded reader', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-scripts-'));
    try {
      fs.writeFileSync(path.join(dir, 'wipe.sh'), '#!/bin/sh\nrm -rf /srv/data\n', { mode: 0o755 });
      const j = judge(
        p,
        set,
        { kind: 'shell', text: './wipe.sh', cwd: dir },
        { actor: agent, explicitEnvironment: 'production' },
        { readFile: actionFileReader(dir) },
      );
      assert.equal(j.decision.effect, 'deny');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A settings document written whole by a shell command with known content is read as a file
 * tool's write of it is: these were allowed (the shell only saw a write of an ordinary file).
 */
describe('settings written by shell commands', () => {
  let decide: ReturnType<typeof workspaceJudge>;
  before(async () => {
    decide = workspaceJudge(await parsers(), builtinPolicies());
  });
  for (const text of [
    `echo '{"railguard.terminalHook": false}' > ~/.config/Code/User/settings.json`,
    `echo '{"chat.tools.autoApprove": true}' > .vscode/settings.json`,
    `printf '{"permissions": {"defaultMode": "bypassPermissions"}}' | tee .claude-notes/settings.json`,
    `cat > ~/.codex/profile.toml <<'EOF'\napproval_policy = "never"\nEOF`,
  ]) {
    it(`denies ${JSON.stringify(text)}`, () => {
      const d = decide(text);
      assert.equal(d.effect, 'deny', d.rules.join());
      assert.ok(d.rules.includes('file-control-write'), d.rules.join());
    });
  }
  for (const text of [
    `echo '{"editor.tabSize": 2}' > .vscode/settings.json`,
    `echo '{"chat.tools.autoApprove": false}' > .vscode/settings.json`,
    `echo ',"railguard.mode": "audit"' >> notes.txt`,
    `echo '{"railguard.mode": "audit"}' > notes.txt`,
  ]) {
    it(`leaves ${JSON.stringify(text)} to the write rules`, () => {
      assert.ok(!decide(text).rules.includes('file-control-write'));
    });
  }
});

describe('shebang', () => {
  it('reads the interpreter and its arguments, through env and its options', () => {
    assert.deepEqual(shebang('#!/bin/bash -e\nx'), ['/bin/bash', '-e']);
    assert.deepEqual(shebang('#!/usr/bin/env python3\n'), ['python3']);
    assert.deepEqual(shebang('#!/usr/bin/env -S node --no-warnings\n'), ['node', '--no-warnings']);
    assert.deepEqual(shebang('#!/usr/bin/env -u HOME A=1 ruby\n'), ['ruby']);
    assert.equal(shebang('rm -rf /\n'), undefined);
  });
});
