import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Expands paths into the `.sql` files below them (recursively; symlinks not followed; sorted).
 * @throws Error (ENOENT) when a named path does not exist.
 */
export function collectSqlFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (p: string): void => {
    const st = fs.lstatSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p).sort()) {
        if (e === 'node_modules' || e.startsWith('.git')) continue;
        visit(path.join(p, e));
      }
    } else if (st.isFile() && (p.endsWith('.sql') || paths.includes(p))) {
      out.push(p);
    }
  };
  for (const p of paths) visit(p);
  return out;
}
