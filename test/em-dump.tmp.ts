import { analyzeShell } from '/work/wt-eval-misses/server/src/core/shell/analyze';
import { parsers } from '/work/wt-eval-misses/test/helpers/parsers';
(async () => {
  const a = analyzeShell(await parsers(), process.argv[2] as string);
  for (const c of a.commands) console.log(JSON.stringify({ name: c.name, argv: c.argv.map((w) => w.value ?? w.raw), redirects: c.redirects.map((r) => r.op + r.target), wrappers: c.wrappers, stdin: c.stdin?.text, via: c.stdin?.via, pipe: c.pipeline, sub: c.inSubstitution, fromStdin: c.argsFromStdin }));
})();
