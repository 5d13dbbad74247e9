import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { policyTestJudge } from '../core/judge';
import { policyFilesIn } from '../core/policy/policy-set';
import { runPolicyTests, type PolicyTestResult } from '../core/policy/test-runner';
import { EXIT, UsageError, type CliIo } from './io';
import { formatPolicyDiagnostics, loadRuntime } from '../runtime/runtime';

export const TEST_HELP = `Usage: railguard test [POLICY_FILE|FOLDER…] [--json] [--verbose]

Runs the tests embedded in policy files (their 'tests:' section), like 'opa test'. A folder stands
for its *.yaml and *.yml files (not subfolders), sorted by name. Without paths: the built-in
policies and the workspace's .railguard/policies/*.yaml. Each test judges its input with the full
engine (parsing, rules, context, policy) against its policy placed before the others.

Options:
  --json       print results as JSON
  --verbose    list passing tests too
  -h, --help   show this help

Exit codes: 0 all passed, 1 a test failed or a policy file has errors, 2 usage error (also a
path that does not exist or a folder without policy files).
`;

/**
 * Expands the policy paths given on the command line: a folder gives its policy files as the
 * built-in and workspace folders are read (`policyFilesIn`: `*.yaml`/`*.yml`, sorted, not
 * recursive), a file gives itself. Paths come back absolute (resolved against `cwd`), in the order
 * given, without repeats.
 * @throws UsageError when a path does not exist, or a folder holds no policy file.
 */
export function expandPolicyPaths(paths: readonly string[], cwd: string = process.cwd()): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
    if (st.isDirectory()) {
      const files = policyFilesIn(abs);
      if (files.length === 0) throw new UsageError(`no policy files (*.yaml, *.yml) in folder: ${p}`);
      out.push(...files);
    } else out.push(abs);
  }
  return [...new Set(out)];
}

function line(r: PolicyTestResult): string {
  const where = `${path.relative(process.cwd(), r.file) || r.file}:${r.line}:${r.column}`;
  if (r.passed) return `PASS  ${r.policy}: ${r.name} (${r.durationMs.toFixed(1)} ms)`;
  const got = r.error
    ? `error: ${r.error}`
    : `got ${r.actual?.effect} [${r.actual?.matched.join(', ')}]: ${r.actual?.reason}`;
  const want = `${r.expected.effect}${r.expected.matched ? ` [${r.expected.matched.join(', ')}]` : ''}`;
  return `FAIL  ${r.policy}: ${r.name}\n      at ${where}\n      expected ${want}\n      ${got}`;
}

/** `railguard test`. */
export async function runPolicyTestCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(TEST_HELP);
    return EXIT.ok;
  }
  const files = expandPolicyPaths(positionals);
  const rt = await loadRuntime({ policyFiles: files });
  const broken = rt.policies.diagnostics.filter((d) => d.severity === 'error');
  if (rt.policies.diagnostics.length) io.stderr(formatPolicyDiagnostics(rt.policies));
  const wanted = files;
  const target = wanted.length
    ? {
        ...rt.policies,
        entries: rt.policies.entries.filter((e) => wanted.includes(path.resolve(e.policy.file))),
      }
    : rt.policies;
  const results = runPolicyTests(target, policyTestJudge(rt.parsers, rt.policies, { metas: rt.metas }));
  const failed = results.filter((r) => !r.passed);
  if (values.json) io.stdout(JSON.stringify(results, null, 2) + '\n');
  else {
    for (const r of results) if (!r.passed || values.verbose) io.stdout(line(r) + '\n');
    io.stdout(`${results.length - failed.length} passed, ${failed.length} failed\n`);
    if (broken.length)
      io.stdout(
        `${broken.length} error(s) in policy files (listed above on stderr): their tests could not all run\n`,
      );
  }
  return failed.length || broken.length ? EXIT.findings : EXIT.ok;
}
