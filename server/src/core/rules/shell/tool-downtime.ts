import { defineShellRule } from '../rule';
import { CATALOGUE_MESSAGES, catalogueCheck } from './util/catalogue';

/**
 * Tool verbs that take a service down without destroying data: `kubectl scale --replicas=0`,
 * `kubectl drain`, `heroku pg:killall` (from the tool catalogue, `shell/tool-catalogue/`).
 */
export default defineShellRule({
  meta: {
    id: 'tool-downtime',
    title: 'Scaling a workload to zero, draining a node or killing every database session',
    category: 'lock',
    severity: 'warning',
    docs: {
      description: 'Flags `kubectl scale --replicas=0`, `kubectl drain` and `heroku pg:killall`.',
      problem:
        'Scaling a deployment to zero replicas, evicting every pod of a node or terminating every ' +
        'database connection is an outage for the users of the service, even though no data is lost.',
      solution:
        'Scale down through a reviewed change (GitOps, a maintenance window), cordon before ' +
        'draining, respect PodDisruptionBudgets, and cancel single runaway queries instead of all sessions.',
    },
    messages: CATALOGUE_MESSAGES,
    controls: ['SOC2:A1.2', 'NIST:CM-3'],
    sources: [
      'https://kubernetes.io/docs/reference/kubectl/generated/kubectl_scale/',
      'https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/',
    ],
    examples: {
      valid: [
        'kubectl scale deploy/api --replicas=3',
        'kubectl drain node-1 --dry-run=client',
        'heroku pg:info -a shop',
      ],
      invalid: [
        'kubectl scale deploy/api --replicas=0 -n prod',
        'kubectl drain node-1 --ignore-daemonsets',
        'heroku pg:killall -a shop',
      ],
    },
  },
  check: catalogueCheck('lock'),
});
