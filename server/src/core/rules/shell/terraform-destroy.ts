import { defineShellRule } from '../rule';

const IAC = new Set(['terraform', 'tofu', 'terragrunt', 'pulumi', 'cdk', 'cdktf']);

/**
 * `terraform destroy`, `terraform apply -destroy` (OpenTofu, Terragrunt `run-all destroy` too),
 * `pulumi destroy`/`pulumi down`, `cdk destroy`: tearing down managed infrastructure.
 */
export default defineShellRule({
  meta: {
    id: 'terraform-destroy',
    title: 'Destroying infrastructure with Terraform, OpenTofu, Pulumi or CDK',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description:
        'Flags `terraform destroy`, `apply -destroy`, `tofu destroy`, `pulumi destroy` and `cdk destroy`.',
      problem:
        'Destroy deletes every resource in the state: databases, buckets, clusters and their data. ' +
        'With `-auto-approve` there is no confirmation, and a wrong workspace or backend points it ' +
        'at production.',
      solution:
        'Review `terraform plan -destroy` first, protect stateful resources with ' +
        '`lifecycle { prevent_destroy = true }` (Pulumi `protect`, CDK `RemovalPolicy.RETAIN`), and ' +
        'run destroys from CI with approvals rather than from an agent.',
    },
    messages: {
      destroy: '`{{command}}` deletes the infrastructure managed by this {{tool}} state{{approve}}.',
      targeted: '`{{command}}` deletes targeted {{tool}} resources{{approve}}.',
    },
    controls: ['SOC2:CC8.1', 'SOC2:A1.2', 'NIST:CM-3'],
    examples: {
      valid: [
        'terraform plan',
        'terraform plan -destroy',
        'terraform apply',
        'pulumi up',
        'echo terraform destroy',
      ],
      invalid: [
        'terraform destroy -auto-approve',
        'terraform -chdir=infra apply -destroy',
        'tofu destroy',
        'pulumi destroy --yes',
        'terragrunt run-all destroy',
      ],
    },
  },
  check(cmd, _analysis, report) {
    const tool = cmd.name;
    if (!tool || !IAC.has(tool)) return;
    const words = cmd.argv.slice(1);
    const values = words.map((w) => w.value ?? '');
    const sub = words.find(
      (w) => w.value !== undefined && !w.value.startsWith('-') && w.value !== 'run-all' && w.value !== 'run',
    );
    if (!sub) return;
    const destroyFlag = values.some((v) => v === '-destroy' || v === '--destroy');
    const isDestroy =
      sub.value === 'destroy' ||
      (tool === 'pulumi' && sub.value === 'down') ||
      (sub.value === 'apply' && destroyFlag && tool !== 'pulumi');
    if (!isDestroy) return;
    const approve = values.some((v) =>
      /^-{1,2}(auto-approve|yes|force)$|^-y$|^--require-approval=never$/.test(v),
    )
      ? ' without confirmation'
      : '';
    const targeted = values.some((v) => /^-{1,2}target(=|$)/.test(v));
    const command =
      [tool, ...values.slice(0, values.indexOf(sub.value ?? '') + 1)].join(' ') +
      (destroyFlag && sub.value === 'apply' ? ' -destroy' : '');
    report({
      messageId: targeted ? 'targeted' : 'destroy',
      data: { command, tool, approve },
      span: sub.span,
      ...(targeted ? { severity: 'warning' as const } : {}),
    });
  },
});
