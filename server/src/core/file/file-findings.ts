import type { RuleMeta } from '../rules/rule';

/**
 * The findings of file actions (an agent's Write / Edit / Read / patch tool call, `kind: 'file'`),
 * with full metadata so docs, hovers and `railguard explain` show them like any rule. What the
 * written content itself does (SQL statements of a migration, commands of a shell script) is
 * reported by the SQL and shell rules on the content.
 */

/** `file-write`: every write, edit or delete, with its effect on the path, for policy to judge. */
export const FILE_WRITE: RuleMeta<'write' | 'edit' | 'delete'> = {
  id: 'file-write',
  title: 'A file tool writes, edits or deletes a file',
  category: 'data-loss',
  severity: 'hint',
  docs: {
    description:
      "Reports each write, edit or delete an agent's file tool makes, with its effect on the path, so policy can judge the path.",
    problem:
      'Agents change files through their own tools (Write, Edit, apply_patch…), not only through the ' +
      'shell. A file tool can overwrite a policy, a hook configuration, a systemd unit, `~/.bashrc` or ' +
      "a database's data folder as surely as `cat >` can. Without a finding, policy never sees the path.",
    solution:
      "The built-in policy allows ordinary writes (`file-write-allowed`); the finding's effect " +
      '(`overwrite`/`write`/`destroy` on a `path`) lets a policy deny or ask for paths it classifies ' +
      "with `resources:` (service data, persistence, Railguard's own files).",
  },
  messages: {
    write: 'Writes `{{path}}` (replacing its content).',
    edit: 'Edits `{{path}}`.',
    delete: 'Deletes `{{path}}`.',
  },
  controls: ['NIST:CM-5', 'NIST:AU-12', 'SOC2:CC8.1'],
  sources: ['https://code.claude.com/docs/en/hooks#pretooluse', 'railguard issue 10'],
  examples: {
    valid: ['Read README.md'],
    invalid: ['Write src/app.ts: export const x = 1;', 'Delete notes.md'],
  },
};

/**
 * `file-control-write`: a file tool writing Railguard's own files (policies, hook configurations,
 * hook scripts, runtime folder, audit) or settings that turn an agent's safety prompts off; also a
 * shell command writing such settings with known content (`echo '{…}' > .vscode/settings.json`).
 */
export const FILE_CONTROL: RuleMeta<'controlPath' | 'controlRead' | 'agentSetting' | 'railguardSetting'> = {
  id: 'file-control-write',
  title: "A file tool changes Railguard's controls or an agent's safety settings",
  category: 'control',
  severity: 'error',
  docs: {
    description:
      "Flags file tool calls that write Railguard's own files, read its secrets, or turn an agent's permission prompts off in its settings (also when a shell command writes those settings).",
    problem:
      'A one-rule workspace policy (`rules: [{id: allow-all, effect: allow}]`) written to ' +
      '`.railguard/policies/` disables every decision; removing the entry from `.claude/settings.json` ' +
      'removes the hook; reading `~/.railguard/run/token` lets an agent talk to the daemon as a hook ' +
      'does; `"defaultMode": "bypassPermissions"` turns Claude Code\'s prompts off. Through a file ' +
      'tool, none of that is a shell command.',
    solution:
      'Change policies, hook configurations and agent permission settings yourself, in the editor. ' +
      'An agent that needs a policy change should propose it in its answer.',
  },
  messages: {
    controlPath: '{{operation}} of {{what}} `{{path}}`.',
    controlRead: 'Reads {{what}} `{{path}}`, which lets an agent act as Railguard.',
    agentSetting: 'Sets `{{key}}` to `{{value}}`, turning off {{what}}.',
    railguardSetting: "Sets Railguard's own setting `{{key}}` to `{{value}}`.",
  },
  controls: ['NIST:AC-3', 'NIST:AU-9', 'NIST:CM-5', 'SOC2:CC6.8'],
  sources: [
    'https://code.claude.com/docs/en/settings',
    'https://code.claude.com/docs/en/hooks',
    'railguard issue 10 (reproductions 1 and 2)',
  ],
  examples: {
    valid: ['(a write of src/app.ts)'],
    invalid: [
      '(a write of .railguard/policies/x.yaml)',
      '(a write of .claude/settings.json with bypassPermissions)',
    ],
  },
};

/** `file-secret-read`: a file tool reading a credential file (the Read tool on `~/.ssh/id_rsa`). */
export const FILE_SECRET_READ: RuleMeta<'secretRead'> = {
  id: 'file-secret-read',
  title: 'A file tool reads a credential file',
  category: 'secret',
  severity: 'warning',
  docs: {
    description: "Flags an agent's file tool reading private keys, cloud credentials or `.env` files.",
    problem:
      "What an agent's Read tool returns goes into the model transcript and its logs, exactly like " +
      '`cat ~/.ssh/id_rsa` in a terminal.',
    solution: 'Reference credentials by path or through a secret manager; show key names, not values.',
  },
  messages: { secretRead: 'Reads {{what}} `{{path}}` into the agent transcript.' },
  controls: ['SOC2:CC6.1', 'NIST:IA-5'],
  sources: ['secret-file-access'],
  examples: { valid: ['Read ~/.ssh/id_rsa.pub'], invalid: ['Read ~/.ssh/id_rsa', 'Read .env'] },
};

/** Every file action finding kind. */
export const FILE_FINDINGS: readonly RuleMeta[] = [FILE_WRITE, FILE_CONTROL, FILE_SECRET_READ];
