/**
 * A compact node:test reporter for `npm test` (node's `--test-reporter` API: an async generator
 * over the runner's events, https://nodejs.org/api/test.html#custom-reporters).
 *
 * Prints one dot per passed test (a line break every 100), every failure in full (name, file:line,
 * error and stack), every skipped test with its reason (a test that needs the shared corpus says
 * so), and closes with one line `N passed, N failed, N skipped` that CI and humans read.
 * Suites are not counted: only tests.
 */
import path from 'node:path';

const rel = (file) => (file ? path.relative(process.cwd(), file.replace(/^file:\/\//, '')) : '?');

export default async function* compactReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let dots = 0;
  const failures = [];
  const skips = [];
  for await (const event of source) {
    const data = event.data ?? {};
    if (event.type !== 'test:pass' && event.type !== 'test:fail') {
      if (event.type === 'test:stderr' || event.type === 'test:stdout') continue;
      continue;
    }
    if (data.details?.type === 'suite') {
      // A suite that failed outside its tests (a `before` hook, a load error) counts as a failure.
      if (event.type === 'test:fail' && data.details?.error?.failureType !== 'subtestsFailed') {
        failed++;
        failures.push(data);
      } else if (data.skip !== undefined && data.skip !== false) {
        skipped++;
        skips.push(data);
      }
      continue;
    }
    if (event.type === 'test:fail') {
      failed++;
      failures.push(data);
      yield 'F';
    } else if (data.skip !== undefined && data.skip !== false) {
      skipped++;
      skips.push(data);
      yield 's';
    } else {
      passed++;
      yield '.';
    }
    if (++dots % 100 === 0) yield '\n';
  }
  yield '\n';
  for (const s of skips)
    yield `skipped: ${s.name} (${rel(s.file)})${typeof s.skip === 'string' ? `: ${s.skip}` : ''}\n`;
  for (const f of failures) {
    const err = f.details?.error;
    const cause = err?.cause ?? err;
    yield `\nFAILED: ${f.name}\n  at ${rel(f.file)}:${f.line ?? '?'}\n`;
    const text = cause?.stack ?? cause?.message ?? String(cause);
    yield `${String(text)
      .split('\n')
      .slice(0, 30)
      .map((l) => `  ${l}`)
      .join('\n')}\n`;
  }
  yield `\n${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}
