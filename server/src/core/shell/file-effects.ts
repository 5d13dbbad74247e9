/**
 * File effects of shell commands: each unwrapped {@link ShellCommand} reduced to
 * {@link ActionEffect}s on `path` resources (deletes, truncation, overwrites, appends), with the
 * target resolved through `cd` earlier on the same line, the action's working directory, `~` /
 * `$HOME` and well-known variables, and kept `dynamic` when built at run time.
 *
 * Knowledge is data: {@link FILE_PROGRAMS} has one entry per program with its manual page. What
 * a class of path means (build output, service data, Railguard's own files…) is decided later, by
 * policy (`resources/classify.ts`); analysis stays policy-free.
 */
import { parseOptions } from '../rules/shell/util/options';
import { normalizePath, resolvePath } from '../resources/paths';
import type { ActionEffect, EffectVerb, Span } from '../types';
import { isEmptySourceWord, printsNothing } from './empty-source';
import { feederRoots, placeholderOf } from './feeders';
import { target, textTarget, type FileProgram, type FileScope, type RawTarget } from './file-targets';
import { GIT_CONFIG_FILES, GIT_FILES } from './git-files';
import type { ShellAnalysis, ShellCommand, ShellWord } from './model';

export type { FileProgram, FileScope } from './file-targets';

/** One file effect of a command and where the text names its target. */
export interface FileEffect {
  effect: ActionEffect;
  scope: FileScope;
  /** The target word, option or redirection in the action text. */
  span: Span;
  /** The target as written (quotes removed), for messages. */
  written: string;
}

/** `cp`/`mv`/`install`/`ln`: the destination (`-t DIR` or the last operand) and the sources. */
function copyLike(cmd: ShellCommand, shortWithValue: string, longWithValue: string[]) {
  const parsed = parseOptions(cmd.argv.slice(1), { shortWithValue, longWithValue });
  const dirOpt = parsed.all('t', 'target-directory').pop();
  const pos = parsed.positionals;
  if (dirOpt) return { parsed, dest: dirOpt.text, destWord: dirOpt.word, sources: pos };
  if (pos.length < 2) return { parsed, dest: undefined, destWord: undefined, sources: pos };
  const last = pos[pos.length - 1] as ShellWord;
  return {
    parsed,
    dest: last.value ?? last.raw.replace(/["']/g, ''),
    destWord: last,
    sources: pos.slice(0, -1),
  };
}

/**
 * True for a `chmod` word that is a symbolic mode starting with `-` (`-x`, `-rw`, `-w,g+r`) rather
 * than one of chmod's options (`-c`, `-f`, `-v`, `-R`, long options).
 */
function isDashMode(v: string | undefined): boolean {
  return (
    v !== undefined &&
    /^-[rwxXstugo]*(?:[-+=,][rwxXstugo]*)*$/.test(v) &&
    v.length > 1 &&
    !/^-[cfvR]+$/.test(v)
  );
}

/** True for a `chmod` mode that removes every permission (`000`, `0`, `a-rwx`, `ugo=`, `-rwx`). */
function removesAllAccess(mode: string): boolean {
  return /^0+$/.test(mode) || /^(a|ugo)?(-rwx|=)$/.test(mode);
}

/**
 * True when a `find … -delete` expression selects folders only (`-type d` joined by AND, no
 * `-o`/`-or`/`,`/`!`/`-not` anywhere, no other `-type`/`-xtype`): `-delete` removes a folder with
 * rmdir(2), which fails on one that is not empty, so nothing with content is deleted. Source:
 * GNU findutils manual, "Delete Files" (`-delete` "will fail" on a non-empty directory).
 */
function deletesOnlyFolders(words: readonly ShellWord[]): boolean {
  const values = words.map((w) => w.value);
  if (values.some((v) => v === undefined || ['-o', '-or', ',', '!', '-not', '-xtype'].includes(v)))
    return false;
  const types = values.flatMap((v, i) => (v === '-type' ? [values[i + 1]] : []));
  return types.length === 1 && types[0] === 'd';
}

/** Whether a remote rsync/scp operand (`host:path`, `rsync://…`) rather than a local path. */
function isRemoteOperand(text: string): boolean {
  return /^[^/]*:/.test(text) && !/^[A-Za-z]:[\\/]/.test(text);
}

/** `find` tests that select some files (find(1) "TESTS"), as opposed to every file below a root. */
const FIND_TESTS = new Set(
  [
    'name',
    'iname',
    'path',
    'ipath',
    'wholename',
    'iwholename',
    'regex',
    'iregex',
    'lname',
    'ilname',
    'type',
    'xtype',
    'mtime',
    'mmin',
    'ctime',
    'cmin',
    'atime',
    'amin',
    'newer',
    'anewer',
    'cnewer',
    'newermt',
    'size',
    'empty',
    'perm',
    'user',
    'group',
    'uid',
    'gid',
    'nouser',
    'nogroup',
    'inum',
    'samefile',
    'links',
    'used',
    'not',
  ]
    .map((t) => `-${t}`)
    .concat(['!']),
);

/** The programs, one entry each, with their sources. */
export const FILE_PROGRAMS: readonly FileProgram[] = [
  {
    programs: ['rm'],
    source: 'https://man7.org/linux/man-pages/man1/rm.1.html',
    targets: (cmd) => {
      const p = parseOptions(cmd.argv.slice(1));
      // `rm -i` asks before every removal; the last of -i/-I/-f wins (GNU coreutils rm).
      const last = p.all('i', 'interactive', 'I', 'f', 'force').pop();
      if (last && (last.name === 'i' || (last.name === 'interactive' && last.value !== 'never'))) return [];
      const scope: FileScope = p.has('r', 'R', 'recursive') ? 'tree' : 'file';
      return p.positionals.map((w) => target(w, 'destroy', scope));
    },
  },
  {
    programs: ['unlink'],
    source: 'https://man7.org/linux/man-pages/man1/unlink.1.html',
    targets: (cmd) => parseOptions(cmd.argv.slice(1)).positionals.map((w) => target(w, 'destroy', 'file')),
  },
  {
    // rmdir(1) removes only empty folders (`-p` their parents, when empty too;
    // `--ignore-fail-on-non-empty` only silences the failure): no content is lost.
    programs: ['rmdir'],
    source: 'https://man7.org/linux/man-pages/man1/rmdir.1.html',
    targets: () => [],
  },
  {
    programs: ['shred', 'wipe', 'srm'],
    source: 'https://man7.org/linux/man-pages/man1/shred.1.html',
    targets: (cmd) => {
      const p = parseOptions(cmd.argv.slice(1), {
        shortWithValue: 'nsx',
        longWithValue: ['iterations', 'size'],
      });
      const scope: FileScope = cmd.name !== 'shred' && p.has('r', 'R', 'recursive') ? 'tree' : 'file';
      return p.positionals.map((w) => target(w, 'destroy', scope));
    },
  },
  {
    programs: ['truncate'],
    source: 'https://man7.org/linux/man-pages/man1/truncate.1.html',
    targets: (cmd) => {
      const p = parseOptions(cmd.argv.slice(1), {
        shortWithValue: 'sr',
        longWithValue: ['size', 'reference'],
      });
      if (p.value('s', 'size')?.startsWith('+')) return [];
      return p.positionals.map((w) => target(w, 'destroy', 'file'));
    },
  },
  {
    programs: ['tee'],
    source: 'https://man7.org/linux/man-pages/man1/tee.1.html',
    targets: (cmd) => {
      const p = parseOptions(cmd.argv.slice(1), { longWithValue: ['output-error'] });
      const append = p.has('a', 'append');
      return p.positionals.map((w) =>
        target(w, append ? 'write' : 'overwrite', append ? 'append' : 'content'),
      );
    },
  },
  {
    programs: ['cp', 'install'],
    source: 'https://man7.org/linux/man-pages/man1/cp.1.html',
    targets: (cmd) => {
      const spec = cmd.name === 'install' ? 'gmoSt' : 'St';
      const { parsed, dest, destWord, sources } = copyLike(cmd, spec, [
        'target-directory',
        'suffix',
        'owner',
        'group',
        'mode',
      ]);
      if (!dest || !destWord || (cmd.name === 'install' && parsed.has('d', 'directory'))) return [];
      // Without clobbering, new files are still written into the destination.
      if (parsed.has('n', 'no-clobber') || parsed.value('update') === 'none')
        return [textTarget(dest, destWord, 'write', 'append')];
      // Copying an empty file over the destination empties it: its content is destroyed.
      if (sources.length > 0 && sources.every(isEmptySourceWord))
        return [textTarget(dest, destWord, 'destroy', 'file')];
      return [textTarget(dest, destWord, 'overwrite', 'content')];
    },
  },
  {
    programs: ['mv'],
    source: 'https://man7.org/linux/man-pages/man1/mv.1.html',
    targets: (cmd) => {
      const { parsed, dest, destWord, sources } = copyLike(cmd, 'St', ['target-directory', 'suffix']);
      if (!dest || !destWord) return [];
      const out = sources.filter((w) => !isEmptySourceWord(w)).map((w) => target(w, 'destroy', 'file'));
      const clobber = !parsed.has('n', 'no-clobber');
      if (clobber && sources.length > 0 && sources.every(isEmptySourceWord)) {
        out.push(textTarget(dest, destWord, 'destroy', 'file'));
        return out;
      }
      out.push(textTarget(dest, destWord, clobber ? 'overwrite' : 'write', clobber ? 'content' : 'append'));
      return out;
    },
  },
  {
    programs: ['ln'],
    source: 'https://man7.org/linux/man-pages/man1/ln.1.html',
    targets: (cmd) => {
      const { parsed, dest, destWord, sources } = copyLike(cmd, 'St', ['target-directory', 'suffix']);
      if (!dest || !destWord) return [];
      // `ln -f` replaces the destination; without it a new link is added (a write).
      if (!parsed.has('f', 'force')) return [textTarget(dest, destWord, 'write', 'append')];
      // A link to /dev/null in place of a file (a log, a history) discards the file.
      if (sources.length > 0 && sources.every(isEmptySourceWord))
        return [textTarget(dest, destWord, 'destroy', 'file')];
      return [textTarget(dest, destWord, 'overwrite', 'content')];
    },
  },
  {
    programs: ['rsync'],
    source: 'https://download.samba.org/pub/rsync/rsync.1',
    targets: (cmd) => {
      const p = parseOptions(cmd.argv.slice(1), { shortWithValue: 'eBfTM' });
      if (p.positionals.length < 2 || p.has('n', 'dry-run', 'list-only')) return [];
      const last = p.positionals[p.positionals.length - 1] as ShellWord;
      const text = last.value ?? last.raw.replace(/["']/g, '');
      const out: RawTarget[] = [];
      if (p.has('remove-source-files'))
        for (const w of p.positionals.slice(0, -1))
          if (!isRemoteOperand(w.value ?? w.raw)) out.push(target(w, 'destroy', 'file'));
      if (isRemoteOperand(text)) return out;
      const deletes = p.options.some((o) => o.name.startsWith('delete'));
      out.push(textTarget(text, last, deletes ? 'destroy' : 'overwrite', deletes ? 'tree' : 'content'));
      return out;
    },
  },
  {
    programs: ['dd'],
    source: 'https://man7.org/linux/man-pages/man1/dd.1.html',
    targets: (cmd) => {
      const notrunc = cmd.argv.some((w) => /^conv=.*notrunc/.test(w.value ?? ''));
      // `if=/dev/null` copies nothing: the truncated output file is left empty.
      const empty = !notrunc && cmd.argv.some((w) => w.value === 'if=/dev/null');
      return cmd.argv.slice(1).flatMap((w) => {
        const text = w.value ?? w.raw.replace(/["']/g, '');
        if (!text.startsWith('of=')) return [];
        if (empty) return [textTarget(text.slice(3), w, 'destroy', 'file')];
        return [
          textTarget(text.slice(3), w, notrunc ? 'write' : 'overwrite', notrunc ? 'append' : 'content'),
        ];
      });
    },
  },
  {
    // `crontab FILE`, `crontab -` and a bare `crontab` (stdin) install a new crontab for the user,
    // `-e` edits it, `-r` removes it; `-l` only lists. The spool folder is the persistence class.
    programs: ['crontab'],
    source: 'https://man7.org/linux/man-pages/man1/crontab.1.html',
    targets: (cmd) => {
      const p = parseOptions(cmd.argv.slice(1), { shortWithValue: 'uc' });
      if (p.has('l', 'V', 'T', 'help', 'version')) return [];
      const user = p.value('u') ?? cmd.runAs ?? '$USER';
      const text = `/var/spool/cron/crontabs/${user}`;
      const remove = p.has('r');
      return [
        {
          verb: remove ? 'destroy' : 'overwrite',
          scope: remove ? 'file' : 'content',
          span: cmd.span,
          text,
          dynamic: text.includes('$'),
        },
      ];
    },
  },
  {
    programs: ['chmod'],
    source: 'https://man7.org/linux/man-pages/man1/chmod.1.html',
    targets: (cmd) => {
      const words = cmd.argv.slice(1);
      // A symbolic mode may start with `-` (`chmod -x F`, `chmod -w,u+r F`): it is the mode, not
      // options; chmod's own short options are only -c, -f, -v and -R (GNU coreutils chmod).
      const modeAt = words.findIndex((w) => isDashMode(w.value));
      const p = parseOptions(
        words.filter((_, i) => i !== modeAt),
        { longWithValue: ['reference'] },
      );
      const positionals = modeAt >= 0 ? [words[modeAt] as ShellWord, ...p.positionals] : p.positionals;
      // `--reference=RFILE` takes the mode from RFILE: every operand is a file.
      const byReference = modeAt < 0 && p.has('reference');
      const mode = byReference ? undefined : positionals[0];
      const files = byReference ? positionals : positionals.slice(1);
      const recursive = p.has('R', 'recursive');
      // Any other mode changes who may access the files: a `grant`, nothing lost.
      if (!mode?.value || !removesAllAccess(mode.value))
        return files.map((w) => target(w, 'grant', 'append'));
      return files.map((w) => target(w, 'destroy', recursive ? 'tree' : 'file'));
    },
  },
  {
    programs: ['chown', 'chgrp'],
    source: 'https://man7.org/linux/man-pages/man1/chown.1.html',
    targets: (cmd) => {
      const p = parseOptions(cmd.argv.slice(1), { longWithValue: ['reference', 'from'] });
      const files = p.has('reference') ? p.positionals : p.positionals.slice(1);
      const recursive = p.has('R', 'recursive');
      return files.map((w) => target(w, 'grant', recursive ? 'content' : 'append'));
    },
  },
  {
    programs: ['sed', 'gsed'],
    source: 'https://www.gnu.org/software/sed/manual/sed.html#Command_002dLine-Options',
    targets: (cmd) => {
      const p = parseOptions(cmd.argv.slice(1), {
        shortWithValue: 'efl',
        longWithValue: ['expression', 'file', 'line-length'],
      });
      if (!p.has('i', 'in-place')) return [];
      const files = p.has('e', 'f', 'expression', 'file') ? p.positionals : p.positionals.slice(1);
      return files.map((w) => target(w, 'overwrite', 'content'));
    },
  },
  {
    programs: ['perl'],
    source: 'https://perldoc.perl.org/perlrun#-i%5Bextension%5D',
    targets: (cmd) => {
      const p = parseOptions(cmd.argv.slice(1), { shortWithValue: 'eEIM' });
      if (!p.has('i')) return [];
      const files = p.has('e', 'E') ? p.positionals : p.positionals.slice(1);
      return files.map((w) => target(w, 'overwrite', 'content'));
    },
  },
  {
    programs: ['tar', 'bsdtar', 'gtar'],
    source: 'https://www.gnu.org/software/tar/manual/html_node/extract-options.html',
    targets: (cmd) => {
      const p = parseOptions(cmd.argv.slice(1), {
        shortWithValue: 'fCbFgHIKLNTVX',
        longWithValue: ['file', 'directory'],
      });
      const first = cmd.argv[1]?.value ?? '';
      // `--remove-files` (creating, appending, updating) deletes each file once archived: the
      // operands are moved away, as `mv` moves them (GNU tar, "Removing Files").
      if (p.has('remove-files')) {
        // Old-style letters (`tar czf ARCHIVE …`) are the first operand, and `f` takes the next.
        const old = !first.startsWith('-') && /^[A-Za-z]+$/.test(first);
        const operands = old ? p.positionals.slice(first.includes('f') ? 2 : 1) : p.positionals;
        return operands.map((w) => target(w, 'destroy', 'file'));
      }
      const oldStyle = !first.startsWith('-') && /^[A-Za-z]*x/.test(first);
      if (!oldStyle && !p.has('x', 'extract', 'get')) return [];
      if (p.has('k', 'keep-old-files', 'skip-old-files')) return [];
      const dir = p.all('C', 'directory').pop();
      if (dir) return [textTarget(dir.text ?? '', dir.word, 'overwrite', 'content')];
      return [{ verb: 'overwrite', scope: 'content', span: cmd.span, text: '.', dynamic: false }];
    },
  },
  {
    // `zip -m` / `--move` deletes the files once they are in the archive; `7z a -sdel` likewise.
    programs: ['zip', '7z', '7za', '7zz'],
    source: 'https://linux.die.net/man/1/zip (-m), https://7-zip.opensource.jp/chm/cmdline/switches/sdel.htm',
    targets: (cmd) => {
      const words = cmd.argv.slice(1);
      if (cmd.name === 'zip') {
        const p = parseOptions(words, {
          shortWithValue: 'bntxiP',
          longWithValue: ['exclude', 'include', 'password'],
        });
        if (!p.has('m', 'move')) return [];
        // The first operand is the archive; the others are moved into it.
        return p.positionals.slice(1).map((w) => target(w, 'destroy', 'file'));
      }
      if (words[0]?.value !== 'a' || !words.some((w) => w.value === '-sdel')) return [];
      const operands = words.slice(1).filter((w) => !(w.value ?? '').startsWith('-'));
      return operands.slice(1).map((w) => target(w, 'destroy', 'file'));
    },
  },
  {
    programs: ['unzip'],
    source: 'https://linux.die.net/man/1/unzip',
    targets: (cmd) => {
      const p = parseOptions(cmd.argv.slice(1), { shortWithValue: 'dx' });
      if (p.has('l', 't', 'v', 'z', 'Z', 'p', 'c')) return [];
      // `-o` overwrites without asking; otherwise new files are written (existing ones prompt).
      const verb: EffectVerb = p.has('o') ? 'overwrite' : 'write';
      const scope: FileScope = p.has('o') ? 'content' : 'append';
      const dir = p.all('d').pop();
      if (dir) return [textTarget(dir.text ?? '', dir.word, verb, scope)];
      return [{ verb, scope, span: cmd.span, text: '.', dynamic: false }];
    },
  },
  {
    programs: ['curl'],
    source: 'https://curl.se/docs/manpage.html#-o',
    targets: (cmd) => {
      const p = parseOptions(cmd.argv.slice(1), {
        shortWithValue: 'oAbcdDeEFHhKmrTuUwxXYyzQ',
        longWithValue: ['output', 'output-dir', 'data', 'header', 'user', 'url', 'request', 'config', 'form'],
      });
      const dir = p.value('output-dir');
      return p
        .all('o', 'output')
        .map((o) =>
          textTarget(
            dir && !/^[/~]/.test(o.text ?? '') ? `${dir}/${o.text ?? ''}` : (o.text ?? ''),
            o.word,
            'overwrite',
            'content',
          ),
        );
    },
  },
  {
    programs: ['wget'],
    source: 'https://www.gnu.org/software/wget/manual/wget.html#Download-Options',
    targets: (cmd) => {
      const p = parseOptions(cmd.argv.slice(1), {
        shortWithValue: 'OoaPUtTwelADIX',
        longWithValue: ['output-document', 'directory-prefix', 'user-agent', 'tries', 'timeout'],
      });
      const out = p
        .all('O', 'output-document')
        .map((o) => textTarget(o.text ?? '', o.word, 'overwrite', 'content'));
      const dir = p.all('P', 'directory-prefix').pop();
      if (dir) out.push(textTarget(dir.text ?? '', dir.word, 'write', 'append'));
      return out;
    },
  },
  {
    programs: ['sort', 'sponge'],
    source:
      'https://man7.org/linux/man-pages/man1/sort.1.html (-o); https://manpages.debian.org/moreutils/sponge.1',
    targets: (cmd) => {
      if (cmd.name === 'sponge') {
        const p = parseOptions(cmd.argv.slice(1));
        const append = p.has('a');
        return p.positionals.map((w) =>
          target(w, append ? 'write' : 'overwrite', append ? 'append' : 'content'),
        );
      }
      const p = parseOptions(cmd.argv.slice(1), {
        shortWithValue: 'ko tTS',
        longWithValue: ['output', 'key', 'field-separator', 'temporary-directory', 'buffer-size'],
      });
      return p.all('o', 'output').map((o) => textTarget(o.text ?? '', o.word, 'overwrite', 'content'));
    },
  },
  {
    programs: ['find'],
    source: 'https://man7.org/linux/man-pages/man1/find.1.html (-delete)',
    targets: (cmd) => {
      const words = cmd.argv.slice(1);
      if (!words.some((w) => w.value === '-delete') || deletesOnlyFolders(words)) return [];
      let i = 0;
      while (i < words.length && ['-H', '-L', '-P'].includes(words[i]?.value ?? '')) i++;
      const roots: ShellWord[] = [];
      for (; i < words.length; i++) {
        const w = words[i] as ShellWord;
        if (w.value !== undefined && /^[-(!]/.test(w.value)) break;
        roots.push(w);
      }
      // With a test (`-name`, `-mtime`, `-empty`…) find deletes the matching files, not the tree.
      const scope: FileScope = words.slice(i).some((w) => FIND_TESTS.has(w.value ?? '')) ? 'file' : 'tree';
      if (roots.length === 0) return [{ verb: 'destroy', scope, span: cmd.span, text: '.', dynamic: false }];
      return roots.map((w) => target(w, 'destroy', scope));
    },
  },
  GIT_CONFIG_FILES,
  GIT_FILES,
];

/** Entries by program name (a program may have several: `git config`, `git clean`). */
const BY_PROGRAM = new Map<string, FileProgram[]>();
for (const e of FILE_PROGRAMS)
  for (const p of e.programs) BY_PROGRAM.set(p, [...(BY_PROGRAM.get(p) ?? []), e]);

/**
 * The scope of deleting what a feeder hands (`feeders.ts`): every entry of a folder is deleted as
 * the command deletes one (`ls | xargs rm -rf` is a recursive delete of the folder's entries);
 * entries of one name are files removed (`find . -name .git -exec rm -rf {} +` loses each `.git`,
 * judged by the class of `ROOT/.git`); files a filter picks are `some`.
 */
function fedScope(selects: 'entries' | 'named' | 'some', own: FileScope): FileScope {
  if (selects === 'entries') return own;
  if (selects === 'named') return own === 'tree' ? 'file' : own;
  return 'some';
}

/** Pseudo-files that are not data (`> /dev/null`, `tee /dev/stderr`). */
function isPseudoFile(path: string): boolean {
  return /^\/dev\/(null|zero|std(in|out|err)|tty|fd\/\d+)$/.test(path) || /^\/proc\/self\/fd\//.test(path);
}

/**
 * Well-known variables with a conventional value, so `$XDG_RUNTIME_DIR/railguard/token` or
 * `$RAILGUARD_HOME/audit` still name the file they usually name (XDG Base Directory spec;
 * `server/src/daemon/paths.ts` for Railguard's own).
 */
const KNOWN_VARS: Record<string, string> = {
  HOME: '~',
  XDG_CONFIG_HOME: '~/.config',
  XDG_DATA_HOME: '~/.local/share',
  XDG_STATE_HOME: '~/.local/state',
  XDG_CACHE_HOME: '~/.cache',
  XDG_RUNTIME_DIR: '/run/user/UID',
  RAILGUARD_HOME: '~/.railguard',
  RAILGUARD_RUNTIME_DIR: '~/.railguard/run',
  TMPDIR: '/tmp',
};

/** The working directory after a `cd` to a place only known at run time (`cd "$D"`, `cd -`). */
export const RUNTIME_CWD = '\u0000run-time';

/**
 * The path a target names: `id` normalized and resolved against `cwd` (see `resources/paths.ts`);
 * `dynamic` when part of it is only known at run time, `id` then holding the static folder before
 * the first unknown expansion (`/var/lib/$X` ⇒ `/var/lib`), `undefined` when nothing is static.
 */
export function targetPath(
  text: string,
  dynamic: boolean,
  cwd: string | undefined,
): { id: string | undefined; dynamic: boolean } {
  let t = text;
  if (dynamic && t === '') return { id: undefined, dynamic: true };
  if (cwd === RUNTIME_CWD && !/^[/~$]/.test(t)) return { id: undefined, dynamic: true };
  if (dynamic || t.includes('$')) {
    t = t.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (m, a?: string, b?: string) => {
        const known = KNOWN_VARS[a ?? b ?? ''];
        return known !== undefined ? known : m;
      },
    );
    const cut = t.search(/[$`]/);
    if (cut >= 0) {
      const prefix = t.slice(0, cut);
      const slash = prefix.lastIndexOf('/');
      if (slash < 0) return { id: undefined, dynamic: true };
      const folder = prefix.slice(0, slash) || '/';
      return { id: resolvePath(folder, cwd), dynamic: true };
    }
  }
  return { id: resolvePath(t, cwd), dynamic: false };
}

/**
 * The working directory `cmd` runs in: the action's `cwd` (or unknown), moved by each `cd`/`pushd`
 * that runs before `cmd` on the same line. A remote command runs in the remote home (`~`). A `cd`
 * to a place built at run time (or `cd -`) gives {@link RUNTIME_CWD}: relative paths are then
 * dynamic.
 */
export function cwdOf(cmd: ShellCommand, analysis: ShellAnalysis): string | undefined {
  if (cmd.remote) return '~';
  let cwd = analysis.cwd !== undefined ? normalizePath(analysis.cwd) : undefined;
  for (const c of analysis.commands) {
    if (c === cmd || c.span.start >= cmd.span.start) break;
    if ((c.name !== 'cd' && c.name !== 'pushd') || c.remote) continue;
    const args = c.argv.slice(1).filter((w) => !/^-[LPe@]+$/.test(w.value ?? ''));
    const arg = args[0];
    if (!arg) {
      cwd = '~';
      continue;
    }
    const t = targetPath(arg.value ?? arg.raw.replace(/["']/g, ''), arg.value === undefined, cwd);
    cwd = t.dynamic || t.id === undefined || arg.value === '-' ? RUNTIME_CWD : t.id;
  }
  return cwd;
}

/** Redirection operators that replace (`>`) or extend (`>>`) a file (bash(1) REDIRECTION). */
function redirectVerb(op: string): { verb: EffectVerb; scope: FileScope } | undefined {
  if (op === '>' || op === '>|' || op === '&>' || op === '>&') return { verb: 'overwrite', scope: 'content' };
  if (op === '>>' || op === '&>>') return { verb: 'write', scope: 'append' };
  return undefined;
}

/**
 * Every file effect of one command: its program's targets ({@link FILE_PROGRAMS}) and its output
 * redirections. Never throws; a target built at run time is a `dynamic` resource.
 */
export function fileEffects(cmd: ShellCommand, analysis: ShellAnalysis): readonly FileEffect[] {
  // Several rules ask for the same command's effects (file-destroy, the control and persistence
  // rules, download-then-run): computed once per command object.
  let known = EFFECTS_OF.get(cmd);
  if (!known) EFFECTS_OF.set(cmd, (known = computeFileEffects(cmd, analysis)));
  return known;
}

/** {@link fileEffects} per command, for the analysis the command belongs to. */
const EFFECTS_OF = new WeakMap<ShellCommand, readonly FileEffect[]>();

function computeFileEffects(cmd: ShellCommand, analysis: ShellAnalysis): FileEffect[] {
  const raws: RawTarget[] = [];
  for (const program of cmd.name !== undefined ? (BY_PROGRAM.get(cmd.name) ?? []) : [])
    raws.push(...program.targets(cmd));
  for (const r of cmd.redirects) {
    const v = redirectVerb(r.op);
    if (!v) continue;
    if (r.target !== undefined && /^\d+$|^-$/.test(r.target)) continue;
    const text = r.target ?? r.raw?.replace(/["']/g, '') ?? '';
    // `> F`, `: > F`, `cat /dev/null > F`: the file is left empty, its content destroyed.
    const empties = v.verb === 'overwrite' && printsNothing(cmd);
    const eff = empties ? { verb: 'destroy' as const, scope: 'file' as const } : v;
    raws.push({ ...eff, span: r.span, text, dynamic: r.target === undefined });
  }
  // Files fed at run time by a `find` (`-exec rm {} ;`) or piped into `xargs` lie where the feeder
  // chose them (`feeders.ts`): the entries it names (`ROOT/.git`, `DIR/*`), or some files below.
  const mark = raws.length > 0 && cmd.wrappers.length > 0 ? placeholderOf(cmd, analysis) : '{}';
  const placeholders = raws.some((r) => r.text.includes(mark));
  const stdinRm = cmd.argsFromStdin === true && cmd.name === 'rm' && !placeholders;
  const fed = placeholders || stdinRm ? feederRoots(cmd, analysis) : undefined;
  if (stdinRm) {
    const p = parseOptions(cmd.argv.slice(1));
    const recursive = p.has('r', 'R', 'recursive');
    for (const root of fed ?? []) {
      const scope = fedScope(root.selects, recursive ? 'tree' : 'file');
      raws.push({ verb: 'destroy', scope, span: cmd.span, text: root.text, dynamic: true, fed: true });
    }
    // Paths from a feeder nobody can read here (`cat list | xargs rm -rf`): built at run time.
    if (fed !== undefined && fed.length === 0)
      raws.push({
        verb: 'destroy',
        scope: recursive ? 'tree' : 'file',
        span: cmd.span,
        text: '',
        dynamic: true,
        written: 'paths piped in',
      });
  }
  if (placeholders && fed !== undefined && fed.length > 0)
    for (const raw of [...raws]) {
      if (!raw.text.includes(mark)) continue;
      const fedTargets = fed.map((root) => ({
        ...raw,
        text: root.text,
        dynamic: true,
        fed: true,
        scope:
          raw.verb !== 'destroy' ? raw.scope : fedScope(cmd.name === 'mv' ? 'some' : root.selects, raw.scope),
      }));
      raws.splice(raws.indexOf(raw), 1, ...fedTargets);
    }
  if (raws.length === 0) return [];
  const cwd = cwdOf(cmd, analysis);
  const out: FileEffect[] = [];
  for (const raw of raws) {
    if (!raw.dynamic && (raw.text === '' || isPseudoFile(raw.text))) continue;
    // `{}` is what `find -exec` / `xargs -I` substitute: files a filter selected, known at run time.
    const placeholder = raw.text.includes(mark);
    const resolved = placeholder ? { id: undefined, dynamic: true } : targetPath(raw.text, raw.dynamic, cwd);
    const { id } = resolved;
    const dynamic = resolved.dynamic || raw.fed === true;
    if (id !== undefined && isPseudoFile(id)) continue;
    out.push({
      effect: {
        verb: raw.verb,
        resource: { kind: 'path', id, ...(dynamic ? { dynamic: true } : {}) },
        ...(cmd.name ? { via: cmd.name } : {}),
      },
      scope: raw.scope,
      span: raw.span,
      written: raw.written ?? raw.text,
    });
  }
  return out;
}
