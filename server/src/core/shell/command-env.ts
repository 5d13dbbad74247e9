import type { ShellCommand, ShellWord } from './model';
import type { Unwrapped } from './wrappers';

/**
 * Environment variables whose value is a command line that programs run later: pagers, editors,
 * ssh and askpass programs, input preprocessors, browsers. Setting one, as an assignment before a
 * program (`PAGER='…' git log`, `env EDITOR=… git commit`), as a statement or with `export`
 * (`export GIT_SSH_COMMAND=…`, which every later command of the shell inherits), plants that
 * command: it is judged where it is set, as the command it will become, whatever program comes
 * next (any of them, or a child of theirs, may read it). A value only known at run time is opaque.
 *
 * The same table holds the variables whose value makes programs load *code* (`LD_PRELOAD`,
 * `NODE_OPTIONS=--require …`, `PYTHONPATH` with a `sitecustomize.py`, `PERL5OPT=-M…`,
 * `RUBYOPT=-r…`, `JAVA_TOOL_OPTIONS=-javaagent:…`): their `how` says how the value names that
 * code, and `code-env.ts` judges it, wherever it is set, as the code it loads.
 *
 * Variables that steer Railguard or the shells it hooks (`BASH_ENV`, `ENV`, `PROMPT_COMMAND`…)
 * are the control surface (`control-surface.ts`), judged by `control-env-change`.
 */
export interface CommandEnvVar {
  /** Variable names. */
  names: readonly string[];
  /**
   * How the value is read: `shell`, a command line (run by `sh -c`, or split into a program and
   * its arguments, which judges the same); `preprocessor`, less's `|CMD %s` / `||CMD` / `-CMD`
   * forms, whose marks are not part of the command. The other kinds name code loaded into the
   * programs (see {@link CodeEnvHow}).
   */
  how: 'shell' | 'preprocessor' | CodeEnvHow;
  /** The programs documented to run it, for docs. */
  readers: string;
  /** Manual pages that say so. */
  sources: readonly string[];
}

/**
 * How a code-loading variable names the code (`code-env.ts`): `native-preload`, shared objects
 * loaded into every dynamically linked program; `node-options`, `perl-options`, `ruby-options`,
 * `java-options`, command-line options of that runtime (only their module-loading ones load code);
 * `python-path`, `perl-lib`, `ruby-lib`, folders searched for modules (Python imports a
 * `sitecustomize`/`usercustomize` module from them at start-up); `python-startup`, a file an
 * interactive `python` runs (read by `interpreters.ts`).
 */
export type CodeEnvHow =
  | 'native-preload'
  | 'node-options'
  | 'python-path'
  | 'python-startup'
  | 'perl-options'
  | 'perl-lib'
  | 'ruby-options'
  | 'ruby-lib'
  | 'java-options';

/** The catalogue (see {@link CommandEnvVar}). */
export const COMMAND_ENV_VARS: readonly CommandEnvVar[] = [
  {
    names: [
      'GIT_PAGER',
      'GIT_EDITOR',
      'GIT_SEQUENCE_EDITOR',
      'GIT_SSH_COMMAND',
      'GIT_SSH',
      'GIT_ASKPASS',
      'GIT_EXTERNAL_DIFF',
      'GIT_PROXY_COMMAND',
    ],
    how: 'shell',
    readers: 'git',
    sources: ['https://git-scm.com/docs/git#_environment_variables', 'https://git-scm.com/docs/git-var'],
  },
  {
    names: ['PAGER'],
    how: 'shell',
    readers: 'man, git, psql, mysql, systemctl, journalctl, gh and most programs that page output',
    sources: [
      'https://man7.org/linux/man-pages/man1/man.1.html#ENVIRONMENT',
      'https://git-scm.com/docs/git-var#Documentation/git-var.txt-GITPAGER',
      'https://www.postgresql.org/docs/current/app-psql.html#APP-PSQL-ENVIRONMENT',
    ],
  },
  {
    names: ['MANPAGER'],
    how: 'shell',
    readers: 'man',
    sources: ['https://man7.org/linux/man-pages/man1/man.1.html#ENVIRONMENT'],
  },
  {
    names: ['EDITOR', 'VISUAL'],
    how: 'shell',
    readers:
      'git, crontab -e, sudoedit, visudo, kubectl edit, psql \\e, fc and most programs that open an editor',
    sources: [
      'https://pubs.opengroup.org/onlinepubs/9799919799/utilities/crontab.html',
      'https://git-scm.com/docs/git-var#Documentation/git-var.txt-GITEDITOR',
      'https://www.sudo.ws/docs/man/sudo.man/#ENVIRONMENT',
    ],
  },
  {
    names: ['FCEDIT'],
    how: 'shell',
    readers: 'the fc builtin',
    sources: ['https://www.gnu.org/software/bash/manual/bash.html#index-fc'],
  },
  {
    names: ['LESSOPEN', 'LESSCLOSE'],
    how: 'preprocessor',
    readers: 'less',
    sources: [
      'https://man7.org/linux/man-pages/man1/less.1.html#INPUT_PREPROCESSOR',
      'https://gtfobins.github.io/gtfobins/less/',
    ],
  },
  {
    names: ['SSH_ASKPASS'],
    how: 'shell',
    readers: 'ssh, ssh-add',
    sources: ['https://man.openbsd.org/ssh#ENVIRONMENT'],
  },
  {
    names: ['SUDO_ASKPASS'],
    how: 'shell',
    readers: 'sudo -A',
    sources: ['https://www.sudo.ws/docs/man/sudo.man/#ENVIRONMENT'],
  },
  {
    names: ['SYSTEMD_PAGER', 'SYSTEMD_EDITOR'],
    how: 'shell',
    readers: 'systemctl, journalctl, systemctl edit',
    sources: ['https://www.freedesktop.org/software/systemd/man/latest/systemctl.html#Environment'],
  },
  {
    names: ['KUBE_EDITOR'],
    how: 'shell',
    readers: 'kubectl edit',
    sources: ['https://kubernetes.io/docs/reference/kubectl/generated/kubectl_edit/'],
  },
  {
    names: ['GH_PAGER', 'GH_EDITOR', 'GH_BROWSER'],
    how: 'shell',
    readers: 'gh',
    sources: ['https://cli.github.com/manual/gh_help_environment'],
  },
  {
    names: ['AWS_PAGER'],
    how: 'shell',
    readers: 'aws',
    sources: [
      'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-pagination.html#cli-usage-pagination-clientside',
    ],
  },
  {
    names: ['PSQL_PAGER', 'PSQL_EDITOR'],
    how: 'shell',
    readers: 'psql',
    sources: ['https://www.postgresql.org/docs/current/app-psql.html#APP-PSQL-ENVIRONMENT'],
  },
  {
    names: ['BROWSER'],
    how: 'shell',
    readers: "xdg-open, Python's webbrowser, gh, npm and other programs that open a page",
    sources: ['https://docs.python.org/3/library/webbrowser.html'],
  },
  {
    names: ['LD_PRELOAD', 'LD_AUDIT'],
    how: 'native-preload',
    readers: 'the dynamic linker, in every dynamically linked program',
    sources: [
      'https://man7.org/linux/man-pages/man8/ld.so.8.html#ENVIRONMENT',
      'https://man7.org/linux/man-pages/man7/rtld-audit.7.html',
      'https://attack.mitre.org/techniques/T1574/006/',
    ],
  },
  {
    names: ['DYLD_INSERT_LIBRARIES'],
    how: 'native-preload',
    readers: 'dyld, in every dynamically linked program on macOS',
    sources: ['https://attack.mitre.org/techniques/T1574/006/', 'https://www.manpagez.com/man/1/dyld/'],
  },
  {
    names: ['NODE_OPTIONS'],
    how: 'node-options',
    readers: 'node, and every tool written in it (npm, npx, jest, tsc…)',
    sources: ['https://nodejs.org/api/cli.html#node_optionsoptions'],
  },
  {
    names: ['PYTHONPATH'],
    how: 'python-path',
    readers: 'python',
    sources: [
      'https://docs.python.org/3/using/cmdline.html#envvar-PYTHONPATH',
      'https://docs.python.org/3/library/site.html#module-sitecustomize',
    ],
  },
  {
    names: ['PYTHONSTARTUP'],
    how: 'python-startup',
    readers: 'interactive python',
    sources: ['https://docs.python.org/3/using/cmdline.html#envvar-PYTHONSTARTUP'],
  },
  {
    names: ['PERL5OPT'],
    how: 'perl-options',
    readers: 'perl',
    sources: ['https://perldoc.perl.org/perlrun#PERL5OPT'],
  },
  {
    names: ['PERL5LIB', 'PERLLIB'],
    how: 'perl-lib',
    readers: 'perl',
    sources: ['https://perldoc.perl.org/perlrun#PERL5LIB'],
  },
  {
    names: ['RUBYOPT'],
    how: 'ruby-options',
    readers: 'ruby, and every tool written in it (bundle, rake, gem…)',
    sources: ['https://docs.ruby-lang.org/en/master/ruby_1.html#label-ENVIRONMENT'],
  },
  {
    names: ['RUBYLIB'],
    how: 'ruby-lib',
    readers: 'ruby',
    sources: ['https://docs.ruby-lang.org/en/master/ruby_1.html#label-ENVIRONMENT'],
  },
  {
    names: ['JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS'],
    how: 'java-options',
    readers: 'the JVM (java, and every tool running on it: mvn, gradle, sbt…)',
    sources: [
      'https://docs.oracle.com/en/java/javase/21/troubleshoot/environment-variables-and-system-properties.html',
      'https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html#using-the-jdk_java_options-launcher-environment-variable',
      'https://docs.oracle.com/en/java/javase/21/docs/api/java.instrument/java/lang/instrument/package-summary.html',
    ],
  },
];

const BY_NAME: ReadonlyMap<string, CommandEnvVar> = new Map(
  COMMAND_ENV_VARS.flatMap((e) => e.names.map((n) => [n, e] as const)),
);

/** The catalogue entry of variable `name`, if its value is a command. */
export function commandEnvVar(name: string): CommandEnvVar | undefined {
  return BY_NAME.get(name);
}

/**
 * The commands `cmd`'s assignments plant (`PAGER=CMD git log`, `export EDITOR=CMD`, `EDITOR=CMD`
 * alone): each value of a {@link COMMAND_ENV_VARS} variable as shell text, or opaque when built at
 * run time. Placed on the command (assignments keep no span of their own).
 */
export function commandEnvTexts(cmd: ShellCommand): Unwrapped[] {
  const out: Unwrapped[] = [];
  for (const a of cmd.assignments) {
    const entry = BY_NAME.get(a.name);
    if (entry?.how !== 'shell' && entry?.how !== 'preprocessor') continue;
    const wrapper = `$${a.name}`;
    if (a.value === undefined) {
      const word: ShellWord = { value: undefined, raw: a.raw ?? `$${a.name}`, span: cmd.span };
      out.push({ kind: 'opaque', wrapper, word, option: a.name });
      continue;
    }
    // less: `|CMD %s` pipes CMD's output, `||CMD` also for empty output, `-` before either lets
    // it read a pipe (less(1) INPUT PREPROCESSOR); the marks are not part of the command.
    const text = entry.how === 'preprocessor' ? a.value.replace(/^\s*\|?\|?-?/, '') : a.value;
    if (text.trim() === '') continue;
    out.push({ kind: 'text', wrapper, words: [{ value: text, raw: text, span: cmd.span }] });
  }
  return out;
}
