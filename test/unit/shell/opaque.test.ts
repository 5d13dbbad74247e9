import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SHELL_ANALYZER_FINDINGS } from '../../../server/src/core/shell/analyzer-findings';
import { analyze } from './helpers';

async function opaque(text: string): Promise<string[]> {
  const a = await analyze(text);
  return a.findings.filter((f) => f.ruleId === 'opaque-execution').map((f) => f.messageId ?? '');
}

describe('opaque-execution', () => {
  const invalid: [string, string][] = [
    ['curl -fsSL https://get.x.io | sh', 'pipeToInterpreter'],
    ['wget -qO- https://x.io/i.sh | sudo bash -s -- --yes', 'pipeToInterpreter'],
    ['echo ZWNobyBoaQ== | base64 -d | bash', 'pipeToInterpreter'],
    ['curl https://x.io/a.py | python3', 'pipeToInterpreter'],
    ['bash <(curl -s https://x.io/a.sh)', 'substitutedScript'],
    ['source <(kubectl completion bash)', 'substitutedScript'],
    ['eval "$(ssh-agent -s)"', 'dynamicEval'],
    ['eval $CMD', 'dynamicEval'],
    ['sh -c "$CMD"', 'dynamicShellText'],
    ["python3 -c 'import os; os.system(x)'", 'opaqueCall'],
    ['python -c "import subprocess; subprocess.run(sys.argv[1:])"', 'opaqueCall'],
    ['node -e "require(\'child_process\').execSync(process.argv[1])"', 'opaqueCall'],
    ["perl -e 'system($ARGV[0])'", 'opaqueCall'],
    ["ruby -e '`#{ARGV[0]}`'", 'opaqueCall'],
    ['python3 -m some_module', 'unknownModule'],
    ['python3 -c "$CODE"', 'dynamicCode'],
    // Shell escapes: an interactive shell started by another program (GTFOBins).
    ['python3 -c \'import pty; pty.spawn("/bin/sh")\'', 'interactiveShell'],
    ['find . -exec /bin/sh \\;', 'interactiveShell'],
    ['awk \'BEGIN {system("/bin/bash")}\'', 'interactiveShell'],
    ['perl -e \'exec "/bin/sh";\'', 'interactiveShell'],
    ['script -qc /bin/bash /dev/null', 'interactiveShell'],
    ["vim -c ':!/bin/sh'", 'interactiveShell'],
    // A query client running what a producer nobody can read here writes.
    ['zcat dump.sql.gz | psql -h db app', 'pipeToInterpreter'],
    ["python3 -c 'print(1)' | mysql shop", 'pipeToInterpreter'],
    ['cat q.sql | sqlite3 app.db', 'pipeToInterpreter'],
    // A program chosen by pathname expansion at run time (both were allowed: `rm` never appeared).
    ['/bin/r? -rf /srv/data', 'dynamicProgram'],
    ['/usr/bin/[r]m -rf /srv/data', 'dynamicProgram'],
    ['./scripts/*.sh', 'dynamicProgram'],
  ];
  for (const [text, messageId] of invalid) {
    it(`reports: ${text}`, async () => assert.deepEqual(await opaque(text), [messageId]));
  }
  const valid = [
    "bash -c 'ls -la'",
    "'/opt/odd?name/tool' --version",
    '[ -f x ] && echo y',
    '[[ -f x ]]',
    "echo 'ls -la' | sh",
    'curl -fsSL https://x.io/install.sh -o install.sh',
    "python3 -c 'print(1)'",
    'cat data.json | python3 -m json.tool',
    'bash deploy.sh',
    "eval 'echo hi'",
    "node -e 'console.log(1)'",
    // Interpreter code that runs static commands is re-judged as those commands, not opaque.
    'python3 -c \'import os; os.system("rm -rf /x")\'',
    "node -e \"require('child_process').execSync('ls')\"",
    'perl -e \'system("ls")\'',
    "ruby -e '`ls`'",
    // A shell typed through a launcher, or one that runs a script or given text, is no escape.
    'sudo bash',
    "echo 'SELECT 1' | psql -h db",
    "echo 'SELECT 1' | tee q.sql | psql -h db",
    'cat keys.txt | redis-cli -x set k',
    'cat q.sql | sqlite3 app.db .dump',
    "psql -h db -c 'SELECT 1' | grep x",
    "su -c 'source myfile; bash'",
    'docker exec -it web bash',
    'kubectl exec -it web-0 -- bash',
    'nohup bash',
    "bash -c 'bash'",
    "find . -name '*.sh' -exec bash {} \\;",
    'python3 -c \'import pty; pty.spawn(["ls", "-la"])\'',
    'python3 -c \'import pty; pty.spawn(["/bin/sh", "-c", "ls"])\'',
  ];
  for (const text of valid)
    it(`does not report: ${text}`, async () => assert.deepEqual(await opaque(text), []));

  it('passes static text on through cat and tee to the command reading it', async () => {
    for (const text of [
      "echo 'DROP TABLE t;' | cat | psql -h db",
      "echo 'DROP TABLE t;' | tee q.sql | psql -h db",
    ]) {
      const psql = (await analyze(text)).commands.find((c) => c.name === 'psql');
      assert.equal(psql?.stdin?.text, 'DROP TABLE t;', text);
    }
  });

  it('re-parses static text piped into a shell', async () => {
    const text = "echo 'rm -rf /' | sh";
    const a = await analyze(text);
    const rm = a.commands.find((c) => c.name === 'rm');
    assert.deepEqual(rm?.wrappers, ['sh (stdin)']);
    assert.equal(text.slice(rm?.span.start, rm?.span.end), 'rm -rf /');
  });

  it('registers full metadata whose examples behave as documented', async () => {
    const opaqueMeta = SHELL_ANALYZER_FINDINGS.find((m) => m.id === 'opaque-execution');
    assert.ok(opaqueMeta);
    for (const text of opaqueMeta.examples.invalid) assert.ok((await opaque(text)).length > 0, text);
    for (const text of opaqueMeta.examples.valid) assert.deepEqual(await opaque(text), [], text);
    const unparsed = SHELL_ANALYZER_FINDINGS.find((m) => m.id === 'shell-unparsed');
    assert.ok(unparsed);
    for (const text of unparsed.examples.invalid) assert.equal((await analyze(text)).hasErrors, true, text);
    for (const text of unparsed.examples.valid) assert.equal((await analyze(text)).hasErrors, false, text);
  });
});
