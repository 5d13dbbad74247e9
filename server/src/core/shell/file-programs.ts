/**
 * The programs whose arguments name files they delete, truncate or overwrite, one entry each with
 * the manual page its option handling follows (knowledge as data). `file-effects.ts` resolves the
 * targets (working folder, `cd`, `~`, variables) and adds redirections and feeders (`find -exec`,
 * `xargs`); git's entries are in `git-files.ts`.
 */
import { parseOptions } from '../rules/shell/util/options';
import type { EffectVerb } from '../types';
import { isEmptySourceWord } from './empty-source';
import { target, textTarget, type FileProgram, type FileScope, type RawTarget } from './file-targets';
import { GIT_CONFIG_FILES, GIT_FILES } from './git-files';
import type { ShellCommand, ShellWord } from './model';

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
