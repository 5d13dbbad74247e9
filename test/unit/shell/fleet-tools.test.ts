import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { judge } from '../../../server/src/core/judge';
import type { Parsers } from '../../../server/src/core/parsers';
import type { PolicySet } from '../../../server/src/core/policy/model';
import { playbookTasks } from '../../../server/src/core/shell/ansible';
import { builtinPolicies, parsers } from '../../helpers/parsers';
import { workspaceJudge } from '../../helpers/workspace-judge';
import { analyze, only } from './helpers';

const WIPE = { 'wipe.sh': '#!/bin/bash\nset -e\nrm -rf /srv/data\n' };

const PLAYBOOK = `- hosts: prod
  become: true
  tasks:
    - name: ping
      ansible.builtin.ping:
    - name: wipe
      ansible.builtin.shell: |
        echo start
        rm -rf /srv/data
`;

/**
 * Commands sent to other machines by fleet and cloud tools are judged as the commands they are,
 * on those machines; every case below was allowed in production before `fleet-tools.ts`.
 */
describe('fleet and cloud tools run commands on other machines', () => {
  let p: Parsers;
  let set: PolicySet;
  let decide: ReturnType<typeof workspaceJudge>;
  before(async () => {
    p = await parsers();
    set = builtinPolicies();
    decide = workspaceJudge(p, set);
  });

  describe('destructive remote commands are judged (deny)', () => {
    const cases: [string, Record<string, string>?][] = [
      ["ansible all -m shell -a 'rm -rf /srv/data'"],
      ["ansible all -m ansible.builtin.raw -a 'rm -rf /srv/data'"],
      ["ansible prod -m command -a 'dropdb app'"],
      ["ansible prod -a 'dropdb app'"],
      ["ansible all -b --become-user postgres -m shell -a 'rm -rf /srv/data chdir=/tmp'"],
      ["ansible all -m script -a 'wipe.sh'", WIPE],
      ["ansible all -m file -a 'path=/srv/data state=absent'"],
      ["ansible all -m community.postgresql.postgresql_db -a 'name=app state=absent'"],
      ['ansible-playbook -i prod site.yml', { 'site.yml': PLAYBOOK }],
      [
        'ansible-playbook site.yml',
        { 'site.yml': '- hosts: all\n  tasks:\n    - block:\n        - script: wipe.sh\n', ...WIPE },
      ],
      [
        'ansible-playbook site.yml',
        { 'site.yml': '- hosts: all\n  tasks:\n    - command:\n        cmd: dropdb app\n' },
      ],
      [
        'ansible-playbook --check site.yml',
        { 'site.yml': '- hosts: all\n  tasks:\n    - shell: rm -rf /srv/data\n      check_mode: false\n' },
      ],
      ["ansible-playbook /dev/stdin <<'EOF'\n- hosts: all\n  tasks:\n    - shell: rm -rf /srv/data\nEOF"],
      [
        "cat > p.yml <<'EOF'\n- hosts: all\n  tasks:\n    - shell: rm -rf /srv/data\nEOF\nansible-playbook p.yml",
      ],
      ["salt '*' cmd.run 'rm -rf /srv/data'"],
      ["salt '*' file.remove /srv/data"],
      ["salt 'db*' postgres.db_remove app"],
      ["salt-ssh 'web*' cmd.run 'rm -rf /srv/data' runas=root"],
      ["pssh -h hosts.txt 'rm -rf /srv/data'"],
      ["parallel-ssh -H web1 -i 'rm -rf /srv/data'"],
      ['pdsh -w web1,web2 rm -rf /srv/data'],
      ["clush -w @prod 'rm -rf /srv/data'"],
      [
        'aws ssm send-command --document-name AWS-RunShellScript --targets Key=tag:Env,Values=prod' +
          ` --parameters 'commands=["rm -rf /srv/data"]'`,
      ],
      [
        'aws ssm send-command --instance-ids i-0abc --document-name AWS-RunShellScript' +
          ` --parameters '{"commands":["cd /srv","rm -rf data"]}'`,
      ],
      [
        'aws ssm send-command --document-name AWS-RunShellScript --instance-ids i-1 --parameters file://p.json',
        { 'p.json': '{"commands": ["rm -rf /srv/data"]}' },
      ],
      ["gcloud compute ssh vm-1 --command 'rm -rf /srv/data'"],
      ["gcloud compute instances add-metadata vm-1 --metadata startup-script='rm -rf /srv/data'"],
      ['gcloud compute instances create vm-1 --metadata-from-file startup-script=wipe.sh', WIPE],
      ['aws ec2 run-instances --image-id ami-1 --user-data file://wipe.sh', WIPE],
      ["gcloud compute ssh vm-1 --zone us-east1-b --command='rm -rf /srv/data'"],
      ["gcloud compute ssh vm-1 -- -t 'rm -rf /srv/data'"],
      ["az vm run-command invoke -g rg -n vm1 --command-id RunShellScript --scripts 'rm -rf /srv/data'"],
      [
        "az vm run-command invoke -g rg -n vm1 --command-id RunShellScript --scripts 'echo a' 'rm -rf /srv/data'",
      ],
      ["az vm run-command create -g rg --vm-name vm1 --name x --script 'rm -rf /srv/data'"],
      ['az vm run-command invoke -g rg -n vm1 --command-id RunShellScript --scripts @wipe.sh', WIPE],
      ["ssh prod 'bash -s' < wipe.sh", WIPE],
      ['ssh prod bash < wipe.sh', WIPE],
      ["ssh prod 'sudo sh -s' < wipe.sh", WIPE],
      ['ssh -T prod < wipe.sh', WIPE],
      ["kubectl run tmp --rm -i --image=postgres -- psql -h db -c 'DROP TABLE users'"],
      ["kubectl run tmp --rm -it --image=busybox --command -- sh -c 'rm -rf /srv/data'"],
      ['kubectl create job wipe --image=busybox -- rm -rf /srv/data'],
      ["kubectl create cronjob wipe --image=busybox --schedule='*/5 * * * *' -- rm -rf /srv/data"],
      [
        'ansible-playbook site.yml',
        { 'site.yml': '- hosts: all\n  tasks:\n    - action: shell rm -rf /srv/data\n' },
      ],
      ['pssh -h hosts.txt -I bash < wipe.sh', WIPE],
      ['clush -w @all bash < wipe.sh', WIPE],
      [
        'aws ssm start-session --target i-0abc --document-name AWS-StartNonInteractiveCommand' +
          ` --parameters command="rm -rf /srv/data"`,
      ],
    ];
    for (const [text, files] of cases) {
      it(text, () => {
        const d = decide(text, files);
        assert.equal(d.effect, 'deny', d.rules.join());
      });
    }
  });

  describe('commands known only at run time or in a language not read are asked about', () => {
    for (const text of [
      'ansible all -m shell -a "$CMD"',
      "salt '*' cmd.script salt://scripts/wipe.sh",
      'aws ssm send-command --document-name AWS-RunPowerShellScript --instance-ids i-1' +
        ` --parameters 'commands=["Remove-Item -Recurse C:/data"]'`,
      "az vm run-command invoke -g rg -n vm1 --command-id RunPowerShellScript --scripts 'Remove-Item C:/x'",
      "ansible all -m ansible.windows.win_shell -a 'Remove-Item -Recurse C:/data'",
      'ssh prod "$CMD"',
      'ssh -t prod $INTERPRETER',
      'pssh -h hosts.txt "$CMD"',
    ]) {
      it(text, () => {
        const d = decide(text);
        assert.equal(d.effect, 'ask', d.rules.join());
        assert.ok(d.rules.includes('opaque-execution'), d.rules.join());
      });
    }
  });

  it('a remote command whose program is static is judged with its run-time words (ssh h rm -rf $DIR)', () => {
    for (const text of ['ssh prod rm -rf $DIR', 'ssh prod "rm -rf $DIR"', 'salt "*" cmd.run "rm -rf $DIR"']) {
      const d = decide(text);
      assert.equal(d.effect, 'ask', text);
      assert.ok(d.rules.includes('file-destroy') && !d.rules.includes('opaque-execution'), d.rules.join());
    }
  });

  describe('benign neighbours stay allowed', () => {
    const cases: [string, Record<string, string>?][] = [
      ['ansible all -m ping'],
      ['ansible all -a uptime'],
      ["ansible all -m file -a 'path=/srv/app state=directory'"],
      ["ansible all --check -m shell -a 'rm -rf /srv/data'"],
      ["ansible all --list-hosts -m shell -a 'rm -rf /srv/data'"],
      ['ansible-playbook --check site.yml', { 'site.yml': PLAYBOOK }],
      ['ansible-playbook --list-hosts site.yml', { 'site.yml': PLAYBOOK }],
      ['ansible-playbook --syntax-check site.yml', { 'site.yml': PLAYBOOK }],
      ["salt '*' test.ping"],
      ["salt '*' file.remove /tmp/build.log"],
      ["salt '*' cmd.run uptime"],
      ['pssh -h hosts.txt -i uptime'],
      ['clush -w @prod -c /tmp/app.tar --dest /tmp'],
      ['gcloud compute ssh vm-1'],
      ['gcloud compute instances create vm-1 --metadata enable-oslogin=TRUE'],
      ["aws ec2 run-instances --image-id ami-1 --user-data '#cloud-config\npackages: [nginx]'"],
      ['gcloud compute ssh vm-1 --command uptime'],
      [
        'aws ssm send-command --document-name AWS-RunShellScript --instance-ids i-1 --parameters \'commands=["uptime"]\'',
      ],
      ["az vm run-command invoke -g rg -n vm1 --command-id RunShellScript --scripts 'df -h'"],
      ['kubectl run nginx --image=nginx'],
      ['kubectl run tmp --rm -i --image=busybox -- echo hello'],
      ["kubectl run tmp --image=postgres --dry-run=client -o yaml -- psql -c 'DROP TABLE users'"],
      ["ssh -n prod 'bash -s' < wipe.sh", WIPE],
      ['clush -w @all --nostdin bash < wipe.sh', WIPE],
      ['kubectl create deployment web --image=nginx'],
      ['ssh prod "cd $DIR && ls"'],
      ['ssh -q $HOST [[ -f $FILE_PATH ]]'],
    ];
    for (const [text, files] of cases) {
      it(text, () => {
        const d = decide(text, files);
        assert.equal(d.effect, 'allow', d.rules.join());
      });
    }
  });

  describe('where the command runs', () => {
    it('the remote command carries the tool, the host pattern and the inventory', async () => {
      const rm = only(await analyze("ansible web -i inventories/production -m shell -a 'rm -rf /x'"), 'rm');
      assert.deepEqual(rm.remote, { via: 'ansible', host: 'web', targets: ['inventories/production'] });
      assert.equal(rm.wrappers.at(-1), 'ansible -m shell');
      const b = only(await analyze("ansible all -b -m shell -a 'rm -rf /x'"), 'rm');
      assert.equal(b.runAs, 'root');
      const k = only(await analyze("kubectl run tmp --image=postgres -- psql -c 'SELECT 1'"), 'psql');
      assert.deepEqual(k.remote, { via: 'kubectl run', host: 'tmp' });
    });

    it('static host, group, inventory and tag names recognise production (no explicit environment)', () => {
      for (const text of [
        "ansible prod -m shell -a 'rm -rf /srv/data'",
        "ansible all -i inventories/production/hosts -m shell -a 'rm -rf /srv/data'",
        "salt 'prod-*' cmd.run 'rm -rf /srv/data'",
        'pdsh -w prod-db1 rm -rf /srv/data',
        'aws ssm send-command --document-name AWS-RunShellScript --targets Key=tag:Env,Values=production' +
          ` --parameters 'commands=["rm -rf /srv/data"]'`,
      ]) {
        const j = judge(p, set, { kind: 'shell', text }, { actor: { type: 'agent', name: 'claude-code' } });
        assert.equal(j.decision.environment, 'production', text);
        assert.equal(j.decision.effect, 'deny', text);
      }
    });
  });

  describe('playbooks', () => {
    it('reads tasks of blocks, handlers and module forms, with hosts, become and check_mode', () => {
      const tasks = playbookTasks(`- hosts: db
  become: yes
  become_user: postgres
  tasks:
    - block:
        - command: dropdb {{ db }}
      check_mode: false
    - ansible.builtin.command:
        argv: [rm, -rf, /srv/data]
  handlers:
    - shell: systemctl restart app
- import_playbook: other.yml
`);
      assert.deepEqual(
        tasks.map((t) => [t.call.module, t.call.text, t.hosts, t.become, t.checkMode]),
        [
          ['command', 'dropdb ${__db}', 'db', 'postgres', false],
          ['command', 'rm -rf /srv/data', 'db', 'postgres', undefined],
          ['shell', 'systemctl restart app', 'db', 'postgres', undefined],
        ],
      );
    });

    it('local_action and delegate_to: localhost run on this machine', () => {
      const tasks = playbookTasks(`- hosts: prod
  tasks:
    - local_action: command rm -rf build
    - shell: make
      delegate_to: localhost
`);
      assert.deepEqual(
        tasks.map((t) => [t.call.text, t.local]),
        [
          ['rm -rf build', true],
          ['make', true],
        ],
      );
    });

    it('a playbook that does not parse or is not a list reads no tasks', () => {
      assert.deepEqual(playbookTasks('- hosts: [\n'), []);
      assert.deepEqual(playbookTasks('hosts: all\n'), []);
    });
  });
});
