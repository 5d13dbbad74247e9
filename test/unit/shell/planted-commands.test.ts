import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { judge } from '../../../server/src/core/judge';
import type { Parsers } from '../../../server/src/core/parsers';
import type { PolicySet } from '../../../server/src/core/policy/model';
import { GIT_CONFIG_KEYS } from '../../../server/src/core/shell/git-config';
import { COMMAND_ENV_VARS } from '../../../server/src/core/shell/command-env';
import { builtinPolicies, parsers } from '../../helpers/parsers';

const agent = { type: 'agent' as const, name: 'claude-code' };

/**
 * Commands planted for later: configuration and environment variables whose value a program runs
 * afterwards. Each `deny`/`ask` here was allowed in production before (issue: "execution planted
 * for later"); the value is judged as the command it becomes, and planting one in git's
 * configuration is a persistence finding of its own.
 */
describe('commands planted for later are judged as the commands they become', () => {
  let p: Parsers;
  let set: PolicySet;
  before(async () => {
    p = await parsers();
    set = builtinPolicies();
  });

  const run = (text: string, env = 'production') =>
    judge(p, set, { kind: 'shell', text }, { actor: agent, explicitEnvironment: env });
  const check = (text: string, effect: string, rules: string[], env?: string) => {
    const j = run(text, env);
    const ids = j.analysis.findings.map((f) => f.ruleId);
    assert.equal(j.decision.effect, effect, `${text}: ${ids.join()}`);
    for (const r of rules) assert.ok(ids.includes(r), `${text}: ${r} not in ${ids.join()}`);
  };

  describe('git configuration whose value is a command', () => {
    const cases: [string, string, string[]][] = [
      ['git config core.hooksPath /tmp/hooks', 'ask', ['persistence-path-write']],
      ['git config --global core.hooksPath /tmp/hooks', 'ask', ['persistence-path-write']],
      [
        "git config --global alias.st '!rm -rf /srv/data'",
        'deny',
        ['file-destroy', 'persistence-path-write'],
      ],
      ["git config core.fsmonitor 'rm -rf /srv/data'", 'deny', ['file-destroy', 'persistence-path-write']],
      ["git config set --global core.pager 'rm -rf /srv/data'", 'deny', ['file-destroy']],
      ["git config --add --system core.editor 'rm -rf /srv/data'", 'deny', ['file-destroy']],
      ["git config --replace-all diff.x.textconv 'rm -rf /srv/data' old", 'deny', ['file-destroy']],
      ["git config --file /tmp/x.cfg filter.lfs.smudge 'rm -rf /srv/data'", 'deny', ['file-destroy']],
      ["git -C /srv/repo config sequence.editor 'rm -rf /srv/data'", 'deny', ['file-destroy']],
      ["git config --global credential.helper '!rm -rf /srv/data'", 'deny', ['file-destroy']],
      ["git config alias.wipe 'clean -fdx'", 'deny', ['git-discard-work']],
      ["git config --global core.pager 'less -R'", 'ask', ['persistence-path-write']],
      ['git config --global include.path /tmp/evil.cfg', 'ask', ['persistence-path-write']],
      ['git config core.pager "$P"', 'ask', ['opaque-execution']],
      ['git --config-env=core.pager=PAGER_CMD log', 'ask', ['opaque-execution']],
    ];
    for (const [text, effect, rules] of cases) it(text, () => check(text, effect, rules));

    it('a global plant asks outside production too (persistence, as a write of ~/.gitconfig)', () => {
      const j = run("git config --global core.editor 'code --wait'", 'development');
      assert.equal(j.decision.effect, 'ask');
      const f = j.analysis.findings.find((x) => x.ruleId === 'persistence-path-write');
      assert.deepEqual(f?.effects?.[0]?.resource, { kind: 'path', id: '~/.gitconfig' });
    });

    const benign = [
      'git config user.name x',
      'git config --global user.email a@b.c',
      'git config --global pull.rebase true',
      'git config core.autocrlf false',
      'git config alias.co checkout',
      "git config --global alias.lg 'log --graph --oneline'",
      'git config --global credential.helper store',
      "git config --global credential.helper 'cache --timeout=3600'",
      'git config core.fsmonitor true',
      'git config pager.log false',
      'git config --get core.pager',
      'git config --unset core.pager',
      'git config --global --list',
      'git config get core.editor',
      'git -c color.ui=always log',
    ];
    for (const text of benign) it(`allowed: ${text}`, () => check(text, 'allow', []));

    it('every key family documents its sources', () => {
      for (const e of GIT_CONFIG_KEYS)
        assert.ok(e.sources.length > 0 && e.sources.every((s) => /^https:\/\//.test(s)), e.key.source);
    });
  });

  describe('environment variables whose value is a command', () => {
    const cases: [string, string, string[]][] = [
      ["PAGER='rm -rf /srv/data' git log", 'deny', ['file-destroy']],
      ["export PAGER='rm -rf /srv/data'; git log", 'deny', ['file-destroy']],
      ["export EDITOR='rm -rf /srv/data'", 'deny', ['file-destroy']],
      ["VISUAL='rm -rf /srv/data'", 'deny', ['file-destroy']],
      ["env GIT_EDITOR='rm -rf /srv/data' git commit", 'deny', ['file-destroy']],
      ["MANPAGER='rm -rf /srv/data' man ls", 'deny', ['file-destroy']],
      ["LESSOPEN='|rm -rf /srv/data %s' less x", 'deny', ['file-destroy']],
      ["SUDO_ASKPASS='rm -rf /srv/data' sudo -A ls", 'deny', ['file-destroy']],
      ["KUBE_EDITOR='rm -rf /srv/data' kubectl edit deploy x", 'deny', ['file-destroy']],
      ["declare -x SYSTEMD_PAGER='rm -rf /srv/data'", 'deny', ['file-destroy']],
      ["GIT_SSH_COMMAND='rm -rf /srv/data' git fetch", 'deny', ['file-destroy']],
      ['GIT_PAGER="$P" git log', 'ask', ['opaque-execution']],
    ];
    for (const [text, effect, rules] of cases) it(text, () => check(text, effect, rules));

    const benign = [
      'PAGER=cat git log',
      'EDITOR=vim git commit',
      'LESS=-R less x',
      'export EDITOR=vim',
      'export LESSOPEN="| /usr/bin/lesspipe %s"',
      "GIT_PAGER='less -RFX' git log",
      "EDITOR='code --wait' git commit",
    ];
    for (const text of benign) it(`allowed: ${text}`, () => check(text, 'allow', []));

    it('every variable documents its sources; names are unique', () => {
      for (const e of COMMAND_ENV_VARS)
        assert.ok(e.sources.length > 0 && e.sources.every((s) => /^https:\/\//.test(s)), e.names[0]);
      const names = COMMAND_ENV_VARS.flatMap((e) => e.names);
      assert.equal(new Set(names).size, names.length);
    });
  });
});
