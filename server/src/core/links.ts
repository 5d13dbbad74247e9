/**
 * Paths that are links: a file effect on `notes.json` where `notes.json` is a symbolic link to
 * `~/.claude/settings.json` changes the settings file. The engine gets the link's target from the
 * caller (`AnalyzeOptions.realPath`, read from the file system by the CLI and the daemon:
 * `runtime/read-action-file.ts`) and adds an effect on it beside the one on the name, so policy
 * classifies what is really changed (Railguard's controls, service data…) whichever name the
 * command uses. Pure apart from the given function.
 */
import type { ActionEffect, Finding } from './types';

/** A path as effects name it (`~/…` under `home`) from an absolute one. */
function homeRelative(p: string, home: string | undefined): string {
  if (!home) return p;
  const h = home.replace(/\/$/, '');
  return p === h || p.startsWith(`${h}/`) ? `~${p.slice(h.length)}` : p;
}

/**
 * `findings` with, for each effect on a path that `realPath` resolves to another path, a second
 * effect on that path (same verb, `via` kept) and the link named in the message. `~/…` ids are
 * expanded with `home` (skipped without it); relative, dynamic and glob ids are left alone.
 */
export function followLinks(
  findings: readonly Finding[],
  realPath: (absolute: string) => string | undefined,
  home: string | undefined,
): Finding[] {
  return findings.map((f) => {
    const added: ActionEffect[] = [];
    const links: string[] = [];
    for (const e of f.effects ?? []) {
      const id = e.resource.id;
      if (e.resource.kind !== 'path' || id === undefined || /[*?[]/.test(id)) continue;
      const abs =
        id.startsWith('~/') || id === '~' ? (home ? home.replace(/\/$/, '') + id.slice(1) : undefined) : id;
      if (abs === undefined || !abs.startsWith('/')) continue;
      const real = realPath(abs);
      if (real === undefined || real === abs) continue;
      const realId = homeRelative(real, home);
      if (realId === id || added.some((a) => a.resource.id === realId)) continue;
      added.push({ ...e, resource: { ...e.resource, id: realId } });
      links.push(`\`${id}\` is a link to \`${realId}\``);
    }
    if (!added.length) return f;
    return { ...f, effects: [...(f.effects ?? []), ...added], message: `${f.message} (${links.join('; ')})` };
  });
}
