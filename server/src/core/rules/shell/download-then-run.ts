import { cwdOf, fileEffects, targetPath } from '../../shell/file-effects';
import type { ShellAnalysis, ShellCommand, ShellWord } from '../../shell/model';
import { defineShellRule } from '../rule';
import { parseOptions } from './util/options';

/**
 * Download then run, in two steps: a file that `curl`/`wget` writes earlier in the same text
 * (`curl -o F`, `curl -O URL`, `curl URL > F`, `wget URL`, `wget -O F`, `wget -P DIR URL`) and that
 * a later command runs (`sh F`, `bash F`, `source F`, `. F`, `./F`, `F` after `chmod +x F`,
 * `python F`, `node F`, `sh < F`). Like `curl … | sh`, what runs is only known once downloaded,
 * so it is opaque execution. `curl | sh`, `bash <(curl …)` and `sh -c "$(curl …)"` are found by
 * the analyzer (`opaque-execution`), not by this rule.
 *
 * Sources: curl(1) `-o`/`-O`/`--output-dir`, wget(1) `-O`/`-P`; MITRE ATT&CK T1105 "Ingress Tool
 * Transfer"; the two-step spelling of the `curl | sh` installers (e.g. rustup's, nvm's
 * `curl -o install.sh … && bash install.sh`).
 */

/** Shells that run a script operand or `< FILE`. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'yash', 'fish', 'csh', 'tcsh']);
/** Interpreters that run a script operand (first positional); code options make the operand data. */
const INTERPRETERS = /^(python|pypy|perl|ruby|php|node|nodejs|lua|Rscript|pwsh|tclsh|osascript)[\d.]*$/;
/** Options of shells and interpreters whose value is code (the operand is then an argument). */
const CODE_OPTIONS = /^-(c|e|E|m|r)$|^--(eval|command|print)$/;
/** Options whose value is the next word (`bash -o pipefail F`, `python -W ignore F`). */
const OPTION_WITH_VALUE = /^-(o|O|W|X|I)$/;

/** A file the text downloads, resolved like file effects (`resources/paths.ts`). */
interface Download {
  id: string;
  via: string;
  /** Offset where the downloading command starts. */
  start: number;
}

/** The last path segment of a URL (`https://x/a/i.sh?v=1` ⇒ `i.sh`), `undefined` when none. */
function urlBasename(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]+(\/[^?#]*)?/i.exec(url);
  if (!m) return undefined;
  const path = m[1] ?? '';
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base === '' ? undefined : decodeURIComponent(base.replace(/%(?![0-9a-f]{2})/gi, '%25'));
}

/** Files `cmd` (a `curl` or `wget`) writes, by its output options, redirections and URL names. */
function downloadsOf(cmd: ShellCommand, analysis: ShellAnalysis): Download[] {
  const out: Download[] = [];
  const via = cmd.name ?? '';
  for (const fe of fileEffects(cmd, analysis)) {
    if (fe.effect.resource.dynamic || fe.effect.resource.id === undefined) continue;
    if (fe.scope === 'append' && cmd.name === 'wget') continue; // `-P DIR`: handled with the URL names below
    out.push({ id: fe.effect.resource.id, via, start: cmd.span.start });
  }
  const cwd = cwdOf(cmd, analysis);
  const names = (dir: string | undefined, urls: readonly ShellWord[]) => {
    for (const u of urls) {
      const base = u.value !== undefined ? urlBasename(u.value) : undefined;
      if (!base) continue;
      const t = targetPath(dir ? `${dir}/${base}` : base, false, cwd);
      if (t.id !== undefined && !t.dynamic) out.push({ id: t.id, via, start: cmd.span.start });
    }
  };
  if (cmd.name === 'curl') {
    const p = parseOptions(cmd.argv.slice(1), {
      shortWithValue: 'oAbcdDeEFHhKmrTuUwxXYyzQ',
      longWithValue: ['output', 'output-dir', 'data', 'header', 'user', 'url', 'request', 'config', 'form'],
    });
    if (p.has('O', 'remote-name', 'remote-name-all')) {
      const urls = p.positionals.filter((w) => /^[a-z]+:\/\//i.test(w.value ?? ''));
      names(p.value('output-dir'), urls);
    }
  } else if (cmd.name === 'wget') {
    const p = parseOptions(cmd.argv.slice(1), {
      shortWithValue: 'OoaPUtTwelADIX',
      longWithValue: ['output-document', 'directory-prefix', 'user-agent', 'tries', 'timeout'],
    });
    if (!p.has('O', 'output-document')) {
      names(
        p.value('P', 'directory-prefix'),
        p.positionals.filter((w) => /^[a-z]+:\/\//i.test(w.value ?? '')),
      );
    }
  }
  return out;
}

/** The words naming a file `cmd` runs as code, with the program that runs it. */
function runTargets(cmd: ShellCommand): { word: ShellWord | undefined; path: string; runner: string }[] {
  const name = cmd.name;
  const argv0 = cmd.argv[0];
  if (!name || !argv0) return [];
  const out: { word: ShellWord | undefined; path: string; runner: string }[] = [];
  if (argv0.value !== undefined && argv0.value.includes('/')) {
    out.push({ word: argv0, path: argv0.value, runner: argv0.value });
  }
  if ((name === 'source' || name === '.') && cmd.argv[1]?.value !== undefined) {
    out.push({ word: cmd.argv[1], path: cmd.argv[1].value, runner: name });
  }
  const shell = SHELLS.has(name);
  if (shell || INTERPRETERS.test(name) || name === 'deno' || name === 'bun') {
    let i = 1;
    if ((name === 'deno' || name === 'bun') && cmd.argv[1]?.value === 'run') i = 2;
    for (; i < cmd.argv.length; i++) {
      const v = cmd.argv[i]!.value;
      if (v === undefined) break;
      if (CODE_OPTIONS.test(v)) return out;
      if (v === '--') continue;
      if (v.startsWith('-') || (shell && v.startsWith('+'))) {
        if (OPTION_WITH_VALUE.test(v)) i++;
        continue;
      }
      out.push({ word: cmd.argv[i], path: v, runner: name });
      break;
    }
    if (shell) {
      for (const r of cmd.redirects) {
        if (r.op === '<' && r.fd === undefined && r.target !== undefined) {
          out.push({ word: undefined, path: r.target, runner: `${name} <` });
        }
      }
    }
  }
  return out;
}

/** Whether an earlier `chmod` on the text makes `id` executable (`chmod +x F`, `chmod 755 F`). */
function madeExecutable(id: string, before: number, analysis: ShellAnalysis, cmd: ShellCommand): boolean {
  return analysis.commands.some((c) => {
    if (c.name !== 'chmod' || c.span.start >= before) return false;
    const args = c.argv.slice(1);
    if (!args.some((w) => /^(\+|[ugoa]*\+)[rwx]*x|^[0-7]*[1357][0-7]{0,2}$/.test(w.value ?? '')))
      return false;
    const cwd = cwdOf(c, analysis);
    return args.some((w) => w.value !== undefined && targetPath(w.value, false, cwd).id === id) && c !== cmd;
  });
}

export default defineShellRule({
  meta: {
    id: 'download-then-run',
    title: 'Running a file downloaded earlier in the same command',
    category: 'opaque',
    severity: 'warning',
    docs: {
      description:
        'Flags a file written by `curl`/`wget` and then run on the same line or in the same script ' +
        '(`curl -o i.sh URL && sh i.sh`, `wget URL; chmod +x tool; ./tool`), the two-step form of `curl | sh`.',
      problem:
        'What runs is whatever the server returns at that moment: nothing in the command says what ' +
        'it does, so it cannot be judged, and a compromised or spoofed download runs with the ' +
        "user's rights. Splitting the download from the run only hides the `curl | sh` shape.",
      solution:
        'Download, read and verify the file (checksum or signature) in one step; run it in a ' +
        'separate, reviewed step, or install through a package manager that verifies what it installs.',
    },
    messages: {
      runDownloaded:
        '`{{runner}}` runs `{{file}}`, downloaded earlier by `{{via}}`; what it does cannot be known before it runs.',
    },
    controls: ['NIST:CM-7(5)', 'NIST:SI-7', 'SOC2:CC6.8', 'SOC2:CC8.1'],
    sources: [
      'https://attack.mitre.org/techniques/T1105/',
      'https://curl.se/docs/manpage.html#-O',
      'https://www.gnu.org/software/wget/manual/wget.html#Download-Options',
      'https://gtfobins.github.io/gtfobins/curl/#download',
    ],
    examples: {
      valid: [
        'curl -o data.json https://api.example.com/x && python parse.py data.json',
        'wget https://example.com/a.tar.gz && tar xzf a.tar.gz',
        'sh install.sh',
        'curl -fsSLo key.gpg https://example.com/key.gpg && gpg --import key.gpg',
      ],
      invalid: [
        'curl -fsSL -o install.sh https://example.com/install.sh && sh install.sh',
        'wget -q https://example.com/tool; chmod +x tool; ./tool',
        'curl -O https://example.com/setup.py && python3 setup.py',
      ],
    },
  },
  check(cmd, analysis, report) {
    const name = cmd.name;
    if (!name || name === 'curl' || name === 'wget') return;
    if (
      !analysis.commands.some(
        (c) => (c.name === 'curl' || c.name === 'wget') && c.span.start < cmd.span.start,
      )
    ) {
      return;
    }
    const downloads = analysis.commands
      .filter((c) => (c.name === 'curl' || c.name === 'wget') && c.span.start < cmd.span.start)
      .flatMap((c) => downloadsOf(c, analysis));
    if (downloads.length === 0) return;
    const cwd = cwdOf(cmd, analysis);
    for (const run of runTargets(cmd)) {
      const id = targetPath(run.path, false, cwd).id;
      const hit = downloads.find((d) => d.id === id);
      if (hit) {
        report({
          messageId: 'runDownloaded',
          data: { runner: run.runner, file: run.path, via: hit.via },
          ...(run.word ? { span: run.word.span } : {}),
          effects: [{ verb: 'execute', resource: { kind: 'code', id }, via: run.runner }],
        });
        return;
      }
    }
    // `tool` run by its bare name after `chmod +x tool` (with `.`/the folder on PATH).
    const bare = cmd.argv[0]?.value;
    if (bare && !bare.includes('/')) {
      const hit = downloads.find(
        (d) =>
          d.id.slice(d.id.lastIndexOf('/') + 1) === bare &&
          madeExecutable(d.id, cmd.span.start, analysis, cmd),
      );
      if (hit) {
        report({
          messageId: 'runDownloaded',
          data: { runner: bare, file: hit.id, via: hit.via },
          span: cmd.argv[0]!.span,
          effects: [{ verb: 'execute', resource: { kind: 'code', id: hit.id }, via: bare }],
        });
      }
    }
  },
});
