import { KUBECTL_OPTIONS } from '../../shell/tool-catalogue/containers';
import { defineShellRule } from '../rule';
import { parseOptions } from './util/options';

/** kubectl/oc options that take the next word: the tool catalogue's (`kubectl options`). */
const KUBECTL_SPEC = { shortWithValue: KUBECTL_OPTIONS.short, longWithValue: KUBECTL_OPTIONS.long };
const NAMESPACE_TYPES = /^(namespaces?|ns|projects?)$/;

/**
 * `kubectl delete` of namespaces (everything in them), of every object of a kind (`--all`), or
 * across all namespaces (`-A`). Also `oc delete project`.
 */
export default defineShellRule({
  meta: {
    id: 'kubectl-delete-wide',
    title: 'kubectl delete of namespaces or all resources',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description: 'Flags `kubectl delete namespace`, `kubectl delete … --all` and `kubectl delete … -A`.',
      problem:
        'Deleting a namespace deletes every workload, service, secret and persistent volume claim ' +
        'in it; `--all` and `--all-namespaces` delete every object of a kind. Volumes with a ' +
        '`Delete` reclaim policy take their data with them.',
      solution:
        'Delete named objects (`kubectl delete deployment web`), preview with `--dry-run=server -o name`, ' +
        'and manage environments through GitOps rather than ad-hoc deletes.',
    },
    messages: {
      namespace: '`{{tool}} delete {{kind}}` deletes namespace `{{name}}` and everything in it.',
      all: '`{{tool}} delete {{kind}} {{flag}}` deletes every {{kind}} {{scope}}.',
    },
    controls: ['SOC2:CC8.1', 'SOC2:A1.2', 'NIST:CM-5'],
    examples: {
      valid: [
        'kubectl delete pod web-5d8f',
        'kubectl get namespaces',
        'kubectl delete -f deploy.yaml',
        'kubectl delete pods --all --dry-run=client',
      ],
      invalid: [
        'kubectl delete namespace staging',
        'kubectl delete ns prod',
        'kubectl delete all --all -n prod',
        'kubectl delete pods -A --all',
      ],
    },
  },
  check(cmd, _analysis, report) {
    if (cmd.name !== 'kubectl' && cmd.name !== 'oc' && cmd.name !== 'k3s') return;
    const parsed = parseOptions(cmd.argv.slice(1), KUBECTL_SPEC);
    const pos = parsed.positionals;
    const di = pos.findIndex((w) => w.value === 'delete');
    // `k3s kubectl delete …` and `kubectl delete …` both have `delete` among the first two words.
    if (di < 0 || di > 1) return;
    const dryRun = parsed.options.find((o) => o.name === 'dry-run');
    if (dryRun && dryRun.value !== 'none') return;
    const typeWord = pos[di + 1];
    const kinds = typeWord?.value?.split(',') ?? [];
    const tool = cmd.name;
    if (typeWord && kinds.some((k) => NAMESPACE_TYPES.test(k.split('/')[0] ?? ''))) {
      const slash = typeWord.value?.split('/')[1];
      const names = slash ? [slash] : pos.slice(di + 2).map((w) => w.value ?? w.raw);
      report({
        messageId: 'namespace',
        data: { tool, kind: typeWord.value ?? '', name: names.join(', ') || '(all)' },
        span: typeWord.span,
      });
      return;
    }
    const allOpt = parsed.all('all')[0];
    const allNs = parsed.all('A', 'all-namespaces')[0];
    const flag = allOpt ?? allNs;
    if (!flag) return;
    const named = pos.length > di + 2;
    if (!allOpt && named) return;
    const ns = parsed.value('n', 'namespace');
    const scope = allNs ? 'in every namespace' : ns ? `in namespace ${ns}` : 'in the current namespace';
    report({
      messageId: 'all',
      data: { tool, kind: typeWord?.value ?? 'resource', flag: flag.word.value ?? '', scope },
      span: flag.word.span,
    });
  },
});
