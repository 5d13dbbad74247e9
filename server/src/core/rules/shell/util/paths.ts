import type { ShellWord } from '../../../shell/model';

/** A word's path text: the static value, or (when dynamic) the raw word with its quotes removed. */
export interface PathText {
  text: string;
  dynamic: boolean;
}

/** The text of a path argument; dynamic words keep their `$VAR` expansions, quotes dropped. */
export function pathText(word: ShellWord): PathText {
  if (word.value !== undefined) return { text: word.value, dynamic: false };
  return { text: word.raw.replace(/["']/g, ''), dynamic: true };
}

/** Top-level directories whose recursive deletion, chmod or chown breaks the system. */
const SYSTEM_DIRS = [
  'bin',
  'boot',
  'dev',
  'etc',
  'home',
  'lib',
  'lib32',
  'lib64',
  'opt',
  'proc',
  'root',
  'sbin',
  'srv',
  'sys',
  'usr',
  'var',
  'mnt',
  'media',
  'snap',
  'run',
  'private',
  'System',
  'Library',
  'Users',
  'Applications',
  'Volumes',
  'usr/bin',
  'usr/sbin',
  'usr/lib',
  'usr/lib64',
  'usr/local',
  'usr/share',
  'usr/include',
  'var/lib',
  'var/log',
  'etc/ssh',
  'etc/pam.d',
  'etc/sudoers.d',
];
const SYSTEM_SET = new Set(SYSTEM_DIRS.map((d) => `/${d}`));

/** What a wide path is (`undefined` when it is not wide). */
export type WideKind = 'root' | 'home' | 'system' | 'cwd' | 'parent';

/** A wide target: its kind and, when found through empty expansions, that it is a dynamic root. */
export interface WideTarget {
  kind: WideKind;
  /** The path as written (quotes removed). */
  path: string;
  /** True when the path is wide only if an expansion is empty (`"$DIR/"*` ⇒ `/*`). */
  dynamicRoot: boolean;
}

/** Collapses `//`, a trailing `/.` and trailing slashes; `$HOME`/`${HOME}` ⇒ `~`. */
export function normalizePath(p: string): string {
  let s = p.replace(/^(\$HOME|\$\{HOME\})(?=\/|$)/, '~').replace(/\/{2,}/g, '/');
  for (;;) {
    const next = s.replace(/\/\.$/, '').replace(/(.)\/$/, '$1');
    if (next === s) return s;
    s = next;
  }
}

/** Strips one trailing "everything in it" glob (`/*`, `/.*`, `/{*,.*}`), reporting whether it did. */
function stripGlob(p: string): { base: string; glob: boolean } {
  const m = /^(.*?)\/?(\*|\.\*|\.\[!.\]\*|\{\*,\.\*\}|\{\.\*,\*\})$/.exec(p);
  if (!m) return { base: p, glob: false };
  return { base: m[1] === '' && p.startsWith('/') ? '/' : (m[1] ?? ''), glob: true };
}

/** Classifies a static path: root, home, a system directory, the working directory or its parent. */
export function wideKind(path: string): WideKind | undefined {
  const n = normalizePath(path);
  const { base, glob } = stripGlob(n);
  const b = base === '' && glob ? '.' : normalizePath(base);
  if (b === '/') return 'root';
  if (b === '~' || /^~[a-z_][\w-]*$/.test(b)) return 'home';
  if (SYSTEM_SET.has(b)) return 'system';
  if (b === '.') return 'cwd';
  if (/^\.\.(\/\.\.)*$/.test(b)) return 'parent';
  return undefined;
}

const EXPANSION = /\$\{[^}]*\}|\$\([^)]*\)|`[^`]*`|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@*#?$!-]/g;
/** `${VAR:?msg}` / `${VAR?msg}` abort when unset: the shellcheck SC2115 guard. */
const GUARDED = /\$\{[A-Za-z_][A-Za-z0-9_]*:?\?[^}]*\}/g;

/**
 * Whether a path argument is wide: statically (`/`, `~/*`, `/etc`, `.`), or when its expansions
 * are empty (`"$DIR/"*` ⇒ `/*`, shellcheck SC2115). Guarded expansions (`${DIR:?}`) are safe.
 */
export function wideTarget(word: ShellWord): WideTarget | undefined {
  const { text, dynamic } = pathText(word);
  if (!dynamic) {
    const kind = wideKind(text);
    return kind ? { kind, path: text, dynamicRoot: false } : undefined;
  }
  const home = text.replace(/^(\$HOME|\$\{HOME\})(?=\/|$)/, '~');
  const staticKind = /[$`]/.test(home) ? undefined : wideKind(home);
  if (staticKind) return { kind: staticKind, path: text, dynamicRoot: false };
  const emptied = home.replace(GUARDED, 'GUARDED').replace(EXPANSION, '');
  if (emptied === '' || emptied === home) return undefined;
  const kind = wideKind(emptied);
  // Only a root that appears when a variable is empty is dynamic-wide; `./$X` ⇒ `.` is too common.
  if (!kind || kind === 'cwd' || kind === 'parent') return undefined;
  return { kind, path: text, dynamicRoot: true };
}

/** A known credential file: what it holds (`undefined` when not a secret). */
export function secretKind(path: string): string | undefined {
  const p = normalizePath(path);
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (/^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/.test(base)) return 'SSH private key';
  if (/\.(key|p12|pfx|ppk|jks|keystore)$/i.test(base)) return 'private key';
  if (/\.pem$/i.test(base) && !/(cert|chain|crt|^ca[.-]|pub)/i.test(base)) return 'PEM private key';
  if (/^\.env(\.(?!example$|sample$|template$|dist$)[\w.-]+)?$/.test(base)) return 'dotenv file';
  if (/(^|\/)\.aws\/credentials$/.test(p)) return 'AWS credentials';
  if (/(^|\/)\.kube\/config$/.test(p) || /^kubeconfig(\.ya?ml)?$/i.test(base)) return 'kubeconfig';
  if (/(^|\/)\.docker\/config\.json$/.test(p)) return 'Docker registry credentials';
  if (/(^|\/)(gh|hub)\/hosts\.yml$/.test(p)) return 'GitHub CLI token';
  if (/^application_default_credentials\.json$|^service[-_]?account[\w.-]*\.json$/.test(base)) {
    return 'cloud service account key';
  }
  if (p === '/etc/shadow' || p === '/etc/gshadow' || p === '/etc/master.passwd') return 'password hashes';
  const dotfiles: Record<string, string> = {
    '.pgpass': 'PostgreSQL passwords',
    '.my.cnf': 'MySQL credentials',
    '.npmrc': 'npm token',
    '.pypirc': 'PyPI credentials',
    '.netrc': 'netrc credentials',
    '.git-credentials': 'git credentials',
    '.vault-token': 'Vault token',
    '.htpasswd': 'password hashes',
  };
  return dotfiles[base];
}

/** Whether a file name looks like a database dump or backup (`db.sql`, `prod.dump`, `backup.tar.gz`). */
export function isDumpFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return (
    /\.(sql|dump|pgdump|psql|bson|rdb)(\.(gz|bz2|xz|zst|zip|gpg))?$/i.test(base) ||
    /(dump|backup)[^/]*\.(gz|tgz|zip|tar|bz2|xz|zst|7z|bak)$/i.test(base)
  );
}

/** Whether a path names a block device (a whole disk or partition), not `/dev/null` and friends. */
export function isBlockDevice(path: string): boolean {
  return /^\/dev\/(sd[a-z]+\d*|hd[a-z]+\d*|vd[a-z]+\d*|xvd[a-z]+\d*|nvme\d+n\d+(p\d+)?|mmcblk\d+(p\d+)?|r?disk\d+(s\d+)?|md\d+|dm-\d+|mapper\/.+|disk\/by-[\w-]+\/.+|sr\d+|fd\d+)$/.test(
    path,
  );
}
