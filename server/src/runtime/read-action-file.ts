import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Most bytes read of a file an action names (a script it runs, a SQL file `psql -f` reads): 1 MiB.
 * Larger files are not read (the analyzers treat them as unreadable).
 */
export const MAX_ACTION_FILE_BYTES = 1024 * 1024;

/**
 * A reader for the files an action names, as the engine's `readFile` option takes it: `(path) =>
 * text | undefined`, with `path` resolved against `cwd`. It never blocks and never reads without
 * bound, whatever the path names, because the path comes from the command being judged (that is,
 * from the agent): only a regular file of at most `maxBytes` bytes is read; a FIFO, a socket, a
 * device (`/dev/zero`, `/dev/stdin`, `/dev/tty`), a folder, a missing or unreadable file, or a
 * file over the limit gives `undefined`. The file is opened non-blocking and checked on its
 * descriptor (`fstat`), so a path swapped for a FIFO between check and open cannot block either.
 * Text is decoded as UTF-8.
 */
export function actionFileReader(
  cwd: string,
  maxBytes: number = MAX_ACTION_FILE_BYTES,
): (p: string) => string | undefined {
  return (p) => {
    let fd: number | undefined;
    try {
      fd = fs.openSync(path.resolve(cwd, p), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
      const st = fs.fstatSync(fd);
      if (!st.isFile() || st.size > maxBytes) return undefined;
      const buf = Buffer.alloc(st.size);
      let at = 0;
      while (at < buf.length) {
        const n = fs.readSync(fd, buf, at, buf.length - at, at);
        if (n === 0) break;
        at += n;
      }
      return buf.toString('utf8', 0, at);
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  };
}

/**
 * The engine's `realPath` option (`core/links.ts`): the path an absolute path really names, with
 * every symbolic link on the way resolved (realpath(3)), a link whose target does not exist
 * included (`notes.json -> ~/.claude/settings.json` before that file exists); for a path that
 * does not exist yet (a file about to be written), its nearest existing folder resolved and the
 * rest appended. `undefined` when nothing on the way is a link, or nothing can be read. At most
 * 40 links are followed (Linux's own limit, path_resolution(7)). Never throws; opens no file.
 */
export function actionRealPath(): (absolute: string) => string | undefined {
  /** `p` with its longest existing prefix resolved, or the target of a dangling link on the way. */
  const step = (p: string): { real: string } | { link: string } | undefined => {
    let dir = p;
    const rest: string[] = [];
    for (;;) {
      try {
        return { real: path.join(fs.realpathSync(dir), ...rest) };
      } catch {
        try {
          if (fs.lstatSync(dir).isSymbolicLink())
            return { link: path.resolve(path.dirname(dir), fs.readlinkSync(dir), ...rest) };
        } catch {
          // Missing: go up a folder.
        }
        const parent = path.dirname(dir);
        if (parent === dir) return undefined;
        rest.unshift(path.basename(dir));
        dir = parent;
      }
    }
  };
  return (absolute) => {
    const start = path.resolve(absolute);
    let p = start;
    for (let hops = 0; hops < 40; hops++) {
      const r = step(p);
      if (!r) return undefined;
      if ('real' in r) return r.real === start ? undefined : r.real;
      p = r.link;
    }
    return undefined;
  };
}

/** Most entries listed of a folder an action reads as a whole (a migration runner's folder). */
export const MAX_ACTION_DIR_ENTRIES = 10_000;

/**
 * A lister for the folders an action reads as a whole, as the engine's `listDir` option takes it:
 * `(path) => entries | undefined`, with `path` resolved against `cwd`. One level only; a folder
 * with more than `maxEntries` entries, a missing or unreadable one, or anything not a folder gives
 * `undefined` (the analysis then judges the command without it). A symbolic link is listed as
 * what it points to (a folder when it points to one).
 */
export function actionDirLister(
  cwd: string,
  maxEntries: number = MAX_ACTION_DIR_ENTRIES,
): (p: string) => { name: string; dir: boolean }[] | undefined {
  return (p) => {
    let dir: fs.Dir | undefined;
    const abs = path.resolve(cwd, p);
    try {
      dir = fs.opendirSync(abs);
      const out: { name: string; dir: boolean }[] = [];
      for (let e = dir.readSync(); e !== null; e = dir.readSync()) {
        if (out.length >= maxEntries) return undefined;
        let isDir = e.isDirectory();
        if (e.isSymbolicLink()) {
          try {
            isDir = fs.statSync(path.join(abs, e.name)).isDirectory();
          } catch {
            isDir = false;
          }
        }
        out.push({ name: e.name, dir: isDir });
      }
      return out;
    } catch {
      return undefined;
    } finally {
      dir?.closeSync();
    }
  };
}
