import type { HttpApiEntry, ToolEntry, VerbEntry } from './model';

/**
 * Infrastructure and cloud (issue 11 §1, fourth family): Terraform/OpenTofu in every spelling of
 * destroy, Pulumi, the cloud CLIs' delete verbs (AWS, Google Cloud, Azure) with bucket sync
 * deletes, GitHub's CLI, backup pruning (restic, borg), and HTTP calls to hosting control planes
 * with DELETE or a GraphQL delete mutation. Incidents: an AI coding agent's `terraform destroy`
 * wiped a production database and its snapshots
 * (https://www.tomshardware.com/tech-industry/artificial-intelligence/claude-code-deletes-developers-production-setup-including-its-database-and-snapshots-2-5-years-of-records-were-nuked-in-an-instant);
 * Railway volume deletion through its public API (https://docs.railway.com/reference/public-api).
 */

const TF_OPTIONS = { long: ['chdir'] };

const terraform: ToolEntry = {
  id: 'terraform',
  family: 'cloud',
  title: 'Terraform / OpenTofu / Terragrunt',
  programs: ['terraform', 'tofu', 'terragrunt'],
  options: TF_OPTIONS,
  singleDashLong: true,
  verbs: [
    {
      path: ['destroy'],
      what: 'deletes every resource in the state',
      effect: 'destroy',
      resource: 'infrastructure',
      category: 'data-loss',
      reportedBy: 'terraform-destroy',
      example: 'terraform destroy -auto-approve',
    },
    {
      path: ['apply'],
      flags: ['-destroy', '--destroy'],
      what: 'deletes every resource in the state',
      effect: 'destroy',
      resource: 'infrastructure',
      category: 'data-loss',
      reportedBy: 'terraform-destroy',
      example: 'terraform apply -destroy',
    },
    {
      path: ['/^(apply|plan)$/'],
      flags: ['-replace'],
      unless: ['-out'],
      what: 'destroys and recreates the named resources (a database loses its data)',
      effect: 'destroy',
      resource: 'infrastructure',
      category: 'data-loss',
      example: 'terraform apply -replace=aws_db_instance.main -auto-approve',
    },
    {
      path: ['state', '/^(rm|push)$/'],
      what: 'removes resources from the state or replaces the state (the next apply can recreate or orphan them)',
      effect: 'overwrite',
      resource: 'state',
      category: 'data-loss',
      severity: 'warning',
      example: 'terraform state rm aws_db_instance.main',
    },
    {
      path: ['force-unlock'],
      what: "removes another run's state lock (concurrent applies corrupt the state)",
      effect: 'disable',
      resource: 'state lock',
      category: 'data-loss',
      severity: 'warning',
      example: 'terraform force-unlock -force 6b5d…',
    },
    {
      path: ['workspace', 'delete'],
      what: 'deletes a workspace and forgets its resources',
      effect: 'destroy',
      resource: 'state',
      category: 'data-loss',
      severity: 'warning',
      example: 'terraform workspace delete prod',
    },
    {
      path: ['/^(run-all|run)$/', 'destroy'],
      what: 'deletes every resource of every module',
      effect: 'destroy',
      resource: 'infrastructure',
      category: 'data-loss',
      reportedBy: 'terraform-destroy',
      example: 'terragrunt run-all destroy',
    },
  ],
  safe: [
    'terraform plan',
    'terraform plan -destroy',
    'terraform apply',
    'terraform state list',
    'terraform plan -replace=aws_instance.web -out=p.tfplan',
  ],
  target: { envVars: ['TF_WORKSPACE', 'TF_VAR_environment', 'TF_VAR_env'], contextOptions: ['-var-file'] },
  sources: [
    'https://developer.hashicorp.com/terraform/cli/commands/destroy',
    'https://developer.hashicorp.com/terraform/cli/commands/plan#replace-address',
    'https://developer.hashicorp.com/terraform/cli/commands/state/rm',
    'https://developer.hashicorp.com/terraform/cli/commands/force-unlock',
    'terraform-destroy',
  ],
};

const pulumi: ToolEntry = {
  id: 'pulumi',
  family: 'cloud',
  title: 'Pulumi',
  programs: ['pulumi'],
  options: { short: 'sC', long: ['stack', 'cwd', 'target', 'config-file'] },
  verbs: [
    {
      path: ['/^(destroy|down)$/'],
      what: 'deletes every resource of the stack',
      effect: 'destroy',
      resource: 'infrastructure',
      category: 'data-loss',
      reportedBy: 'terraform-destroy',
      example: 'pulumi destroy --yes',
    },
    {
      path: ['stack', 'rm'],
      what: 'deletes the stack (with `--force`, even with resources still in it)',
      effect: 'destroy',
      resource: 'stack',
      category: 'data-loss',
      example: 'pulumi stack rm prod --force --yes',
    },
    {
      path: ['state', 'delete'],
      what: 'deletes a resource from the stack state',
      effect: 'overwrite',
      resource: 'state',
      category: 'data-loss',
      severity: 'warning',
      example: "pulumi state delete 'urn:pulumi:prod::app::aws:rds/instance:Instance::db'",
    },
    {
      path: ['up'],
      flags: ['--replace'],
      what: 'replaces (deletes and recreates) the named resources',
      effect: 'destroy',
      resource: 'infrastructure',
      category: 'data-loss',
      example: 'pulumi up --replace urn:pulumi:prod::app::aws:rds/instance:Instance::db --yes',
    },
  ],
  safe: ['pulumi preview', 'pulumi up', 'pulumi stack ls', 'pulumi destroy --help'],
  target: { contextOptions: ['-s', '--stack'], envVars: ['PULUMI_STACK'] },
  sources: [
    'https://www.pulumi.com/docs/iac/cli/commands/pulumi_destroy/',
    'https://www.pulumi.com/docs/iac/cli/commands/pulumi_stack_rm/',
  ],
};

/** aws global options that take a value (`aws help`). */
const AWS_OPTIONS = {
  long: [
    'profile',
    'region',
    'output',
    'endpoint-url',
    'query',
    'color',
    'ca-bundle',
    'cli-read-timeout',
    'cli-connect-timeout',
    'cli-binary-format',
  ],
};
const awsVerb = (path: string[], extra: Partial<VerbEntry> = {}): VerbEntry => ({
  path,
  unless: ['--dryrun', '--dry-run'],
  what: 'deletes the named cloud resource',
  effect: 'destroy',
  resource: 'cloud resource',
  category: 'data-loss',
  example: `aws ${path.join(' ')}`,
  ...extra,
});

const aws: ToolEntry = {
  id: 'aws',
  family: 'cloud',
  title: 'AWS CLI',
  programs: ['aws'],
  options: AWS_OPTIONS,
  verbs: [
    awsVerb(['s3', 'rm'], {
      flags: ['--recursive'],
      what: 'recursively deletes objects',
      resource: 'bucket',
      reportedBy: 'cloud-delete',
      example: 'aws s3 rm s3://prod-data --recursive',
    }),
    awsVerb(['s3', 'rb'], {
      flags: ['--force'],
      what: 'deletes the bucket with its objects',
      resource: 'bucket',
      reportedBy: 'cloud-delete',
      example: 'aws s3 rb s3://prod-data --force',
    }),
    awsVerb(['s3', 'sync'], {
      flags: ['--delete'],
      what: 'deletes destination objects missing from the source',
      effect: 'overwrite',
      resource: 'bucket',
      example: 'aws s3 sync ./site s3://prod-site --delete',
    }),
    awsVerb(['*', '/^((batch-)?delete-|terminate-|purge-|deregister-|disable-|deactivate-)/'], {
      reportedBy: 'cloud-delete',
      what: 'deletes, terminates or disables the named cloud resource',
      example: 'aws ec2 delete-snapshot --snapshot-id snap-1',
    }),
  ],
  safe: [
    'aws s3 ls s3://bucket',
    'aws s3 rm s3://bucket/file.txt',
    'aws s3 sync ./a s3://b',
    'aws ec2 describe-instances',
    'aws s3 sync ./a s3://b --delete --dryrun',
  ],
  target: {
    contextOptions: ['--profile'],
    hostOptions: ['--endpoint-url'],
    envVars: ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE'],
  },
  sources: [
    'https://docs.aws.amazon.com/cli/latest/reference/s3/sync.html',
    'https://docs.aws.amazon.com/cli/latest/reference/ec2/delete-snapshot.html',
    'cloud-delete',
  ],
};

const gcloudDelete = (depth: number): VerbEntry => ({
  path: [...Array<string>(depth).fill('*'), '/^(delete|purge)$/'],
  reportedBy: 'cloud-delete',
  what: 'deletes the named cloud resource',
  effect: 'destroy',
  resource: 'cloud resource',
  category: 'data-loss',
  example:
    [
      'gcloud projects delete prod-project',
      'gcloud sql instances delete prod-db',
      'gcloud beta compute snapshots delete snap-1',
    ][depth - 1] ?? '',
});
const gcloud: ToolEntry = {
  id: 'gcloud',
  family: 'cloud',
  title: 'Google Cloud CLI (gcloud, gsutil)',
  programs: ['gcloud'],
  options: {
    long: [
      'project',
      'account',
      'configuration',
      'region',
      'zone',
      'format',
      'verbosity',
      'impersonate-service-account',
      'billing-project',
    ],
  },
  verbs: [
    {
      path: ['storage', 'rm'],
      flags: ['--recursive', '-r', '-R'],
      what: 'recursively deletes objects',
      effect: 'destroy',
      resource: 'bucket',
      category: 'data-loss',
      reportedBy: 'cloud-delete',
      example: 'gcloud storage rm -r gs://prod-data',
    },
    {
      path: ['storage', 'rsync'],
      flags: ['--delete-unmatched-destination-objects'],
      what: 'deletes destination objects missing from the source',
      effect: 'overwrite',
      resource: 'bucket',
      category: 'data-loss',
      example:
        'gcloud storage rsync ./site gs://prod-site --recursive --delete-unmatched-destination-objects',
    },
    gcloudDelete(1),
    gcloudDelete(2),
    gcloudDelete(3),
  ],
  safe: [
    'gcloud sql instances list',
    'gcloud compute instances describe vm-1',
    'gcloud config set project p',
  ],
  target: {
    contextOptions: ['--project', '--configuration'],
    envVars: ['CLOUDSDK_CORE_PROJECT', 'CLOUDSDK_ACTIVE_CONFIG_NAME'],
  },
  sources: [
    'https://cloud.google.com/sdk/gcloud/reference/storage/rsync',
    'https://cloud.google.com/sdk/gcloud/reference/compute/snapshots/delete',
    'cloud-delete',
  ],
};

const gsutil: ToolEntry = {
  id: 'gsutil',
  family: 'cloud',
  title: 'gsutil',
  programs: ['gsutil'],
  options: { short: 'houp' },
  verbs: [
    {
      path: ['rm'],
      flags: ['-r', '-R', '-a', '--recursive'],
      what: 'recursively deletes objects',
      effect: 'destroy',
      resource: 'bucket',
      category: 'data-loss',
      reportedBy: 'cloud-delete',
      example: 'gsutil -m rm -r gs://prod-data',
    },
    {
      path: ['rb'],
      what: 'deletes a bucket',
      effect: 'destroy',
      resource: 'bucket',
      category: 'data-loss',
      reportedBy: 'cloud-delete',
      example: 'gsutil rb gs://prod-data',
    },
    {
      path: ['rsync'],
      flags: ['-d'],
      unless: ['-n'],
      what: 'deletes destination objects missing from the source',
      effect: 'overwrite',
      resource: 'bucket',
      category: 'data-loss',
      example: 'gsutil -m rsync -r -d ./site gs://prod-site',
    },
  ],
  safe: ['gsutil ls gs://b', 'gsutil rsync -r ./a gs://b', 'gsutil rsync -r -d -n ./a gs://b'],
  sources: ['https://cloud.google.com/storage/docs/gsutil/commands/rsync', 'cloud-delete'],
};

const az: ToolEntry = {
  id: 'az',
  family: 'cloud',
  title: 'Azure CLI',
  programs: ['az'],
  options: {
    short: 'ong',
    long: [
      'subscription',
      'output',
      'query',
      'name',
      'resource-group',
      'server',
      'ids',
      'account-name',
      'container-name',
    ],
  },
  verbs: [
    {
      path: ['rest'],
      options: {
        short: 'mu',
        long: ['method', 'uri', 'url', 'body', 'headers', 'resource', 'uri-parameters'],
      },
      optionValue: { options: ['-m', '--method'], pattern: '[Dd][Ee][Ll][Ee][Tt][Ee]' },
      what: 'sends a DELETE to an Azure REST API (Resource Manager, Graph)',
      effect: 'destroy' as const,
      resource: 'cloud resource',
      category: 'data-loss' as const,
      example:
        'az rest --method delete --url https://management.azure.com/subscriptions/s1/resourceGroups/prod-rg?api-version=2021-04-01',
    },
    ...[1, 2, 3].map((depth) => ({
      path: [...Array<string>(depth).fill('*'), '/^(delete|purge|delete-batch)$/'],
      reportedBy: 'cloud-delete',
      what: 'deletes the named cloud resource',
      effect: 'destroy' as const,
      resource: 'cloud resource',
      category: 'data-loss' as const,
      example:
        [
          'az group delete --name prod-rg --yes',
          'az sql db delete -n db -g rg -s srv',
          'az network vnet subnet delete -n s -g rg',
        ][depth - 1] ?? '',
    })),
  ],
  safe: [
    'az group list',
    'az vm show -n vm1 -g rg',
    'az account set --subscription prod',
    'az rest --method get --url https://management.azure.com/subscriptions?api-version=2020-01-01',
  ],
  target: { contextOptions: ['--subscription'], envVars: ['AZURE_SUBSCRIPTION_ID'] },
  sources: [
    'https://learn.microsoft.com/en-us/cli/azure/group#az-group-delete',
    'https://learn.microsoft.com/en-us/cli/azure/reference-index#az-rest',
    'cloud-delete',
  ],
};

const gh: ToolEntry = {
  id: 'gh',
  family: 'cloud',
  title: 'GitHub CLI',
  programs: ['gh'],
  options: {
    short: 'XfFHqtRp',
    long: ['method', 'field', 'raw-field', 'header', 'jq', 'template', 'repo', 'hostname', 'input', 'cache'],
  },
  verbs: [
    {
      path: ['api', '/\\/protection(\\/|$)|\\/rulesets\\//'],
      optionValue: { options: ['-X', '--method'], pattern: 'DELETE|delete' },
      what: 'removes branch protection or a ruleset',
      effect: 'disable',
      resource: 'branch protection',
      resourceKind: 'control',
      category: 'privilege',
      example: 'gh api -X DELETE repos/acme/shop/branches/main/protection',
    },
    {
      path: ['api'],
      optionValue: { options: ['-X', '--method'], pattern: 'DELETE|delete' },
      what: 'deletes a GitHub resource through the REST API',
      effect: 'destroy',
      resource: 'repository object',
      category: 'data-loss',
      example: 'gh api -X DELETE repos/acme/shop',
    },
    {
      path: ['api', 'graphql'],
      script: {
        options: ['-f', '--raw-field', '-F', '--field'],
        pattern: String.raw`\bmutation\b[^{]*\{\s*(\w+\s*:\s*)?(delete|destroy|remove)`,
      },
      what: 'runs a GraphQL delete mutation',
      effect: 'destroy',
      resource: 'repository object',
      category: 'data-loss',
      example: `gh api graphql -f query='mutation { deleteRepository(input: {repositoryId: "R_1"}) { clientMutationId } }'`,
    },
    {
      path: ['repo', 'delete'],
      what: 'deletes the repository with its issues, pull requests and wiki',
      effect: 'destroy',
      resource: 'repository',
      category: 'data-loss',
      example: 'gh repo delete acme/shop --yes',
    },
    {
      path: ['release', 'delete'],
      what: 'deletes a release and its assets',
      effect: 'destroy',
      resource: 'release',
      category: 'data-loss',
      severity: 'warning',
      example: 'gh release delete v1.2.0 --yes',
    },
  ],
  safe: [
    'gh pr list',
    'gh api repos/acme/shop',
    'gh repo view',
    'gh api graphql -f query="query { viewer { login } }"',
  ],
  sources: [
    'https://cli.github.com/manual/gh_repo_delete',
    'https://cli.github.com/manual/gh_api',
    'https://docs.github.com/en/rest/branches/branch-protection#delete-branch-protection',
  ],
};

const restic: ToolEntry = {
  id: 'restic',
  family: 'cloud',
  title: 'restic',
  programs: ['restic'],
  options: {
    short: 'r',
    long: [
      'repo',
      'repository-file',
      'password-file',
      'password-command',
      'keep-last',
      'keep-daily',
      'keep-weekly',
      'keep-monthly',
      'keep-within',
      'tag',
      'host',
      'cache-dir',
    ],
  },
  verbs: [
    {
      path: ['forget'],
      flags: ['--prune'],
      unless: ['--dry-run', '-n'],
      what: 'forgets snapshots and deletes their data from the repository',
      effect: 'destroy',
      resource: 'backup',
      category: 'data-loss',
      example: 'restic -r s3:s3.amazonaws.com/backups forget --keep-last 1 --prune',
    },
    {
      path: ['/^(forget|prune)$/'],
      unless: ['--dry-run', '-n'],
      what: 'removes snapshots or unreferenced backup data',
      effect: 'destroy',
      resource: 'backup',
      category: 'data-loss',
      severity: 'warning',
      example: 'restic forget latest',
    },
  ],
  safe: ['restic snapshots', 'restic backup /srv', 'restic forget --keep-last 3 --prune --dry-run'],
  target: { hostOptions: ['-r', '--repo'], urlVars: ['RESTIC_REPOSITORY'] },
  sources: ['https://restic.readthedocs.io/en/stable/060_forget.html'],
};

const borg: ToolEntry = {
  id: 'borg',
  family: 'cloud',
  title: 'BorgBackup',
  programs: ['borg'],
  options: {
    long: [
      'keep-last',
      'keep-daily',
      'keep-weekly',
      'keep-monthly',
      'keep-within',
      'glob-archives',
      'prefix',
    ],
  },
  verbs: [
    {
      path: ['delete'],
      unless: ['--dry-run', '-n'],
      what: 'deletes archives or the whole repository',
      effect: 'destroy',
      resource: 'backup',
      category: 'data-loss',
      example: 'borg delete /backups/repo',
    },
    {
      path: ['prune'],
      unless: ['--dry-run', '-n'],
      what: 'deletes archives outside the retention rules',
      effect: 'destroy',
      resource: 'backup',
      category: 'data-loss',
      severity: 'warning',
      example: 'borg prune --keep-last 1 /backups/repo',
    },
  ],
  safe: [
    'borg list /backups/repo',
    'borg create /backups/repo::a /srv',
    'borg prune --dry-run --keep-daily 7 /r',
  ],
  sources: [
    'https://borgbackup.readthedocs.io/en/stable/usage/delete.html',
    'https://borgbackup.readthedocs.io/en/stable/usage/prune.html',
  ],
};

/** The cloud and infrastructure tool entries. */
export const CLOUD_TOOLS: readonly ToolEntry[] = [
  terraform,
  pulumi,
  aws,
  gcloud,
  gsutil,
  az,
  gh,
  restic,
  borg,
];

const api = (
  id: string,
  title: string,
  hosts: string[],
  source: string,
  example: string,
  extra: Partial<HttpApiEntry> = {},
): HttpApiEntry => ({
  id,
  family: 'cloud',
  title,
  hosts,
  methods: ['DELETE'],
  graphqlMutation: String.raw`(delete|destroy|remove|purge)\w*`,
  what: 'deletes a hosted resource (a project, service, volume, database or DNS record)',
  effect: 'destroy',
  resource: 'hosted resource',
  category: 'data-loss',
  example,
  safe: [`curl -s https://${hosts[0] ?? ''}/v1/projects`],
  sources: [source],
  ...extra,
});

/** Hosting control-plane APIs: a DELETE or a GraphQL delete mutation destroys. */
export const CLOUD_APIS: readonly HttpApiEntry[] = [
  api(
    'github-branch-protection',
    'GitHub REST: branch protection',
    ['api.github.com'],
    'https://docs.github.com/en/rest/branches/branch-protection#delete-branch-protection',
    'curl -X DELETE -H "Authorization: Bearer $T" https://api.github.com/repos/acme/shop/branches/main/protection',
    {
      pathPattern: '/(protection|rulesets)(/|$)',
      what: 'removes branch protection or a ruleset',
      effect: 'disable',
      resource: 'branch protection',
      resourceKind: 'control',
      category: 'privilege',
    },
  ),
  api(
    'github',
    'GitHub REST and GraphQL API',
    ['api.github.com'],
    'https://docs.github.com/en/rest/repos/repos#delete-a-repository',
    'curl -X DELETE https://api.github.com/repos/acme/shop',
  ),
  api(
    'cloudflare',
    'Cloudflare API',
    ['api.cloudflare.com'],
    'https://developers.cloudflare.com/api/',
    'curl -X DELETE https://api.cloudflare.com/client/v4/zones/z1/dns_records/r1',
  ),
  api(
    'vercel',
    'Vercel REST API',
    ['api.vercel.com'],
    'https://vercel.com/docs/rest-api',
    'curl -X DELETE https://api.vercel.com/v9/projects/shop',
  ),
  api(
    'fly',
    'Fly.io Machines and GraphQL API',
    ['api.fly.io', 'api.machines.dev'],
    'https://fly.io/docs/machines/api/volumes-resource/',
    'curl -X DELETE https://api.machines.dev/v1/apps/shop/volumes/vol_1',
  ),
  api(
    'railway',
    'Railway public GraphQL API',
    ['backboard.railway.app', 'backboard.railway.com'],
    'https://docs.railway.com/reference/public-api',
    `curl https://backboard.railway.app/graphql/v2 -H 'Content-Type: application/json' -d '{"query":"mutation { volumeDelete(volumeId: \\"v1\\") }"}'`,
    {
      graphqlMutation: String.raw`(delete|destroy|remove|purge)\w*|\w*(Delete|Destroy|Remove|Purge)`,
    },
  ),
  api(
    'render',
    'Render API',
    ['api.render.com'],
    'https://api-docs.render.com/reference/delete-service',
    'curl -X DELETE https://api.render.com/v1/services/srv-1',
  ),
  api(
    'heroku-api',
    'Heroku Platform API',
    ['api.heroku.com'],
    'https://devcenter.heroku.com/articles/platform-api-reference#app-delete',
    'curl -X DELETE https://api.heroku.com/apps/shop',
  ),
  api(
    'digitalocean',
    'DigitalOcean API',
    ['api.digitalocean.com'],
    'https://docs.digitalocean.com/reference/api/',
    'curl -X DELETE https://api.digitalocean.com/v2/databases/db1',
  ),
  api(
    'netlify',
    'Netlify API',
    ['api.netlify.com'],
    'https://open-api.netlify.com/',
    'curl -X DELETE https://api.netlify.com/api/v1/sites/s1',
  ),
  api(
    'supabase-api',
    'Supabase Management API',
    ['api.supabase.com'],
    'https://supabase.com/docs/reference/api/introduction',
    'curl -X DELETE https://api.supabase.com/v1/projects/ref1',
  ),
  api(
    'neon-api',
    'Neon API',
    ['console.neon.tech'],
    'https://api-docs.neon.tech/reference/deleteproject',
    'curl -X DELETE https://console.neon.tech/api/v2/projects/p1',
  ),
  api(
    'hetzner',
    'Hetzner Cloud API',
    ['api.hetzner.cloud'],
    'https://docs.hetzner.cloud/',
    'curl -X DELETE https://api.hetzner.cloud/v1/servers/42',
  ),
  api(
    'gitlab',
    'GitLab REST and GraphQL API (gitlab.com)',
    ['gitlab.com'],
    'https://docs.gitlab.com/api/projects/#delete-a-project',
    'curl -X DELETE -H "PRIVATE-TOKEN: $T" https://gitlab.com/api/v4/projects/42',
    { pathPattern: '^/api/' },
  ),
  api(
    'hetzner-rebuild',
    'Hetzner Cloud API: server rebuild',
    ['api.hetzner.cloud'],
    'https://docs.hetzner.cloud/reference/cloud#server-actions-rebuild-a-server-from-an-image',
    'curl -X POST -H "Authorization: Bearer $T" https://api.hetzner.cloud/v1/servers/42/actions/rebuild -d \'{"image":"ubuntu-24.04"}\'',
    {
      methods: ['POST'],
      pathPattern: '/actions/rebuild$',
      what: 'rebuilds the server from an image, overwriting its disk (the data on it is lost)',
      resource: 'server disk',
    },
  ),
  api(
    'linode-rebuild',
    'Linode / Akamai API: instance rebuild',
    ['api.linode.com'],
    'https://techdocs.akamai.com/linode-api/reference/post-rebuild-linode-instance',
    'curl -X POST https://api.linode.com/v4/linode/instances/1/rebuild -d \'{"image":"linode/debian12"}\'',
    {
      methods: ['POST'],
      pathPattern: '/rebuild$',
      what: 'rebuilds the instance, deleting all its disks and configurations',
      resource: 'server disk',
    },
  ),
  api(
    'neon-branch-restore',
    'Neon API: branch restore',
    ['console.neon.tech'],
    'https://api-docs.neon.tech/reference/restoreprojectbranch',
    'curl -X POST https://console.neon.tech/api/v2/projects/p1/branches/br-main/restore -d \'{"source_branch_id":"br-old"}\'',
    {
      methods: ['POST'],
      pathPattern: '/branches/[^/]+/restore$',
      what: 'restores the branch to another point or branch, replacing its data',
      effect: 'overwrite',
      resource: 'branch',
    },
  ),
  api(
    'linode',
    'Linode / Akamai API',
    ['api.linode.com'],
    'https://techdocs.akamai.com/linode-api/reference/api',
    'curl -X DELETE https://api.linode.com/v4/linode/instances/1',
  ),
];
