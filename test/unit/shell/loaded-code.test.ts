import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeCode } from '../../../server/src/core/code';
import type { Parsers } from '../../../server/src/core/parsers';
import { splitOptions } from '../../../server/src/core/shell/code-env';
import { COMMAND_ENV_VARS } from '../../../server/src/core/shell/command-env';
import { IMPLICIT_FILES } from '../../../server/src/core/shell/implicit-files';
import { builtinPolicies, parsers } from '../../helpers/parsers';
import { workspaceJudge } from '../../helpers/workspace-judge';

const RMTREE_PY = "import shutil; shutil.rmtree('/srv/data')";
const RMSYNC_JS = "require('fs').rmSync('/srv/data',{recursive:true})";

/**
 * Code a program loads without naming it as a script: the project's modules imported by judged
 * code, environment variables that make programs load code, and project files that tools run.
 * Every `deny`/`ask` here was allowed in production before.
 */
describe('code a program loads without naming it as a script', () => {
  let p: Parsers;
  let decide: ReturnType<typeof workspaceJudge>;
  before(async () => {
    p = await parsers();
    decide = workspaceJudge(p, builtinPolicies());
  });

  const expect = (text: string, effect: string, files?: Record<string, string>, rule?: string) => {
    const d = decide(text, files);
    assert.equal(d.effect, effect, `${text}: ${d.rules.join()}`);
    if (rule) assert.ok(d.rules.includes(rule), `${text}: ${rule} not in ${d.rules.join()}`);
  };

  describe('modules of the project imported by judged code', () => {
    const written: string[] = [
      `echo "${RMTREE_PY}" > evil.py; python3 -c "import evil"`,
      `echo "${RMTREE_PY}" > evil.py; python3 -c "from evil import x"`,
      `echo "${RMTREE_PY}" > evil.py; python3 -c "import importlib; importlib.import_module('evil')"`,
      `echo "${RMTREE_PY}" > evil.py; python3 -m evil`,
      `mkdir -p pkg; echo "${RMTREE_PY}" > pkg/__main__.py; python3 -m pkg`,
      `echo "${RMTREE_PY}" > pkg/__init__.py; python3 -c "import pkg.sub"`,
      `echo "from . import helper" > pkg/__init__.py; echo "${RMTREE_PY}" > pkg/helper.py; python3 -c "import pkg"`,
      `echo "${RMTREE_PY}" > /tmp/lib/evil.py; PYTHONPATH=/tmp/lib python3 -c "import evil"`,
      `echo "${RMTREE_PY}" > b.py; echo "import b" > a.py; python3 a.py`,
      `echo "${RMSYNC_JS}" > evil.js; node -r ./evil.js -e 1`,
      `echo "${RMSYNC_JS}" > evil.js; node --import ./evil.js app.js`,
      `echo "${RMSYNC_JS}" > evil.js; node -e "require('./evil')"`,
      `echo "${RMSYNC_JS}" > evil.js; node -e "import('./evil.js')"`,
      `echo "${RMSYNC_JS}" > lib/index.js; echo "import x from './lib/index.js'" > m.mjs; node m.mjs`,
      `echo "${RMSYNC_JS}" > /tmp/x.cjs; node -e "require('/tmp/x.cjs')"`,
      `echo "system('rm -rf /srv/data')" > /tmp/evil.rb; ruby -r/tmp/evil.rb -e 1`,
    ];
    for (const text of written) it(text, () => expect(text, 'deny', {}, 'file-destroy'));

    it('reads modules from the disk too (written with a file tool), keeping their unknowns', () => {
      const files = { 'helper.py': RMTREE_PY, 'lib/run.js': RMSYNC_JS };
      expect('python3 -c "import helper"', 'deny', files, 'file-destroy');
      expect('python3 main.py', 'deny', { ...files, 'main.py': 'import helper\n' }, 'file-destroy');
      expect('node -e "require(\'./lib/run\')"', 'deny', files, 'file-destroy');
      expect('python3 -c "import helper"', 'ask', { 'helper.py': 'import os\nos.system(input())\n' });
    });

    it('follows imports transitively, through cycles, within bounds', () => {
      const files = { 'a.py': 'import b\n', 'b.py': `import a\n${RMTREE_PY}\n` };
      expect('python3 a.py', 'deny', files, 'file-destroy');
      const chain: Record<string, string> = { 'm0.py': 'import m1\n' };
      for (let i = 1; i < 12; i++) chain[`m${i}.py`] = `import m${i + 1}\n`;
      chain['m12.py'] = `${RMTREE_PY}\n`;
      // Too deep on the disk: the project's own code is left alone; written by the text: opaque.
      expect('python3 m0.py', 'allow', chain);
      const text = Array.from({ length: 8 }, (_, i) => `echo "import w${i + 1}" > w${i}.py`).join('; ');
      expect(`${text}; python3 w0.py`, 'ask', {}, 'opaque-execution');
    });

    it('a module written with content known only at run time is opaque', () => {
      expect('echo "$X" > evil.py; python3 -c "import evil"', 'ask', {}, 'opaque-execution');
    });

    it('leaves installed packages and harmless code alone', () => {
      expect('python3 -c "import os, json"', 'allow');
      expect('python3 -m pytest', 'allow');
      expect('python3 -m http.server', 'allow');
      expect("node -e \"require('fs').readFileSync('x')\"", 'allow');
      expect('node -r dotenv/config app.js', 'allow');
      expect('python3 -c "import helper"', 'allow', { 'helper.py': 'import json\nprint(json.dumps({}))\n' });
      expect('python3 -m app', 'allow', { 'app/__main__.py': 'print("hi")\n' });
    });
  });

  describe('environment variables that load code', () => {
    const asks: string[] = [
      'LD_PRELOAD=/tmp/evil.so ls',
      'env LD_PRELOAD=./x.so ls',
      'export LD_PRELOAD=/home/u/hook.so; ls',
      'LD_AUDIT=/tmp/a.so ls',
      'DYLD_INSERT_LIBRARIES=/tmp/x.dylib ls',
      'LD_PRELOAD="$LIB" ls',
      'LD_LIBRARY_PATH=/opt/lib LD_PRELOAD=libhook.so ls',
      "NODE_OPTIONS='--require /tmp/evil.js' npm test",
      'NODE_OPTIONS="$NODE_OPTIONS --import /tmp/evil.mjs" npm test',
      'NODE_OPTIONS="$OPTS" npm test',
      "PERL5OPT='-Mevil' perl -e 1",
      "RUBYOPT='-r/tmp/evil.rb' ruby -e 1",
      "JAVA_TOOL_OPTIONS='-javaagent:/tmp/evil.jar' java -version",
      "_JAVA_OPTIONS='-agentpath:/tmp/a.so' mvn test",
      "export JDK_JAVA_OPTIONS='-agentlib:evil'; java -jar app.jar",
    ];
    for (const text of asks) it(text, () => expect(text, 'ask', {}, 'opaque-execution'));

    const denies: string[] = [
      `echo "${RMSYNC_JS}" > evil.js; NODE_OPTIONS='--require ./evil.js' node -e 1`,
      `echo "${RMSYNC_JS}" > evil.js; export NODE_OPTIONS="-r ./evil.js"; npm test`,
      `echo "${RMTREE_PY}" > sitecustomize.py; PYTHONPATH=. python3 -c 1`,
      `echo "${RMTREE_PY}" > /tmp/q/usercustomize.py; export PYTHONPATH=/tmp/q; python3 -V`,
      `echo "system('rm -rf /srv/data')" > /tmp/evil.rb; RUBYOPT='-r/tmp/evil.rb' ruby -e 1`,
      `echo 'system("rm -rf /srv/data");' > /tmp/q/Evil.pm; PERL5OPT='-I/tmp/q -MEvil' perl -e 1`,
      `echo 'system("rm -rf /srv/data");' > /tmp/q/Evil.pm; PERL5LIB=/tmp/q PERL5OPT=-MEvil perl -e 1`,
      `JAVA_TOOL_OPTIONS='-XX:OnError="rm -rf /srv/data"' java -jar app.jar`,
      `echo "${RMTREE_PY}" > s.py; PYTHONSTARTUP=s.py python3`,
    ];
    for (const text of denies) it(text, () => expect(text, 'deny', {}, 'file-destroy'));

    it('leaves harmless settings alone', () => {
      for (const text of [
        'NODE_OPTIONS=--max-old-space-size=4096 npm run build',
        'NODE_OPTIONS="$NODE_OPTIONS --max-old-space-size=4096" npm run build',
        "NODE_OPTIONS='-r dotenv/config' node app.js",
        'PYTHONPATH=src python3 -c 1',
        'LD_LIBRARY_PATH=/opt/lib ./app',
        'LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 ./server',
        'LD_PRELOAD=libfaketime.so.1 date',
        'RUBYOPT=-rbundler/setup rake test',
        'PERL5OPT=-MDevel::Cover make test',
        "JAVA_TOOL_OPTIONS='-agentlib:jdwp=transport=dt_socket,server=y' mvn test",
        "JAVA_TOOL_OPTIONS='-Xmx2g -Dfile.encoding=UTF-8' mvn test",
        'PYTHONSTARTUP=s.py python3 -c 1',
      ])
        expect(text, 'allow');
      expect('PYTHONPATH=src python3 -c 1', 'allow', { 'src/sitecustomize.py': 'import sys\n' });
    });

    it('splits option variables as the runtimes do (quotes kept together)', () => {
      assert.deepEqual(splitOptions(`--require "./my dir/x.js" -XX:OnError="a b"`), [
        '--require',
        './my dir/x.js',
        '-XX:OnError=a b',
      ]);
    });

    it('cites a source for every code-loading variable', () => {
      const code = COMMAND_ENV_VARS.filter((e) => e.how !== 'shell' && e.how !== 'preprocessor');
      assert.ok(code.length >= 9);
      for (const e of code)
        assert.ok(
          e.sources.every((s) => /^https:\/\//.test(s)),
          e.names[0],
        );
    });
  });

  describe('project files tools run, written by the judged text', () => {
    const denies: string[] = [
      `echo "${RMTREE_PY}" > conftest.py; pytest`,
      `echo "${RMTREE_PY}" > tests/conftest.py; python3 -m pytest tests`,
      `echo "${RMTREE_PY}" > setup.py; pip install .`,
      `echo "${RMTREE_PY}" > setup.py; pip install -e .`,
      `echo "${RMTREE_PY}" > setup.py; python3 -m pip install .`,
      `echo "module.exports = () => ${RMSYNC_JS}" > jest.config.js; npx jest`,
      `echo "${RMSYNC_JS}" > vite.config.mjs; npx vitest run`,
      `echo "${RMSYNC_JS}" > webpack.config.js; npx webpack`,
      `echo "${RMSYNC_JS}" > eslint.config.js; npx eslint .`,
      `printf 'package x\\n//go:generate rm -rf /srv/data\\n' > gen.go; go generate ./...`,
    ];
    for (const text of denies) it(text, () => expect(text, 'deny', {}, 'file-destroy'));

    it('cargo runs a written build.rs (Rust is not read): opaque', () => {
      expect('echo "fn main(){}" > build.rs; cargo build', 'ask', {}, 'opaque-execution');
      expect('echo "$X" > conftest.py; pytest', 'ask', {}, 'opaque-execution');
    });

    it("leaves the project's own files on the disk, and harmless written ones, alone", () => {
      expect('pytest', 'allow', { 'conftest.py': `${RMTREE_PY}\n` });
      expect('npx jest', 'allow', { 'jest.config.js': `module.exports = () => ${RMSYNC_JS}\n` });
      expect('echo "import os" > conftest.py; pytest -q', 'allow');
      expect('echo "module.exports = {testEnvironment: \'node\'}" > jest.config.js; npx jest', 'allow');
      expect(`echo "${RMTREE_PY}" > setup.py; pip install requests`, 'allow');
      expect('echo "fn main(){}" > build.rs; cargo fmt', 'allow');
    });

    it('cites a source for every tool', () => {
      for (const e of IMPLICIT_FILES)
        assert.ok(e.sources.length > 0 && e.sources.every((s) => /^https:\/\//.test(s)), e.programs[0]);
    });
  });

  it('code analysis reports the modules code loads by static names', () => {
    const py = analyzeCode(p, 'python', "import a.b, c as d\nfrom .m import x\n__import__('e')");
    assert.deepEqual(
      py.imports?.map((i) => [i.spec, i.names ?? []]),
      [
        ['a.b', []],
        ['c', []],
        ['.m', ['x']],
        ['e', []],
      ],
    );
    const js = analyzeCode(p, 'javascript', "require('./a'); import b from '../b.js'; export * from './c'");
    assert.deepEqual(
      js.imports?.map((i) => i.spec),
      ['./a', '../b.js', './c'],
    );
  });
});
