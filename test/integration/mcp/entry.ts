/** Runs `runMcpCommand` from the sources (used only while `mcp` is not yet wired into the CLI bundle). */
import { processIo } from '../../../server/src/cli/io';
import { runMcpCommand } from '../../../server/src/cli/mcp';

runMcpCommand(process.argv.slice(2), processIo()).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
