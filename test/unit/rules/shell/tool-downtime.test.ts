import rule from '../../../../server/src/core/rules/shell/tool-downtime';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'kubectl scale deploy/api --replicas=10',
    'kubectl scale deploy/api --replicas 0 --dry-run=server',
    'kubectl cordon node-1',
    'pg_ctl status -D /var/lib/postgresql/data',
    'pg_ctlcluster 15 main start',
    'mysqladmin -u root status',
    'redis-cli info server',
    'docker stop web',
    'docker rm -f web',
  ],
  invalid: [
    { code: 'kubectl scale deploy/api --replicas 0', errors: [{ messageId: 'verb', line: 1, column: 9 }] },
    { code: 'kubectl --context prod-eks drain node-1', errors: [{ messageId: 'verb', line: 1, column: 28 }] },
    { code: 'oc scale dc/web --replicas=0', errors: [{ messageId: 'verb', line: 1, column: 4 }] },
    { code: 'sudo -u postgres pg_ctl stop -D /x -m fast', errors: [{ messageId: 'verb', column: 25 }] },
    { code: 'pg_ctl kill TERM 4242', errors: [{ messageId: 'verb', column: 8 }] },
    { code: 'pg_ctlcluster --mode immediate 16 main stop', errors: [{ messageId: 'verb', column: 32 }] },
    { code: 'mariadb-admin --user=root shutdown', errors: [{ messageId: 'verb', column: 27 }] },
    { code: 'redis-cli -h prod-cache -p 6380 SHUTDOWN', errors: [{ messageId: 'verb', column: 33 }] },
    { code: `mongo admin --eval 'db.adminCommand({ shutdown: 1 })'`, errors: [{ messageId: 'verb' }] },
    { code: 'mongod --shutdown --dbpath /srv/mongo', errors: [{ messageId: 'verb' }] },
    { code: 'podman container stop app-db-1', errors: [{ messageId: 'verb', column: 8 }] },
    { code: 'docker restart postgres', errors: [{ messageId: 'verb', column: 8 }] },
  ],
});
