import type { ShellCommand, ShellWord } from '../../shell/model';
import {
  EDITOR_PROGRAMS,
  EDITOR_SWITCHES,
  LOOPBACK_HOST,
  PACKAGE_REMOVE,
  RAILGUARD_CLI_SWITCHES,
  RAILGUARD_HTTP_CONTROLS,
} from '../../shell/control-surface';
import { httpRequest, urlParts } from '../../shell/tool-catalogue/http-request';
import { defineShellRule } from '../rule';
import { launchedByPackageRunner } from '../../shell/tool-catalogue/launchers';
import { controlEffect, namesRailguard } from './util/control';

/** Runtimes and package runners that run a `railguard` script (`node dist/railguard.js …`, `npx railguard …`). */
const RUNNERS = new Set(['node', 'nodejs', 'npx', 'bunx', 'bun', 'pnpx', 'deno', 'tsx', 'yarn', 'pnpm']);

/** The words after the `railguard` program (or script) in `cmd`, or undefined when it is not Railguard's CLI. */
function railguardArgs(cmd: ShellCommand): ShellWord[] | undefined {
  const name = cmd.name;
  // `npx railguard …` is reported on `npx` (below), not again on the `railguard …` it launches.
  if (name === undefined || launchedByPackageRunner(cmd)) return undefined;
  if (/^railguard(-cli)?(\.js)?$/.test(name)) return cmd.argv.slice(1);
  if (!RUNNERS.has(name)) return undefined;
  const i = cmd.argv.findIndex(
    (w, j) => j > 0 && w.value !== undefined && /(^|\/)(@[\w-]+\/)?railguard(-cli)?(\.js)?$/.test(w.value),
  );
  return i < 0 ? undefined : cmd.argv.slice(i + 1);
}

/**
 * The package word naming Railguard in a package manager's removal command (`npm rm -g
 * railguard`, `yarn global remove railguard@0.1.0`), with the entry; undefined otherwise.
 */
function removedRailguard(
  cmd: ShellCommand,
): { word: ShellWord; entry: (typeof PACKAGE_REMOVE)[number] } | undefined {
  const entry = PACKAGE_REMOVE.find((e) => e.program === cmd.name);
  if (!entry) return undefined;
  const words = cmd.argv.slice(1).filter((w) => !w.value?.startsWith('-'));
  const verb = entry.verbs.find((v) => v.every((x, i) => words[i]?.value === x));
  if (!verb) return undefined;
  const word = words
    .slice(verb.length)
    .find((w) => /^(@[\w.-]+\/)?railguard(-cli)?(@.*)?$/.test(w.value ?? w.raw));
  return word ? { word, entry } : undefined;
}

/**
 * Switching Railguard off through its own or the editor's CLI: `railguard hooks uninstall`,
 * `railguard daemon stop`, `railguard policy trust` and `railguard approvals` (a human's
 * decisions), HTTP requests to the daemon's approval routes (curl to a loopback host or through
 * `--unix-socket`), and `code --uninstall-extension railguard…` / `--disable-extension` /
 * `--disable-extensions`, and package managers uninstalling the `railguard` CLI (`npm rm -g
 * railguard`; `PACKAGE_REMOVE`).
 */
export default defineShellRule({
  meta: {
    id: 'control-cli-disable',
    title: 'Switching Railguard off through a CLI',
    category: 'control',
    severity: 'error',
    docs: {
      description:
        "Flags Railguard's own CLI verbs and editor CLI options that uninstall, stop or overrule Railguard.",
      problem:
        '`railguard hooks uninstall` removes the hooks every agent is judged through; `code ' +
        '--uninstall-extension` removes the extension that starts the daemon; trusting a policy or ' +
        "answering an approval are a human's decisions. An agent that runs them judges itself.",
      solution:
        'Run these commands yourself, in your own terminal. An agent that needs a hook removed or a ' +
        'policy trusted should say so and stop.',
    },
    messages: {
      cli: '`railguard {{verb}}` {{what}}.',
      http: '`{{request}}` {{what}}.',
      extension: '`{{tool}} {{option}}` removes or disables the Railguard extension.',
      package: "`{{tool}}` ({{what}}) uninstalls Railguard's CLI, which every hook and PATH shim runs.",
    },
    controls: ['NIST:CM-5', 'NIST:AC-3', 'NIST:SI-4'],
    sources: [
      'https://code.visualstudio.com/docs/configure/command-line',
      'https://docs.npmjs.com/cli/commands/npm-uninstall',
      'server/src/cli/hooks.ts',
      'railguard issue 10 (railguard hooks uninstall)',
    ],
    examples: {
      valid: [
        'railguard hooks install',
        'railguard check -- ls',
        'code --install-extension ms-python.python',
        'code --uninstall-extension ms-python.python',
        'npm uninstall -g typescript',
        'node dist/railguard.js scan --commands x.cm',
        'curl https://api.example.com/v1/approvals',
      ],
      invalid: [
        'railguard hooks uninstall',
        'node dist/railguard.js hooks uninstall --scope user',
        'npx railguard daemon stop',
        'railguard approvals',
        'curl -X POST http://127.0.0.1:40123/v1/approvals/answer -d @a.json',
        'code --uninstall-extension railguard-dev.railguard',
        'npm rm -g railguard',
        'code --disable-extensions .',
      ],
    },
  },
  check(cmd, _analysis, report) {
    const removed = removedRailguard(cmd);
    if (removed) {
      report({
        messageId: 'package',
        data: { tool: cmd.name ?? '', what: removed.entry.what },
        span: removed.word.span,
        effects: [controlEffect('disable', 'control', 'railguard:cli', cmd.name)],
      });
      return;
    }
    const req = httpRequest(cmd);
    if (req) {
      const viaSocket = cmd.argv.some((w) => /^--(abstract-)?unix-socket(=|$)/.test(w.value ?? ''));
      for (const { url, word } of req.urls) {
        const parts = urlParts(url);
        if (!parts || !(viaSocket || LOOPBACK_HOST.test(parts.host))) continue;
        const entry = RAILGUARD_HTTP_CONTROLS.find((e) => new RegExp(e.path).test(parts.path));
        if (entry)
          report({
            messageId: 'http',
            data: { request: `${req.method ?? '$METHOD'} ${url}`, what: entry.what },
            span: word.span,
            effects: [controlEffect('disable', 'control', `railguard:http${parts.path}`, cmd.name)],
          });
      }
      return;
    }
    const args = railguardArgs(cmd);
    if (args) {
      const words = args.filter((w) => !w.value?.startsWith('-')).map((w) => w.value);
      for (const sw of RAILGUARD_CLI_SWITCHES) {
        if (words[0] === sw.verbs[0] && sw.verbs.slice(1).every((v) => words.slice(1).includes(v)))
          report({
            messageId: 'cli',
            data: { verb: sw.verbs.join(' '), what: sw.what },
            effects: [controlEffect('disable', 'control', `railguard:${sw.verbs.join('-')}`, cmd.name)],
          });
      }
      return;
    }
    if (!cmd.name || !EDITOR_PROGRAMS.includes(cmd.name)) return;
    const words = cmd.argv.slice(1);
    words.forEach((w, i) => {
      const v = w.value ?? '';
      const [opt, inline] = v.includes('=')
        ? [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)]
        : [v, undefined];
      if (!EDITOR_SWITCHES.includes(opt)) return;
      const target = opt === '--disable-extensions' ? 'railguard' : (inline ?? words[i + 1]?.value);
      if (opt === '--disable-extensions' || namesRailguard(target) || target === undefined)
        report({
          messageId: 'extension',
          data: { tool: cmd.name ?? '', option: opt },
          span: w.span,
          effects: [controlEffect('disable', 'control', 'railguard:extension', cmd.name)],
        });
    });
  },
});
