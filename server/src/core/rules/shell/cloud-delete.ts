import type { ShellWord } from '../../shell/model';
import { defineShellRule } from '../rule';

/** Global options that take the next word, per CLI (aws `help`, gcloud topic flags, az `--help`, gsutil). */
const VALUE_FLAGS: Record<string, Set<string>> = {
  aws: new Set([
    '--profile',
    '--region',
    '--output',
    '--endpoint-url',
    '--query',
    '--color',
    '--ca-bundle',
    '--cli-read-timeout',
    '--cli-connect-timeout',
    '--cli-binary-format',
  ]),
  gcloud: new Set([
    '--project',
    '--account',
    '--configuration',
    '--region',
    '--zone',
    '--format',
    '--verbosity',
    '--impersonate-service-account',
    '--billing-project',
  ]),
  az: new Set([
    '--subscription',
    '--output',
    '-o',
    '--query',
    '--name',
    '-n',
    '--resource-group',
    '-g',
    '--server',
    '-s',
  ]),
  gsutil: new Set(['-h', '-o', '-u', '-p']),
};

/** Deleting operations, as `service operation…` paths of each CLI (first words, flags skipped). */
const DELETES: Record<string, string[]> = {
  aws: [
    'rds delete-db-instance',
    'rds delete-db-cluster',
    'dynamodb delete-table',
    's3api delete-bucket',
    'ec2 terminate-instances',
    'ec2 delete-volume',
    'efs delete-file-system',
    'elasticache delete-cache-cluster',
    'elasticache delete-replication-group',
    'redshift delete-cluster',
    'docdb delete-db-cluster',
    'secretsmanager delete-secret',
  ],
  gcloud: [
    'sql instances delete',
    'sql databases delete',
    'projects delete',
    'container clusters delete',
    'compute instances delete',
    'compute disks delete',
    'spanner instances delete',
    'spanner databases delete',
    'firestore databases delete',
    'redis instances delete',
    'storage buckets delete',
  ],
  az: [
    'group delete',
    'sql db delete',
    'sql server delete',
    'storage account delete',
    'cosmosdb delete',
    'postgres flexible-server delete',
    'postgres server delete',
    'mysql flexible-server delete',
    'mysql server delete',
    'aks delete',
    'vm delete',
    'keyvault delete',
  ],
};

/** The leading subcommand words of a cloud CLI call (global options and their values skipped). */
function commandPath(name: string, argv: readonly ShellWord[]): ShellWord[] {
  const flags = VALUE_FLAGS[name] ?? new Set<string>();
  const out: ShellWord[] = [];
  for (let i = 1; i < argv.length && out.length < 4; i++) {
    const v = argv[i]?.value;
    if (v === undefined) break;
    if (v.startsWith('-')) {
      if (flags.has(v)) i++;
      continue;
    }
    const w = argv[i];
    if (w) out.push(w);
  }
  return out;
}

function has(argv: readonly ShellWord[], ...flags: string[]): boolean {
  return argv.some(
    (w) => w.value !== undefined && flags.some((f) => w.value === f || w.value?.startsWith(`${f}=`)),
  );
}

/** A combined short flag of gsutil/gcloud storage rm (`-rf`, `-R`, `-a`). */
function hasShort(argv: readonly ShellWord[], letters: string): boolean {
  return argv.some(
    (w) =>
      w.value !== undefined && /^-[a-zA-Z]+$/.test(w.value) && [...letters].some((l) => w.value?.includes(l)),
  );
}

/**
 * Cloud deletions of stateful resources: recursive bucket deletes (`aws s3 rm --recursive`,
 * `aws s3 rb --force`, `gsutil rm -r`, `gcloud storage rm -r`) and database, cluster, project and
 * resource-group deletes (aws, gcloud, az).
 */
export default defineShellRule({
  meta: {
    id: 'cloud-delete',
    title: 'Deleting cloud storage, databases or resource groups',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description:
        'Flags recursive bucket deletes and deletes of databases, clusters, projects and resource groups with the aws, gcloud, gsutil and az CLIs.',
      problem:
        'Cloud deletes are immediate and usually final: a recursive `s3 rm` empties a bucket, ' +
        '`rds delete-db-instance --skip-final-snapshot` leaves no backup, and `az group delete` ' +
        'removes every resource in the group.',
      solution:
        'Delete through infrastructure-as-code with review, enable deletion protection, bucket ' +
        'versioning and final snapshots, and keep delete permissions out of agent credentials.',
    },
    messages: {
      recursive: '`{{command}}` recursively deletes objects under `{{target}}`.',
      resource: '`{{command}}` deletes {{what}}.',
    },
    controls: ['SOC2:CC8.1', 'SOC2:A1.2', 'NIST:CP-9'],
    examples: {
      valid: [
        'aws s3 ls s3://bucket',
        'aws s3 rm s3://bucket/file.txt',
        'aws rds describe-db-instances',
        'gsutil ls gs://b',
        'gcloud sql instances list',
      ],
      invalid: [
        'aws s3 rm s3://prod-data --recursive',
        'aws s3 rb s3://prod-data --force',
        'aws --profile prod rds delete-db-instance --db-instance-identifier db1 --skip-final-snapshot',
        'gsutil -m rm -r gs://bucket',
        'gcloud sql instances delete prod-db',
        'az group delete --name prod-rg --yes',
      ],
    },
  },
  check(cmd, _analysis, report) {
    const name = cmd.name;
    if (name !== 'aws' && name !== 'gcloud' && name !== 'gsutil' && name !== 'az') return;
    const path = commandPath(name, cmd.argv);
    const words = path.map((w) => w.value ?? '');
    const joined = words.join(' ');
    const last = path[path.length - 1];
    if (!last) return;
    const storageRm =
      (name === 'aws' && joined.startsWith('s3 rm') && has(cmd.argv, '--recursive')) ||
      (name === 'aws' && joined.startsWith('s3 rb') && has(cmd.argv, '--force')) ||
      (name === 'gsutil' &&
        (words[0] === 'rm' || words[0] === 'rb') &&
        (words[0] === 'rb' || has(cmd.argv, '--recursive') || hasShort(cmd.argv.slice(2), 'rRa'))) ||
      (name === 'gcloud' &&
        joined.startsWith('storage rm') &&
        (has(cmd.argv, '--recursive') || hasShort(cmd.argv, 'rR')));
    if (storageRm) {
      const verbIndex = name === 'gcloud' || name === 'aws' ? 1 : 0;
      const target = path[verbIndex + 1];
      report({
        messageId: 'recursive',
        data: {
          command: `${name} ${words.slice(0, verbIndex + 1).join(' ')}`,
          target: target?.value ?? target?.raw ?? '(stdin)',
        },
        span: path[verbIndex]?.span ?? last.span,
      });
      return;
    }
    const op = (DELETES[name] ?? []).find((p) => joined === p || joined.startsWith(`${p} `));
    if (!op) return;
    const opWords = op.split(' ').length;
    const subject = path[opWords];
    const what = subject?.value !== undefined ? `\`${subject.value}\`` : 'the named resource';
    report({
      messageId: 'resource',
      data: { command: `${name} ${op}`, what },
      span: path[opWords - 1]?.span ?? last.span,
    });
  },
});
