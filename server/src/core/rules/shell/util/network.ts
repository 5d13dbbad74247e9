import type { ShellAnalysis, ShellCommand, ShellWord } from '../../../shell/model';
import { parseOptions } from './options';

/** A local file a command sends off the machine. */
export interface Upload {
  /** The file as written (quotes removed); `undefined` when dynamic. */
  path: string | undefined;
  /** The word (or redirect) naming the file, for the finding's span. */
  span: ShellWord['span'];
  /** How it leaves: `curl -T`, `scp`, `nc <`, `aws s3 cp`… */
  via: string;
  /** True for copies into one's own cloud storage (`aws s3 cp`, `gsutil cp`): reported only for secrets/dumps. */
  cloudStorage: boolean;
}

const CURL_SPEC = {
  shortWithValue: 'AbcCdDeEFHKmoPQrtTuUwxXyYz',
  longWithValue: [
    'upload-file',
    'form',
    'form-string',
    'data',
    'data-binary',
    'data-ascii',
    'data-raw',
    'data-urlencode',
    'json',
    'header',
    'output',
    'user',
    'request',
    'user-agent',
    'referer',
    'cookie',
    'cookie-jar',
    'proxy',
    'max-time',
    'write-out',
    'config',
    'cert',
    'key',
    'cacert',
    'connect-timeout',
    'retry',
    'range',
    'url',
  ],
};
const SCP_SPEC = { shortWithValue: 'cFiJloPS' };
const RSYNC_SPEC = {
  shortWithValue: 'efBT',
  longWithValue: [
    'rsh',
    'exclude',
    'include',
    'filter',
    'port',
    'password-file',
    'log-file',
    'files-from',
    'chmod',
    'temp-dir',
    'backup-dir',
    'exclude-from',
    'include-from',
  ],
};
/** Programs that send their standard input to another machine. */
const STDIN_TO_NETWORK = new Set([
  'nc',
  'ncat',
  'netcat',
  'socat',
  'telnet',
  'ssh',
  'mail',
  'mailx',
  'sendmail',
  'mutt',
]);

/** `[user@]host:path` (scp/rsync remote syntax) or a URL with a scheme other than `file:`. */
export function isRemoteLocation(s: string): boolean {
  if (/^(rsync|scp|sftp|s3|gs|az|https?|ftp):\/\//.test(s)) return true;
  return /^(?:[\w.-]+@)?[\w][\w.-]*:(?!\/\/)/.test(s) && !/^[A-Za-z]:[\\/]/.test(s);
}

/** `@file` data arguments of curl (`-d @f`, `-F x=@f;type=…`, `-F x=<f`, `--data-urlencode n@f`). */
function curlDataFile(option: string, value: string): string | undefined {
  if (option === 'F' || option === 'form') return /^[^=]*=[@<]([^;]+)/.exec(value)?.[1];
  if (option === 'data-urlencode') return /^[^=@]*@(.+)$/.exec(value)?.[1];
  return value.startsWith('@') ? value.slice(1) : undefined;
}

/** curl options whose argument may name a file with `@file` (or `<file` for forms). */
const CURL_DATA = new Set(['d', 'data', 'data-binary', 'data-ascii', 'data-urlencode', 'json', 'F', 'form']);

function curlUploads(cmd: ShellCommand): Upload[] {
  const out: Upload[] = [];
  for (const o of parseOptions(cmd.argv.slice(1), CURL_SPEC).options) {
    if (o.text === undefined) continue;
    const upload = o.name === 'T' || o.name === 'upload-file';
    const file = upload ? o.text : CURL_DATA.has(o.name) ? curlDataFile(o.name, o.text) : undefined;
    if (file !== undefined && file !== '-' && file !== '.') {
      out.push({ path: file, span: o.word.span, via: 'curl', cloudStorage: false });
    }
  }
  return out;
}

/** Local sources of a copy whose last positional is remote (`scp a b host:`, `rsync -a dir host:`). */
function copyUploads(cmd: ShellCommand, via: string, spec: Parameters<typeof parseOptions>[1]): Upload[] {
  const pos = parseOptions(cmd.argv.slice(1), spec).positionals;
  const dest = pos[pos.length - 1];
  if (pos.length < 2 || dest?.value === undefined || !isRemoteLocation(dest.value)) return [];
  // A copy to this machine (`scp f me@localhost:`) does not leave it.
  if (/^(?:[a-z]+:\/\/)?(?:[^@/]+@)?(localhost|127\.0\.0\.1|\[?::1\]?)[:/]/.test(dest.value)) return [];
  return pos
    .slice(0, -1)
    .filter((w) => w.value === undefined || !isRemoteLocation(w.value))
    .map((w) => ({ path: w.value, span: w.span, via, cloudStorage: false }));
}

/** Local sources of `aws s3 cp|mv|sync`, `gsutil cp|mv|rsync`, `gcloud storage cp` into a bucket. */
function cloudUploads(cmd: ShellCommand): Upload[] {
  const words = cmd.argv.slice(1).map((w) => w.value);
  const isCopy =
    (cmd.name === 'aws' &&
      words.includes('s3') &&
      words.some((w) => w === 'cp' || w === 'mv' || w === 'sync')) ||
    (cmd.name === 'gsutil' && words.some((w) => w === 'cp' || w === 'mv' || w === 'rsync')) ||
    (cmd.name === 'gcloud' &&
      words.includes('storage') &&
      words.some((w) => w === 'cp' || w === 'mv' || w === 'rsync'));
  if (!isCopy) return [];
  const pos = cmd.argv.slice(1).filter((w) => w.value === undefined || !w.value.startsWith('-'));
  const dest = pos[pos.length - 1];
  if (!dest?.value || !/^(s3|gs):\/\//.test(dest.value)) return [];
  return pos
    .slice(0, -1)
    .filter(
      (w) =>
        w.value === undefined ||
        (!/^(s3|gs):\/\//.test(w.value) &&
          !['s3', 'cp', 'mv', 'sync', 'rsync', 'storage', '-'].includes(w.value)),
    )
    .map((w) => ({ path: w.value, span: w.span, via: `${cmd.name ?? ''} cp`, cloudStorage: true }));
}

/**
 * Every local file `cmd` sends to the network: curl/wget uploads, scp/rsync sources, cloud copies,
 * and files redirected (`<`) into a program that forwards its stdin (nc, ssh, mail, `curl -T -`).
 */
export function uploadsOf(cmd: ShellCommand): Upload[] {
  return rawUploads(cmd).filter(
    (u) => u.path === undefined || !/^\/dev\/(null|zero|u?random|stdin|fd\/0)$/.test(u.path),
  );
}

/** A remote shell reading a script on stdin (`ssh host 'bash -s' < script.sh`) runs it, not stores it. */
function runsRemoteShell(cmd: ShellCommand): boolean {
  if (cmd.name !== 'ssh') return false;
  const pos = parseOptions(cmd.argv.slice(1), {
    shortWithValue: 'BbcDEeFIiJLlmOopQRSWw',
    stopAtFirstPositional: true,
  }).positionals;
  return /^\s*(sudo\s+)?(ba|z|da)?sh\b/.test(pos[1]?.value ?? '');
}

function rawUploads(cmd: ShellCommand): Upload[] {
  const out: Upload[] = [];
  if (cmd.name === 'curl') out.push(...curlUploads(cmd));
  if (cmd.name === 'wget') {
    for (const o of parseOptions(cmd.argv.slice(1), { longWithValue: ['post-file', 'body-file'] }).all(
      'post-file',
      'body-file',
    )) {
      if (o.text !== undefined)
        out.push({ path: o.text, span: o.word.span, via: 'wget', cloudStorage: false });
    }
  }
  if (cmd.name === 'scp') out.push(...copyUploads(cmd, 'scp', SCP_SPEC));
  if (cmd.name === 'rsync' && !cmd.argv.some((w) => w.value === '--list-only'))
    out.push(...copyUploads(cmd, 'rsync', RSYNC_SPEC));
  out.push(...cloudUploads(cmd));
  if (stdinSink(cmd) && !runsRemoteShell(cmd)) {
    for (const r of cmd.redirects) {
      if (r.op === '<')
        out.push({ path: r.target, span: r.span, via: cmd.name ?? 'stdin', cloudStorage: false });
    }
  }
  return out;
}

/**
 * The network program `cmd` hands its standard input to (`nc host 80`, `ssh host`, `curl -T -`,
 * `curl -d @-`, `aws s3 cp - s3://…`, `mail`), or `undefined`. A redirect to `/dev/tcp/…` counts.
 */
export function stdinSink(cmd: ShellCommand): string | undefined {
  const name = cmd.name ?? '';
  if (STDIN_TO_NETWORK.has(name)) return name;
  const v = cmd.argv.map((w) => w.value ?? '');
  if (name === 'curl') {
    const parsed = parseOptions(cmd.argv.slice(1), CURL_SPEC);
    const readsStdin = parsed.options.some(
      (o) =>
        o.value !== undefined &&
        (['T', 'upload-file'].includes(o.name)
          ? o.value === '-' || o.value === '.'
          : /(^|[=@<])-$/.test(o.value) && o.name !== 'o' && o.name !== 'output'),
    );
    return readsStdin ? 'curl' : undefined;
  }
  if ((name === 'aws' || name === 'gsutil' || name === 'gcloud') && v.includes('cp') && v.includes('-'))
    return `${name} cp -`;
  if (name === 'wget' && v.some((w) => /^--(post|body)-file=(-|\/dev\/stdin)$/.test(w))) return 'wget';
  return undefined;
}

/** A redirect of the command's output to a bash network pseudo-device (`> /dev/tcp/host/port`). */
export function networkRedirect(cmd: ShellCommand): string | undefined {
  return cmd.redirects.find(
    (r) => /^>/.test(r.op) && r.target !== undefined && /^\/dev\/(tcp|udp)\//.test(r.target),
  )?.target;
}

/**
 * The commands that read `cmd`'s output later in its pipeline, nearest first (`a | b | c` ⇒ for
 * `a`: `[b, c]`). Commands unwrapped from a stage (`sudo curl …` ⇒ `curl`) are included.
 */
export function downstream(cmd: ShellCommand, analysis: ShellAnalysis): ShellCommand[] {
  const { index, length } = cmd.pipeline;
  if (length <= 1 || index >= length - 1) return [];
  const out: ShellCommand[] = [];
  let last = index;
  for (const c of analysis.commands) {
    if (c === cmd || c.span.start < cmd.span.end) continue;
    const inside = out.some((m) => c.span.start >= m.span.start && c.span.end <= m.span.end);
    if (inside) {
      out.push(c);
      continue;
    }
    if (c.pipeline.length !== length || c.pipeline.index !== last + 1) break;
    out.push(c);
    last = c.pipeline.index;
  }
  return out;
}

/** How the output of a command leaves the machine (see {@link outputToNetwork}). */
export type OutputExit =
  { kind: 'piped'; via: string } | { kind: 'uploaded'; via: string; file: string; span: ShellWord['span'] };

/** The first network sink downstream of `cmd` in its pipeline (`| curl -T -`, `| gzip | nc h p`). */
function sinkDownstream(cmd: ShellCommand, analysis: ShellAnalysis): string | undefined {
  for (const c of downstream(cmd, analysis)) {
    const via = stdinSink(c) ?? networkRedirect(c);
    if (via) return via;
  }
  return undefined;
}

/**
 * The commands `cmd` writes its own output into (psql's `\o |cmd`, `\copy … to program 'cmd'`,
 * `-o |cmd`; awk's `print | "cmd"`): unwrapped from `cmd` by a wrapper that feeds them
 * (`ShellCommand.stdin.fromWrapper`), with everything they run. Every command of such a text may
 * read that input (the shell hands its stdin to each one in turn), so all of them are returned.
 */
export function fedCommands(cmd: ShellCommand, analysis: ShellAnalysis): ShellCommand[] {
  const depth = cmd.wrappers.length;
  const inside = (c: ShellCommand, span: ShellWord['span'] | undefined): boolean =>
    span !== undefined && c.span.start >= span.start && c.span.end <= span.end;
  return analysis.commands.filter(
    (c) =>
      c !== cmd &&
      c.stdin?.fromWrapper !== undefined &&
      c.wrappers[depth] === c.stdin.fromWrapper &&
      cmd.wrappers.every((w, i) => c.wrappers[i] === w) &&
      (inside(c, cmd.span) || inside(c, cmd.stdin?.span)),
  );
}

/** Files written by `>`/`>>` redirects of standard output (not of stderr). */
function stdoutFiles(cmd: ShellCommand): string[] {
  return cmd.redirects.flatMap((r) =>
    /^>/.test(r.op) && r.target !== undefined && r.fd !== '2' ? [r.target] : [],
  );
}

/**
 * Whether the standard output of `cmd` (a dump, query results) leaves the machine: piped to a
 * program that sends its stdin to another host (`| curl -T -`, `| gzip | ssh h 'cat > f'`, `| nc`),
 * or written by `cmd` into such a program itself (psql `\o |curl …`, see {@link fedCommands}),
 * redirected to `/dev/tcp/…`, or written to a file — one of `files` (the command's own output
 * options), its `>` redirects, or the last pipeline stage's `> file` — that a later command of
 * the same text uploads (`scp`, `curl -T`, `aws s3 cp`…, see {@link uploadsOf}).
 */
export function outputToNetwork(
  cmd: ShellCommand,
  analysis: ShellAnalysis,
  files: readonly string[] = [],
): OutputExit | undefined {
  const fed = fedCommands(cmd, analysis);
  const via =
    sinkDownstream(cmd, analysis) ??
    networkRedirect(cmd) ??
    fed.map((c) => stdinSink(c) ?? networkRedirect(c)).find((v) => v !== undefined);
  if (via) return { kind: 'piped', via };
  const written = new Set([...files, ...stdoutFiles(cmd), ...fed.flatMap(stdoutFiles)]);
  // `pg_dump db | gzip > db.sql.gz`: the last stage writes the output to a file.
  for (const c of downstream(cmd, analysis)) for (const f of stdoutFiles(c)) written.add(f);
  if (written.size === 0) return undefined;
  for (const later of analysis.commands) {
    if (later.span.start < cmd.span.end) continue;
    const up = uploadsOf(later).find((u) => u.path !== undefined && written.has(u.path));
    if (up?.path) return { kind: 'uploaded', via: up.via, file: up.path, span: up.span };
  }
  return undefined;
}
