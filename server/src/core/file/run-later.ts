/**
 * Files whose content runs later: CI workflows, editor tasks, dev containers, hook managers. Writing
 * one is writing the commands it holds, which a runner, the editor or git runs without asking
 * anyone (on the next push, when the folder opens, on the next commit, on `cd`). So the commands are
 * judged when the file is written, whichever way it is written: by a file tool (`analyze.ts`) or by
 * a shell command whose output is known (`cat > .github/workflows/x.yml <<EOF`:
 * `shell/script-files.ts`). One reading for both, so the same content gets the same findings.
 *
 * Knowledge is the table {@link RUN_LATER_FILES}: which paths, what kind of text (a whole shell
 * script, or a YAML/JSONC document with commands at known keys), and how the document's templates
 * are filled in before anything runs (`${{ … }}` of GitHub Actions, `${workspaceFolder}` of VS Code,
 * `{staged_files}` of lefthook). A template known only when the file runs becomes a shell variable
 * no text sets (`${__inputs_dir}`), so it is judged as any run-time value is: a dynamic word, opaque
 * where it names the program. Text in a language not read (PowerShell, cmd) is reported as opaque.
 */
import * as path from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parseDocument, YAMLSeq } from 'yaml';
import { interpreterOf } from '../shell/interpreters';
import { basename, quoteWord } from '../shell/words';
import { globRegExp } from './path-glob';

/** One command a run-later file holds. */
export interface LaterCommand {
  /** Where in the file (`jobs.build.steps[2].run`); empty for a whole script. */
  where: string;
  /** The shell text that runs (templates filled in, environment and folder set first). */
  text?: string;
  /** The program that runs code not read (`pwsh`), when `text` is absent. */
  language?: string;
  /** The code that program runs (for messages). */
  code?: string;
  /**
   * Environment variables the runner sets for it (`env:`, `variables:`): a value known in the file,
   * or `undefined` for one known only at run time. Not commands: set before the text runs.
   */
  env?: ReadonlyMap<string, string | undefined>;
}

/** What an object of a document passes to the objects below it. */
interface Inherited {
  /** Environment variables set for the commands (`undefined`: known only at run time). */
  env: Map<string, string | undefined>;
  /** The shell or interpreter the commands run under (GitHub `shell:`, VS Code `options.shell`). */
  shell?: string;
  /** The folder the commands run in. */
  cwd?: string;
}

/** How one document format is read: the commands an object holds, and what it passes down. */
interface Reader {
  /** The commands `obj` (at `where`) holds itself. */
  commands: (obj: Record<string, unknown>, where: string, inh: Inherited, t: Templates) => LaterCommand[];
  /** What `obj` passes to what is below it (its own commands see it too). */
  inherit?: (obj: Record<string, unknown>, inh: Inherited, t: Templates) => Inherited;
  /** Keys whose values are not walked (read by {@link Reader.commands} already, or not commands). */
  skip?: readonly string[];
}

/** A template in a value: filled in as literal text, or a run-time value (a shell variable). */
type Filled = { literal: string } | { variable: string } | undefined;

/** The template syntax of a format and how each template is filled in (`folder`: the project). */
interface Templates {
  re?: RegExp;
  fill: (match: RegExpExecArray) => Filled;
}

/** A kind of run-later file (one entry of {@link RUN_LATER_FILES}). */
export interface RunLaterFile {
  id: string;
  /** Path globs (`**` across folders, `{a,b}` either). */
  globs: readonly string[];
  what: string;
  /** `script`: the whole file is a shell script; otherwise a document read by its reader. */
  format: 'script' | 'yaml' | 'jsonc';
  sources: readonly string[];
  reader?: Reader;
  /** The template syntax of the format, given the project folder. */
  templates?: (folder: string) => Templates;
}

/** Most commands read from one file (a generated matrix of thousands of jobs is not judged whole). */
const MAX_COMMANDS = 500;
/** Largest file read (UTF-16 units), as for scripts a command runs. */
const MAX_CHARS = 512 * 1024;
/** Deepest nesting walked in a document. */
const MAX_DEPTH = 64;

/** Shells that run the text as it is (tree-sitter-bash reads it). */
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** A run-time value's shell variable: `inputs.dir` ⇒ `__inputs_dir` (no text sets it). */
export function runtimeVariable(expr: string): string {
  const name = expr
    .trim()
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `__${name.slice(0, 48) || 'expression'}`;
}

/** `text` with its templates filled in, as shell text (run-time values as `${VAR}`). */
function fillText(text: string, t: Templates): string {
  if (!t.re) return text;
  const re = new RegExp(t.re.source, 'g');
  let out = '';
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const filled = t.fill(m);
    if (!filled) continue;
    out += text.slice(at, m.index) + ('literal' in filled ? filled.literal : `\${${filled.variable}}`);
    at = m.index + m[0].length;
  }
  return out + text.slice(at);
}

/**
 * `value` as one shell word: literal parts quoted, run-time templates as `"${VAR}"` (an argument
 * of a process, an environment value: no shell reads the literal parts).
 */
function fillWord(value: string, t: Templates): string {
  if (!t.re) return quoteWord(value);
  const re = new RegExp(t.re.source, 'g');
  let out = '';
  let at = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const filled = t.fill(m);
    if (!filled || 'literal' in filled) continue;
    if (m.index > at) out += quoteWord(fillText(value.slice(at, m.index), t));
    out += `"\${${filled.variable}}"`;
    at = m.index + m[0].length;
  }
  if (at < value.length || out === '') out += quoteWord(fillText(value.slice(at), t));
  return out;
}

/** The change of folder a command's text starts with (`working-directory`, `options.cwd`). */
function prelude(inh: Inherited): string {
  return inh.cwd ? `cd ${inh.cwd}\n` : '';
}

/** `c` with the environment of `inh` (when it sets any). */
function withEnvOf(c: LaterCommand, inh: Inherited): LaterCommand {
  return inh.env.size && c.text !== undefined ? { ...c, env: inh.env } : c;
}

/**
 * `inh` with the environment variables of `env` (a mapping of names to values, or to `{ value }`)
 * added; a value holding a template or a `$` reference is known only at run time.
 */
function withEnv(inh: Inherited, env: unknown, t: Templates): Inherited {
  if (!isRecord(env)) return inh;
  const next = new Map(inh.env);
  for (const [k, raw] of Object.entries(env)) {
    const v = str(isRecord(raw) ? raw.value : raw);
    if (v === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) continue;
    next.set(k, v.includes('$') || (t.re && new RegExp(t.re.source).test(v)) ? undefined : v);
  }
  return { ...inh, env: next };
}

/**
 * `code` run by the shell or interpreter `spec` (`bash`, `python`, `perl {0}`, `pwsh`): shell text
 * for shells, `python -c 'code'` for interpreters whose code Railguard reads, else not read.
 */
function runUnder(spec: string | undefined, code: string, where: string, before = ''): LaterCommand {
  const program = basename(spec?.trim().split(/\s+/)[0]) ?? 'sh';
  if (SHELLS.has(program)) return { where, text: before + code };
  const interpreter = interpreterOf(program);
  const flag = interpreter?.code[0];
  if (interpreter && flag) return { where, text: `${before}${program} -${flag} ${quoteWord(code)}` };
  if (interpreter?.evalSubcommand)
    return { where, text: `${before}${program} ${interpreter.evalSubcommand} ${quoteWord(code)}` };
  return { where, language: program, code };
}

/** Lines of a GitLab `script`: a string, or a list of strings (nested lists flattened). */
function scriptLines(v: unknown, depth = 0): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || depth > 2) return undefined;
  return v.flatMap((x) => scriptLines(x, depth + 1) ?? []);
}

/**
 * GitHub Actions (and Gitea/Forgejo Actions, which read the same syntax): a step's `run` runs
 * under its `shell` (else `defaults.run.shell` of the job or workflow, else bash; pwsh on a
 * `runs-on: windows-…` runner), in its
 * `working-directory`, with the `env` of the workflow, job and step.
 * Sources: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax
 * (`jobs.<job_id>.steps[*].run`, `shell`, `defaults.run`, `env`),
 * https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax (composite
 * actions: `runs.steps[*].run`), https://docs.gitea.com/usage/actions/comparison.
 */
const GITHUB: Reader = {
  inherit: (obj, inh, t) => {
    const env = withEnv(inh, obj.env, t);
    const run = isRecord(obj.defaults) && isRecord(obj.defaults.run) ? obj.defaults.run : undefined;
    // A job on a Windows runner runs `run` under pwsh unless told otherwise.
    const runsOn = [obj['runs-on']].flat().map(str).join(' ');
    const shell = str(run?.shell) ?? (/\bwindows\b/i.test(runsOn) ? 'pwsh' : undefined);
    const cwd = str(run?.['working-directory']);
    return { ...env, ...(shell ? { shell } : {}), ...(cwd ? { cwd: fillWord(cwd, t) } : {}) };
  },
  commands: (obj, where, inh, t) => {
    const run = str(obj.run);
    if (run === undefined || isRecord(obj.run)) return [];
    const cwd = str(obj['working-directory']);
    const here = cwd ? { ...inh, cwd: fillWord(cwd, t) } : inh;
    return [runUnder(str(obj.shell) ?? inh.shell, fillText(run, t), `${where}.run`, prelude(here))];
  },
};

/**
 * GitLab CI: `script`, `before_script`, `after_script` (a string or a list of lines) of every job
 * and of `default`, and `hooks.pre_get_sources_script`, with the `variables` of the file and job.
 * Sources: https://docs.gitlab.com/ci/yaml/ (`script`, `before_script`, `after_script`,
 * `hooks:pre_get_sources_script`, `variables`, `!reference`), https://docs.gitlab.com/ci/inputs/
 * (`$[[ inputs.x ]]`).
 */
const GITLAB: Reader = {
  inherit: (obj, inh, t) => withEnv(inh, obj.variables, t),
  commands: (obj, where, inh, t) => {
    const out: LaterCommand[] = [];
    for (const key of ['before_script', 'script', 'after_script', 'pre_get_sources_script']) {
      const lines = scriptLines(obj[key]);
      if (lines?.length)
        out.push({
          where: where ? `${where}.${key}` : key,
          text: prelude(inh) + fillText(lines.join('\n'), t),
        });
    }
    return out;
  },
  skip: ['variables'],
};

/** VS Code's quoting of a task argument (`{ value, quoting }`; a plain string with spaces: strong). */
function taskArg(arg: unknown, t: Templates): string | undefined {
  const value = str(isRecord(arg) ? arg.value : arg);
  if (value === undefined) return undefined;
  const quoting = isRecord(arg) ? str(arg.quoting) : undefined;
  if (quoting === 'escape') return fillText(value.replace(/([\s'"\\])/g, '\\$1'), t);
  if (quoting === 'weak') return `"${fillText(value.replace(/(["\\`])/g, '\\$1'), t)}"`;
  if (quoting === 'strong' || /\s/.test(value)) return fillWord(value, t);
  return fillText(value, t);
}

/** A VS Code task (after a platform override is merged in) as shell text. */
function taskCommand(
  task: Record<string, unknown>,
  where: string,
  inh: Inherited,
  t: Templates,
): LaterCommand[] {
  const command = str(isRecord(task.command) ? task.command.value : task.command);
  const args = Array.isArray(task.args) ? task.args : [];
  const type = str(task.type);
  if (command === undefined) {
    const script = str(task.script);
    if (type !== 'npm' || script === undefined) return [];
    const dir = str(task.path);
    const here = dir ? { ...inh, cwd: fillWord(dir, t) } : inh;
    return [{ where, text: `${prelude(here)}npm run ${quoteWord(script)}` }];
  }
  if (type === 'shell' || type === undefined) {
    const words = [fillText(command, t), ...args.map((a) => taskArg(a, t) ?? '')];
    return [runUnder(inh.shell, words.join(' '), where, prelude(inh))];
  }
  const argv = [command, ...args.map((a) => str(isRecord(a) ? a.value : a) ?? '')];
  return [{ where, text: prelude(inh) + argv.map((w) => fillWord(w, t)).join(' ') }];
}

/** What a VS Code task's (or the file's) `options` pass down: `cwd`, `env`, `shell.executable`. */
function taskOptions(obj: Record<string, unknown>, inh: Inherited, t: Templates): Inherited {
  if (!isRecord(obj.options)) return inh;
  const o = obj.options;
  const env = withEnv(inh, o.env, t);
  const cwd = str(o.cwd);
  const shell = isRecord(o.shell) ? str(o.shell.executable) : undefined;
  return { ...env, ...(cwd ? { cwd: fillWord(cwd, t) } : {}), ...(shell ? { shell } : {}) };
}

/**
 * VS Code `tasks.json`: a task's `command` and `args` (type `shell`: one shell line, arguments
 * with spaces quoted; type `process` and task types of extensions: the program and its
 * arguments), in `options.cwd` with `options.env`, under `options.shell.executable`; the `linux`
 * and `osx` overrides are judged as well (the agent's machine may be either); `npm` tasks run
 * `npm run SCRIPT`. A task with `"runOptions": {"runOn": "folderOpen"}` runs when the folder opens.
 * Sources: https://code.visualstudio.com/docs/debugtest/tasks,
 * https://code.visualstudio.com/docs/reference/tasks-appendix (schema),
 * https://code.visualstudio.com/docs/reference/variables-reference.
 */
const VSCODE_TASKS: Reader = {
  inherit: (obj, inh, t) => taskOptions(obj, inh, t),
  commands: (obj, where, inh, t) => {
    const out = taskCommand(obj, where, inh, t);
    for (const platform of ['linux', 'osx']) {
      const over = obj[platform];
      if (!isRecord(over)) continue;
      const merged = { ...obj, ...over };
      const text = taskCommand(merged, `${where}.${platform}`, taskOptions(over, inh, t), t);
      for (const c of text) if (!out.some((o) => o.text === c.text)) out.push(c);
    }
    return out;
  },
  skip: ['linux', 'osx', 'windows', 'inputs', 'options'],
};

/** Dev container lifecycle commands; `initializeCommand` runs on the host, the others inside. */
const LIFECYCLE = [
  'initializeCommand',
  'onCreateCommand',
  'updateContentCommand',
  'postCreateCommand',
  'postStartCommand',
  'postAttachCommand',
];

/** A lifecycle command: a string runs in a shell, an array is a program and its arguments. */
function lifecycle(v: unknown, where: string, t: Templates): LaterCommand | undefined {
  if (typeof v === 'string') return { where, text: fillText(v, t) };
  if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'string'))
    return { where, text: v.map((w: string) => fillWord(w, t)).join(' ') };
  return undefined;
}

/**
 * Dev containers (`devcontainer.json`): the lifecycle commands, each a string (run by a shell), an
 * array (a program and its arguments) or an object of named commands run in parallel.
 * Sources: https://containers.dev/implementors/json_reference/ (lifecycle scripts, variables).
 */
const DEVCONTAINER: Reader = {
  commands: (obj, where, _inh, t) => {
    const out: LaterCommand[] = [];
    for (const key of LIFECYCLE) {
      const v = obj[key];
      const at = where ? `${where}.${key}` : key;
      const one = lifecycle(v, at, t);
      if (one) out.push(one);
      else if (isRecord(v))
        for (const [name, x] of Object.entries(v)) {
          const c = lifecycle(x, `${at}.${name}`, t);
          if (c) out.push(c);
        }
    }
    return out;
  },
  skip: LIFECYCLE,
};

/**
 * lefthook: `run` of a hook's `commands.NAME` and of `jobs` (groups included), run by `sh -c`
 * with the command's `env`; `{staged_files}`, `{push_files}`, `{all_files}`, `{files}` and `{0}`…
 * are file lists and arguments known when the hook runs.
 * Sources: https://lefthook.dev/configuration/ (`run`, `env`, `jobs`, templates).
 */
const LEFTHOOK: Reader = {
  inherit: (obj, inh, t) => withEnv(inh, obj.env, t),
  commands: (obj, where, inh, t) => {
    const run = str(obj.run);
    return run === undefined ? [] : [{ where: `${where}.run`, text: prelude(inh) + fillText(run, t) }];
  },
  skip: ['env'],
};

/** pre-commit languages whose `entry` is not a program (a regular expression, a message). */
const NOT_PROGRAM = new Set(['pygrep', 'fail', 'docker_image']);

/**
 * pre-commit: a hook's `entry` (a program and fixed arguments, split like a shell line) and its
 * `args`, run with the files to check appended; languages `pygrep` and `fail` have no program.
 * Sources: https://pre-commit.com/#new-hooks (hook keys), https://pre-commit.com/#repository-local-hooks.
 */
const PRE_COMMIT: Reader = {
  commands: (obj, where, _inh, t) => {
    const entry = str(obj.entry);
    if (entry === undefined || obj.id === undefined || NOT_PROGRAM.has(str(obj.language) ?? '')) return [];
    const args = Array.isArray(obj.args) ? obj.args.map((a) => str(a) ?? '') : [];
    return [
      { where: `${where}.entry`, text: [fillText(entry, t), ...args.map((a) => fillWord(a, t))].join(' ') },
    ];
  },
};

/** `${{ … }}` of GitHub Actions: every expression is a value known only when the workflow runs. */
const ACTIONS_TEMPLATES = (): Templates => ({
  re: /\$\{\{([\s\S]*?)\}\}/,
  fill: (m) => ({ variable: runtimeVariable(m[1] ?? '') }),
});

/** `$[[ inputs.x ]]` of GitLab CI: inputs of an included file, known when the pipeline is made. */
const GITLAB_TEMPLATES = (): Templates => ({
  re: /\$\[\[([\s\S]*?)\]\]/,
  fill: (m) => ({ variable: runtimeVariable(m[1] ?? '') }),
});

/** VS Code's predefined variables (`${workspaceFolder}` is the project folder). */
const VSCODE_TEMPLATES = (folder: string): Templates => ({
  re: /\$\{(workspaceFolder|workspaceRoot|workspaceFolderBasename|userHome|pathSeparator|\/|(?:env|config|input|command):[^}]+|file|fileWorkspaceFolder|relativeFile|relativeFileDirname|fileBasename|fileBasenameNoExtension|fileExtname|fileDirname|fileDirnameBasename|cwd|lineNumber|selectedText|execPath|defaultBuildTask)(?::[^}]*)?\}/,
  fill: (m) => {
    const name = m[1] ?? '';
    if (name === 'workspaceFolder' || name === 'workspaceRoot' || name === 'cwd') return { literal: folder };
    if (name === 'workspaceFolderBasename') return { literal: path.posix.basename(folder) };
    if (name === 'pathSeparator' || name === '/') return { literal: '/' };
    if (name === 'userHome') return { variable: 'HOME' };
    if (name.startsWith('env:')) return { variable: name.slice(4) };
    return { variable: runtimeVariable(`vscode_${name}`) };
  },
});

/** Dev container variables (`${localWorkspaceFolder}` is the project folder on the host). */
const DEVCONTAINER_TEMPLATES = (folder: string): Templates => ({
  re: /\$\{(localWorkspaceFolder|localWorkspaceFolderBasename|containerWorkspaceFolder|containerWorkspaceFolderBasename|devcontainerId|(?:localEnv|containerEnv):[A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}/,
  fill: (m) => {
    const name = m[1] ?? '';
    if (name === 'localWorkspaceFolder') return { literal: folder };
    if (name === 'localWorkspaceFolderBasename') return { literal: path.posix.basename(folder) };
    if (name.includes(':')) return { variable: name.slice(name.indexOf(':') + 1) };
    return { variable: runtimeVariable(name) };
  },
});

/** lefthook's templates: file lists and arguments known when the hook runs. */
const LEFTHOOK_TEMPLATES = (): Templates => ({
  re: /\{(staged_files|push_files|all_files|files|cmd|lefthook_job_name|[0-9]+)\}/,
  fill: (m) => ({ variable: runtimeVariable(`lefthook_${m[1] ?? ''}`) }),
});

/**
 * The run-later files: path globs ⇒ where their commands are. `.git/hooks` files are judged as
 * scripts too (git runs them on commit, push, checkout…); their `.sample`s are not.
 */
export const RUN_LATER_FILES: readonly RunLaterFile[] = [
  {
    id: 'github-actions',
    globs: [
      '**/.github/workflows/*.{yml,yaml}',
      '**/.gitea/workflows/*.{yml,yaml}',
      '**/.forgejo/workflows/*.{yml,yaml}',
    ],
    what: 'a CI workflow (runs on its triggers)',
    format: 'yaml',
    sources: ['https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax'],
    reader: GITHUB,
    templates: ACTIONS_TEMPLATES,
  },
  {
    id: 'github-composite-action',
    globs: ['**/action.{yml,yaml}'],
    what: 'a composite action (runs in the workflows that use it)',
    format: 'yaml',
    sources: ['https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax'],
    reader: GITHUB,
    templates: ACTIONS_TEMPLATES,
  },
  {
    id: 'gitlab-ci',
    globs: ['**/.gitlab-ci.yml', '**/*.gitlab-ci.yml'],
    what: 'a GitLab CI pipeline',
    format: 'yaml',
    sources: ['https://docs.gitlab.com/ci/yaml/'],
    reader: GITLAB,
    templates: GITLAB_TEMPLATES,
  },
  {
    id: 'vscode-tasks',
    globs: ['**/.vscode/tasks.json'],
    what: 'VS Code tasks (run on demand, or when the folder opens)',
    format: 'jsonc',
    sources: ['https://code.visualstudio.com/docs/reference/tasks-appendix'],
    reader: VSCODE_TASKS,
    templates: VSCODE_TEMPLATES,
  },
  {
    id: 'devcontainer',
    globs: [
      '**/.devcontainer/devcontainer.json',
      '**/.devcontainer/*/devcontainer.json',
      '**/.devcontainer.json',
    ],
    what: 'a dev container (its lifecycle commands run on create and start; initializeCommand on the host)',
    format: 'jsonc',
    sources: ['https://containers.dev/implementors/json_reference/'],
    reader: DEVCONTAINER,
    templates: DEVCONTAINER_TEMPLATES,
  },
  {
    id: 'lefthook',
    globs: ['**/{,.}lefthook{,-local}.{yml,yaml}', '**/.config/lefthook{,-local}.{yml,yaml}'],
    what: 'lefthook git hooks',
    format: 'yaml',
    sources: ['https://lefthook.dev/configuration/'],
    reader: LEFTHOOK,
    templates: LEFTHOOK_TEMPLATES,
  },
  {
    id: 'pre-commit',
    globs: ['**/.pre-commit-config.{yaml,yml}'],
    what: 'pre-commit hooks',
    format: 'yaml',
    sources: ['https://pre-commit.com/#new-hooks'],
    reader: PRE_COMMIT,
  },
  {
    id: 'husky',
    globs: ['**/.husky/*'],
    what: 'a husky git hook (run by sh on commit, push…)',
    format: 'script',
    sources: ['https://typicode.github.io/husky/get-started.html'],
  },
  {
    id: 'direnv',
    globs: ['**/.envrc'],
    what: 'a direnv file (run by bash on entering the folder)',
    format: 'script',
    sources: ['https://direnv.net/man/direnv-stdlib.1.html'],
  },
  {
    id: 'git-hook',
    globs: ['**/.git/hooks/*'],
    what: 'a git hook',
    format: 'script',
    sources: ['https://git-scm.com/docs/githooks'],
  },
];

const RUN_LATER_RES = RUN_LATER_FILES.map((f) => ({ file: f, res: f.globs.map(globRegExp) }));

/** The {@link RUN_LATER_FILES} entry `file` (a normalised path, `/` separators) falls under. */
export function runLaterFile(file: string): RunLaterFile | undefined {
  const p = file.replace(/\\/g, '/');
  if (p.endsWith('.sample')) return undefined;
  return RUN_LATER_RES.find((e) => e.res.some((re) => re.test(p)))?.file;
}

/** The project folder of `file`: above `.vscode`, `.devcontainer`, `.github`…, else its folder. */
function projectFolder(file: string): string {
  const m = /^(.*?)\/?\.(vscode|devcontainer|github|gitea|forgejo|husky|git|config)\//.exec(file);
  if (m) return m[1] || '.';
  return path.posix.dirname(file);
}

/** `#!/usr/bin/env python3` ⇒ `python3`; `undefined` without a `#!` line. */
function shebangProgram(text: string): string | undefined {
  if (!text.startsWith('#!')) return undefined;
  const words = (text.slice(2).split('\n')[0] ?? '').trim().split(/\s+/);
  const first = basename(words[0]);
  if (first !== 'env') return first;
  return basename(words.slice(1).find((w) => !w.startsWith('-') && !/^\w+=/.test(w)));
}

/** Whether a run-later script's text is shell (no `#!` line, or one naming a shell). */
export function isShellText(text: string): boolean {
  const program = shebangProgram(text);
  return program === undefined || SHELLS.has(program);
}

/** A document's text parsed; `undefined` when it does not parse. */
function parseDoc(text: string, format: 'yaml' | 'jsonc', fragment: boolean): unknown {
  if (format === 'jsonc') {
    for (const candidate of fragment ? [text, `{${text}}`, `[${text}]`] : [text]) {
      const errors: ParseError[] = [];
      const data: unknown = parseJsonc(candidate, errors, { allowTrailingComma: true });
      if (!errors.length) return data;
    }
    return undefined;
  }
  try {
    const doc = parseDocument(text, {
      logLevel: 'silent',
      uniqueKeys: false,
      // A `!reference` names another job's lines: read as no lines (that job is read itself).
      customTags: [{ tag: '!reference', collection: 'seq', resolve: () => new YAMLSeq() }],
    });
    if (doc.errors.length) return undefined;
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

/** `where` of an edit's text judged as shell because it is no part of the document's structure. */
export const EDITED = '(edited text)';

/** Options of {@link laterCommands}. */
export interface LaterOptions {
  /**
   * The text is a part of the file (an edit's new text, a patch's added lines): read as far as it
   * parses; a part that does not parse or is only a string (lines added inside a `run: |` block,
   * the new text of a JSON string) is judged as shell, where {@link EDITED}.
   */
  fragment?: boolean;
}

/**
 * The commands `text`, written to `file` (a normalised path), will run later, or `undefined` when
 * the path is not a run-later file or the text is not read (too large; a document that does not
 * parse, which its runner would refuse too). A script file is one command at `where` ''.
 */
export function laterCommands(
  file: string,
  text: string,
  opts: LaterOptions = {},
): { file: RunLaterFile; commands: LaterCommand[] } | undefined {
  const kind = runLaterFile(file);
  if (!kind || text.length > MAX_CHARS) return undefined;
  const folder = projectFolder(file.replace(/\\/g, '/'));
  const t = kind.templates?.(folder) ?? { fill: () => undefined };
  if (kind.format === 'script') {
    const program = shebangProgram(text);
    const one =
      program === undefined || SHELLS.has(program) ? { where: '', text } : runUnder(program, text, '');
    return { file: kind, commands: [one] };
  }
  const doc = parseDoc(text, kind.format, opts.fragment === true);
  // A part that is no mapping or list (lines inside a `run: |` block, a string's new text) is shell.
  if (opts.fragment && (doc === undefined || typeof doc === 'string'))
    return { file: kind, commands: [{ where: EDITED, text: fillText(text, t) }] };
  if (doc === undefined || !kind.reader) return undefined;
  const reader = kind.reader;
  const out: LaterCommand[] = [];
  const visit = (v: unknown, where: string, inh: Inherited, depth: number): void => {
    if (depth > MAX_DEPTH || out.length >= MAX_COMMANDS) return;
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${where}[${i}]`, inh, depth + 1));
    if (!isRecord(v)) return;
    const here = reader.inherit ? reader.inherit(v, inh, t) : inh;
    out.push(...reader.commands(v, where, here, t).map((c) => withEnvOf(c, here)));
    for (const [k, x] of Object.entries(v))
      if (!reader.skip?.includes(k) && typeof x === 'object')
        visit(x, where ? `${where}.${k}` : k, here, depth + 1);
  };
  visit(doc, '', { env: new Map() }, 0);
  return { file: kind, commands: out.slice(0, MAX_COMMANDS) };
}
