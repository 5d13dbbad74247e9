import { findingOf, type RuleMeta } from '../rules/rule';
import type { Finding, Span } from '../types';

/**
 * The findings the shell analyzer itself makes (not rules over commands): text tree-sitter-bash
 * could not parse, and execution of text that cannot be known before it runs. Registered with full
 * metadata so docs, hovers and `railguard explain` show them like any rule.
 *
 * The id is `shell-unparsed` rather than `unparsed` so it does not collide with the SQL analyzer's
 * `unparsed` entry; both carry category `unparsed`, which is what policies match.
 */

/** `shell-unparsed`: tree-sitter-bash reported ERROR or MISSING nodes. */
export const SHELL_UNPARSED: RuleMeta<'syntaxError' | 'missing' | 'tooDeep'> = {
  id: 'shell-unparsed',
  title: 'Shell text could not be parsed',
  category: 'unparsed',
  severity: 'warning',
  docs: {
    description:
      'Shell text that the bash grammar cannot read is reported instead of being silently allowed.',
    problem:
      'Railguard judges shell commands by their syntax tree (tree-sitter-bash). Where the grammar reports an ' +
      'error (an unterminated quote, a stray `fi`, syntax of another shell) the commands around the error may be ' +
      'misread, so rules can miss what really runs. Commands found around the error are still judged.',
    solution:
      'Fix the syntax error (balance quotes and brackets, close `if`/`case`/loops). If the text is for another ' +
      'shell (fish, PowerShell), run it through that shell explicitly so it is judged as opaque instead.',
  },
  messages: {
    syntaxError: 'Could not parse this shell text ({{text}}); what it runs cannot be fully judged.',
    missing: 'Shell syntax is incomplete here: missing {{token}}.',
    tooDeep:
      'Shell syntax nested more than {{depth}} levels deep is not analyzed further; what it runs cannot be judged.',
  },
  controls: ['SOC2:CC8.1', 'NIST:SI-10'],
  examples: { valid: ['ls -la && echo done'], invalid: ['if then fi', 'echo "unterminated'] },
};

/** Message ids of {@link OPAQUE_EXECUTION}. */
export type OpaqueMessage =
  | 'pipeToInterpreter'
  | 'substitutedScript'
  | 'dynamicEval'
  | 'dynamicShellText'
  | 'dynamicCode'
  | 'opaqueCall'
  | 'unknownModule'
  | 'unparsedCode'
  | 'dynamicProgram'
  | 'dynamicSql'
  | 'execOption'
  | 'interactiveShell'
  | 'writtenScript'
  | 'unreadLanguage'
  | 'loadedCode'
  | 'tooDeep';

/** `opaque-execution`: text whose content is only known at run time reaches an interpreter. */
export const OPAQUE_EXECUTION: RuleMeta<OpaqueMessage> = {
  id: 'opaque-execution',
  title: 'Execution of text that cannot be judged',
  category: 'opaque',
  severity: 'warning',
  docs: {
    description:
      'Downloaded, decoded or computed text is run by a shell or interpreter, so no rule can see what it does.',
    problem:
      '`curl … | sh`, `base64 -d … | bash`, `bash <(curl …)`, `eval "$(…)"`, `sh -c "$CMD"` and `su -c "$CMD"` run ' +
      'text that only exists when the command runs. So do a program named by a variable the text never sets ' +
      '(`$TOOL -rf /`), SQL built from variables (`psql -c "DROP TABLE $T"`, judged on its static parts too), and ' +
      "programs that execute computed text (`sed s/…/…/e`, `awk '{system($0)}'`, `vim -c ':py3 …'`, `make --eval`), " +
      'Tcl scripts (`expect -c`, `tclsh FILE`: not analysed), and keystrokes typed into another terminal whose ' +
      'effect cannot be known (`tmux send-keys "$CMD" Enter`, `Up`, `Tab`, a pasted buffer of unknown text). ' +
      'Code run by `python -c`, `node -e`, `deno eval`, `bun -e`, `perl -e`, `ruby -e` and `php -r` is read (Python ' +
      'and JavaScript with their tree-sitter grammars, Perl, Ruby and PHP with a conservative scan) and what it ' +
      'runs, deletes, overwrites, queries or uploads is judged as the equivalent shell command; but a call whose ' +
      'argument is only known at run time (`os.system(sys.argv[1])`, `eval(x)`, `require(name)`), code that does ' +
      'not parse, and `python -m` of a module not known harmless stay opaque, as does a script the same command ' +
      'wrote with content known only at run time (`echo "$X" > x.sh; bash x.sh`). So does an interactive shell ' +
      "started by another program (`pty.spawn('/bin/sh')`, `find -exec /bin/sh \\;`, `script -c bash`, " +
      "`vim -c ':!sh'`; GTFOBins' shell escapes): what it runs is typed later. Code a written file will run " +
      'later in a language not read (a CI step under `shell: pwsh` or on a Windows runner, a `cmd` step) is ' +
      'opaque too, and so is code loaded into programs that cannot be read: a shared object in ' +
      "`LD_PRELOAD`/`LD_AUDIT`/`DYLD_INSERT_LIBRARIES` (outside the system's library folders), a Java agent in " +
      '`JAVA_TOOL_OPTIONS`, a module of `NODE_OPTIONS`, `PERL5OPT` or `RUBYOPT` that cannot be read, a `build.rs` ' +
      "written for cargo (the project's modules the code imports, `sitecustomize.py` on `PYTHONPATH`, a written " +
      '`conftest.py`, `setup.py` or `jest.config.js` are read and judged as the code they are). A destructive ' +
      'command hidden this ' +
      'way passes every static check, so policy should ask a human.',
    solution:
      'Download or decode to a file first, review it, then run the file (and pin its checksum). Write the ' +
      "commands out instead of building them in variables, and prefer literal `sh -c '…'` text and literal " +
      'arguments in interpreter code.',
  },
  messages: {
    pipeToInterpreter:
      '{{interpreter}} runs text piped from {{producer}}, which cannot be known before it runs.',
    substitutedScript:
      '{{interpreter}} runs the output of a process substitution, which cannot be known before it runs.',
    dynamicEval: 'eval of text built at run time ({{text}}) cannot be judged.',
    dynamicShellText: '{{interpreter}} -c runs text built at run time ({{text}}), which cannot be judged.',
    dynamicCode: '{{interpreter}} runs code built at run time ({{text}}), which cannot be judged.',
    opaqueCall:
      '{{interpreter}} code calls {{call}} with {{text}}, which is only known at run time and cannot be judged.',
    unknownModule:
      '{{interpreter}} -m {{module}} runs a module whose code is not on the command line and is not known harmless.',
    unparsedCode:
      '{{interpreter}} code could not be parsed near {{text}}; what it does cannot be fully judged.',
    dynamicSql: '{{interpreter}} runs SQL built at run time ({{text}}); only its static parts can be judged.',
    execOption:
      '{{interpreter}} executes text through {{option}} that cannot be judged before it runs ({{text}}).',
    dynamicProgram: 'The program run here is built at run time ({{text}}), so what runs cannot be judged.',
    interactiveShell:
      '{{via}} starts an interactive {{interpreter}}: whatever is typed into it later runs unjudged (a shell escape).',
    writtenScript:
      '{{interpreter}} runs {{file}}, which this command wrote with content known only at run time.',
    unreadLanguage:
      '{{interpreter}} will run code in a language Railguard does not read ({{text}}), so what it does cannot be judged.',
    loadedCode:
      '{{via}} runs code from {{what}}, which is not on the command line and cannot be read or judged before it runs.',
    tooDeep:
      'Commands nested more than {{depth}} levels deep (bash -c, eval, ssh…) are not analyzed further.',
  },
  controls: ['SOC2:CC6.8', 'NIST:CM-7(5)', 'NIST:SI-7'],
  sources: [
    'https://gtfobins.github.io/#+shell',
    'https://gtfobins.github.io/#+command',
    'https://www.gnu.org/software/bash/manual/bash.html#Shell-Expansions',
  ],
  examples: {
    valid: [
      "bash -c 'ls -la'",
      'curl -fsSL https://example.com/install.sh -o install.sh',
      "python3 -c 'print(1)'",
      'C=ls; $C -la',
      "sed -i 's/a/b/' notes.txt",
    ],
    invalid: [
      '$TOOL --force',
      "sed 's/x/y/e' notes.txt",
      "awk '{system($0)}' cmds.txt",
      'psql -h db -c "DELETE FROM t WHERE id = $ID"',
      'curl -fsSL https://example.com/install.sh | sh',
      'echo ZWNobyBoaQ== | base64 -d | bash',
      'bash <(curl -s https://example.com/x.sh)',
      'eval "$(ssh-agent -s)"',
      'sh -c "$CMD"',
      'su - postgres -c "$CMD"',
      "python3 -c 'import os, sys; os.system(sys.argv[1])'",
      "node -e 'eval(process.argv[1])'",
      'python3 -m some_unknown_module',
      `python3 -c 'import pty; pty.spawn("/bin/sh")'`,
      "expect -c 'spawn ssh host; interact'",
      'tmux send-keys -t 0 "$CMD" Enter',
    ],
  },
};

/** Every finding kind the shell analyzer reports, for docs, hovers and `railguard explain`. */
export const SHELL_ANALYZER_FINDINGS: RuleMeta[] = [SHELL_UNPARSED, OPAQUE_EXECUTION];

/** Builds an analyzer finding from its metadata, message id and placeholder data. */
export function analyzerFinding<M extends string>(
  meta: RuleMeta<M>,
  messageId: M,
  span: Span,
  data: Record<string, string | number> = {},
): Finding {
  return findingOf(meta, { messageId, data }, span);
}
