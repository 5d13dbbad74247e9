import type { ShellWord } from '../../shell/model';
import { AGENT_SWITCHES, type AgentSwitch } from '../../shell/control-surface';
import { defineShellRule } from '../rule';
import { controlEffect } from './util/control';

/**
 * The switch among `sw`'s that `words[i]` (with `words[i + 1]` as a possible option argument)
 * spells, or undefined: `--yolo`, `--approval-mode=yolo`, `--approval-mode yolo`, `-y`, `-a never`.
 */
function matchSwitch(sw: AgentSwitch, words: readonly ShellWord[], i: number): string | undefined {
  const v = words[i]?.value;
  if (v === undefined || !v.startsWith('-')) return undefined;
  const next = words[i + 1]?.value;
  for (const spelled of [...sw.options, ...(sw.shortOptions ?? [])]) {
    const eq = spelled.indexOf('=');
    if (eq < 0) {
      if (v === spelled) return spelled;
      continue;
    }
    const opt = spelled.slice(0, eq);
    const value = spelled.slice(eq + 1);
    if (v === spelled || (v === opt && next === value)) return spelled;
    // short options with glued values (`-anever`)
    if (opt.length === 2 && v === `${opt}${value}`) return spelled;
  }
  return undefined;
}

/**
 * An agent's own safety switch turned off on its command line: `claude
 * --dangerously-skip-permissions`, `codex --dangerously-bypass-approvals-and-sandbox` / `--yolo` /
 * `--full-auto` / `-a never`, `gemini --yolo`, `cursor-agent --force`, `copilot
 * --allow-all-tools` (catalogue `AGENT_SWITCHES`, with the agents' docs as sources). An agent
 * starting another agent this way launders its actions through one nobody is asked about.
 */
export default defineShellRule({
  meta: {
    id: 'agent-safety-bypass',
    title: "Turning an agent's own safety prompts off",
    category: 'control',
    severity: 'error',
    docs: {
      description: 'Flags starting a coding agent with its permission prompts or sandbox turned off.',
      problem:
        'Coding agents ask before running tools and keep commands in a sandbox unless told not to. ' +
        'An agent that starts `claude --dangerously-skip-permissions -p …` or `codex --yolo exec …` ' +
        'gets a helper that runs anything without a prompt, and whatever it runs through tools ' +
        "Railguard does not hook is never seen. The agents' docs reserve these modes for isolated " +
        'containers.',
      solution:
        'Start agents in their default permission mode, or in a container or VM without ' +
        'credentials when unattended runs are needed. Grant specific tools (`--allowedTools`, ' +
        '`--allow-tool`) rather than all of them.',
    },
    messages: {
      bypass: '`{{tool}} {{option}}` turns off {{what}}.',
    },
    controls: ['NIST:AC-6', 'NIST:CM-5', 'SOC2:CC6.1'],
    sources: AGENT_SWITCHES.flatMap((s) => s.sources),
    examples: {
      valid: [
        'claude --help',
        'claude -p "fix the tests"',
        'codex exec "run lint"',
        'gemini -p hello',
        'copilot --allow-tool "shell(git)"',
      ],
      invalid: [
        'claude --dangerously-skip-permissions -p "do it"',
        'claude --permission-mode bypassPermissions',
        'codex --dangerously-bypass-approvals-and-sandbox exec "x"',
        'codex -a never exec "x"',
        'gemini --yolo -p "x"',
        'cursor-agent --force -p "x"',
        'copilot --allow-all-tools -p "x"',
      ],
    },
  },
  check(cmd, _analysis, report) {
    const tool = cmd.name;
    if (!tool) return;
    const sw = AGENT_SWITCHES.find((s) => s.programs.includes(tool));
    if (!sw) return;
    const words = cmd.argv.slice(1);
    for (let i = 0; i < words.length; i++) {
      if (words[i]?.value === '--') break;
      const option = matchSwitch(sw, words, i);
      if (!option) continue;
      report({
        messageId: 'bypass',
        data: { tool, option, what: sw.what },
        span: (words[i] as ShellWord).span,
        effects: [controlEffect('disable', 'control', `agent:${sw.programs[0] ?? tool}:permissions`, tool)],
      });
    }
  },
});
