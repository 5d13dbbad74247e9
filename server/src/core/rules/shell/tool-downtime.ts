import { defineShellRule } from '../rule';
import { CATALOGUE_MESSAGES, catalogueCheck } from './util/catalogue';

/**
 * Tool verbs that take a service down without destroying data: `kubectl scale --replicas=0`,
 * `kubectl drain`, `heroku pg:killall`, a database server's own stop (`pg_ctl stop`,
 * `pg_ctlcluster 15 main stop`, `mysqladmin shutdown`, `redis-cli shutdown`, `mongod --shutdown`)
 * and stopping a database container (from the tool catalogue, `shell/tool-catalogue/`). Service
 * managers (`systemctl stop`) are the `service-stop` rule's.
 */
export default defineShellRule({
  meta: {
    id: 'tool-downtime',
    title: 'Scaling a workload to zero, draining a node, or stopping a database server',
    category: 'lock',
    severity: 'warning',
    docs: {
      description:
        'Flags `kubectl scale --replicas=0`, `kubectl drain`, `heroku pg:killall`, database servers stopped with their own tools (`pg_ctl`, `pg_ctlcluster`, `mysqladmin shutdown`, `redis-cli shutdown`, `mongod --shutdown`) and database containers stopped.',
      problem:
        'Scaling a deployment to zero replicas, evicting every pod of a node, terminating every ' +
        'database connection or shutting the database server down is an outage for the users of ' +
        'the service, even though no data is lost.',
      solution:
        'Scale down through a reviewed change (GitOps, a maintenance window), cordon before ' +
        'draining, respect PodDisruptionBudgets, and cancel single runaway queries instead of all sessions.',
    },
    messages: CATALOGUE_MESSAGES,
    controls: ['SOC2:A1.2', 'NIST:CM-3'],
    sources: [
      'https://kubernetes.io/docs/reference/kubectl/generated/kubectl_scale/',
      'https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/',
      'https://www.postgresql.org/docs/current/app-pg-ctl.html',
    ],
    examples: {
      valid: [
        'kubectl scale deploy/api --replicas=3',
        'kubectl drain node-1 --dry-run=client',
        'heroku pg:info -a shop',
        'pg_ctl status -D /var/lib/postgresql/data',
      ],
      invalid: [
        'kubectl scale deploy/api --replicas=0 -n prod',
        'kubectl drain node-1 --ignore-daemonsets',
        'heroku pg:killall -a shop',
        'pg_ctlcluster 15 main stop',
        'mysqladmin -u root shutdown',
      ],
    },
  },
  check: catalogueCheck('lock'),
});
