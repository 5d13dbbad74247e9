/**
 * Writes server/docs/rules/<id>.md for every rule and analyzer finding, plus README.md (the index).
 * `npm run docs`; `--check` exits 1 when the files on disk differ (the docs test runs the same check).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleDocFiles } from './rule-doc-files';

const DIR = path.resolve(__dirname, '../docs/rules');
const check = process.argv.includes('--check');
let stale = 0;
const files = ruleDocFiles();
fs.mkdirSync(DIR, { recursive: true });
for (const [name, content] of files) {
  const target = path.join(DIR, name);
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
  if (current === content) continue;
  stale++;
  if (check) process.stderr.write(`stale: ${path.relative(process.cwd(), target)}\n`);
  else fs.writeFileSync(target, content);
}
for (const f of fs.readdirSync(DIR)) {
  if (!files.has(f)) {
    stale++;
    if (check) process.stderr.write(`orphan: ${f}\n`);
    else fs.unlinkSync(path.join(DIR, f));
  }
}
process.stdout.write(`${files.size} rule docs, ${stale} ${check ? 'stale' : 'written'}\n`);
process.exitCode = check && stale ? 1 : 0;
