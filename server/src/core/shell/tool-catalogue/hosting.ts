import type { ToolEntry } from './model';
import { destroys, reverts } from './verbs';

/**
 * Hosting CLIs whose verbs delete an app, a volume or a hosted database with its data (family
 * `cloud`, beside the hosting control-plane APIs of `cloud.ts`): Turso, Fly.io's flyctl, the
 * Firebase CLI (Cloud Firestore and the Realtime Database), GitLab's glab, DigitalOcean's doctl,
 * the Vercel, Netlify and Railway CLIs, and the Stripe CLI.
 */

const turso: ToolEntry = {
  id: 'turso',
  family: 'cloud',
  title: 'Turso CLI',
  programs: ['turso'],
  options: { long: ['group', 'location', 'from-db', 'from-dump', 'from-file', 'timestamp'] },
  verbs: [
    destroys(['db', 'destroy'], 'destroys the database', 'database', 'turso db destroy shop-prod --yes'),
    destroys(
      ['group', 'destroy'],
      'destroys the group with all its databases',
      'group',
      'turso group destroy default -y',
    ),
  ],
  safe: ['turso db list', 'turso db show shop', 'turso db create shop-dev', 'turso group list'],
  sources: ['https://docs.turso.tech/cli/db/destroy', 'https://docs.turso.tech/cli/group/destroy'],
};

const flyctl: ToolEntry = {
  id: 'flyctl',
  family: 'cloud',
  title: 'Fly.io CLI (flyctl)',
  programs: ['fly', 'flyctl'],
  options: { short: 'act', long: ['app', 'config', 'access-token', 'region', 'image', 'org'] },
  verbs: [
    destroys(
      ['/^(apps|app)$/', 'destroy'],
      'deletes the app with its machines and volumes',
      'app',
      'fly apps destroy shop-prod -y',
      {
        resourceKind: 'host',
      },
    ),
    destroys(
      ['destroy'],
      'deletes the app with its machines and volumes',
      'app',
      'flyctl destroy shop-prod --yes',
      {
        resourceKind: 'host',
      },
    ),
    destroys(
      ['/^(volumes|volume|vol)$/', '/^(destroy|delete)$/'],
      'deletes the volume and all its data',
      'volume',
      'fly volumes destroy vol_1234 -a shop -y',
    ),
  ],
  safe: ['fly deploy', 'fly status -a shop', 'fly volumes list -a shop', 'fly apps list', 'fly logs -a shop'],
  target: { contextOptions: ['-a', '--app'] },
  sources: [
    'https://fly.io/docs/flyctl/apps-destroy',
    'https://fly.io/docs/flyctl/volumes-destroy/',
    'https://fig.io/manual/fly/destroy',
  ],
};

const firebase: ToolEntry = {
  id: 'firebase',
  family: 'cloud',
  title: 'Firebase CLI',
  programs: ['firebase', 'firebase-tools'],
  options: { short: 'P', long: ['project', 'config', 'token', 'account', 'database', 'instance', 'only'] },
  verbs: [
    destroys(
      ['firestore:delete'],
      'deletes the entire Cloud Firestore database, every collection and document',
      'database',
      'firebase firestore:delete --all-collections -y',
      {
        flags: ['--all-collections'],
      },
    ),
    destroys(
      ['firestore:delete'],
      'deletes the documents at the path and every subcollection under it',
      'collection',
      'firebase firestore:delete orders --recursive',
      {
        flags: ['-r', '--recursive'],
      },
    ),
    destroys(
      ['firestore:delete'],
      'deletes the documents at the path',
      'document',
      'firebase firestore:delete users/u1',
      {
        severity: 'warning',
      },
    ),
    destroys(
      ['firestore:databases:delete'],
      'deletes a Cloud Firestore database',
      'database',
      'firebase firestore:databases:delete analytics --force',
    ),
    destroys(
      ['database:remove'],
      'deletes all data at a Realtime Database path',
      'database',
      'firebase database:remove /sessions --project shop-prod',
    ),
  ],
  safe: [
    'firebase deploy --only hosting',
    'firebase firestore:indexes',
    'firebase database:get /users',
    'firebase emulators:start',
  ],
  target: { contextOptions: ['-P', '--project'] },
  sources: [
    'https://firebase.google.com/docs/firestore/manage-data/delete-data#delete_data_with_the_firebase_cli',
    'https://fig.io/manual/firebase/firestore:delete',
    'https://firebase.google.com/docs/cli#admin-commands',
  ],
};

/** `glab api` options that take a value (https://gitlab.com/gitlab-org/cli/-/blob/main/docs/source/api/_index.md). */
const GLAB_OPTIONS = {
  short: 'XfFHRg',
  long: ['method', 'field', 'raw-field', 'header', 'hostname', 'input', 'repo', 'group', 'output'],
};

const glab: ToolEntry = {
  id: 'glab',
  family: 'cloud',
  title: 'GitLab CLI (glab)',
  programs: ['glab'],
  options: GLAB_OPTIONS,
  verbs: [
    destroys(
      ['api'],
      'deletes a GitLab resource through the REST API',
      'repository object',
      'glab api -X DELETE projects/acme%2Fshop',
      { optionValue: { options: ['-X', '--method'], pattern: 'DELETE|delete' } },
    ),
    destroys(
      ['api', 'graphql'],
      'runs a GraphQL delete mutation',
      'repository object',
      `glab api graphql -f query='mutation { projectDelete(input: {fullPath: "acme/shop"}) { errors } }'`,
      {
        script: {
          options: ['-f', '--raw-field', '-F', '--field'],
          pattern: String.raw`\bmutation\b[^{]*\{\s*(\w+\s*:\s*)?\w*(delete|destroy|remove)`,
        },
      },
    ),
    destroys(
      ['/^(repo|project)$/', '/^(delete|rm)$/'],
      'deletes the project with its issues, merge requests and wiki',
      'repository',
      'glab repo delete acme/shop --yes',
    ),
    reverts(
      ['release', 'delete'],
      'deletes a release and its assets',
      'release',
      'glab release delete v1.2.0 -y',
    ),
  ],
  safe: ['glab mr list', 'glab api projects/acme%2Fshop', 'glab repo view acme/shop', 'glab release list'],
  target: { hostOptions: ['--hostname'], contextOptions: ['-R', '--repo'] },
  sources: [
    'https://gitlab.com/gitlab-org/cli/-/blob/main/docs/source/repo/delete.md',
    'https://gitlab.com/gitlab-org/cli/-/blob/main/docs/source/api/_index.md',
    'https://docs.gitlab.com/api/projects/#delete-a-project',
  ],
};

/** doctl's resources nest one to three words deep; `delete` has the aliases `rm`, `d`. */
const doctlDelete = (depth: number, example: string) =>
  destroys(
    [...Array<string>(depth).fill('/^[a-z][\\w-]*$/'), '/^(delete|rm|d)$/'],
    'deletes the named DigitalOcean resource (a droplet, database cluster, volume, app or cluster)',
    'cloud resource',
    example,
    { resourceKind: 'datastore' },
  );

const doctl: ToolEntry = {
  id: 'doctl',
  family: 'cloud',
  title: 'DigitalOcean CLI (doctl)',
  programs: ['doctl'],
  options: {
    short: 'tocu',
    long: ['access-token', 'output', 'format', 'context', 'config', 'api-url', 'region', 'tag-name'],
  },
  verbs: [
    doctlDelete(1, 'doctl databases delete 9cc10173-e9ea-4176-9dbc-a4cee4c4ff30 --force'),
    doctlDelete(2, 'doctl compute droplet delete web-1 -f'),
    doctlDelete(3, 'doctl kubernetes cluster node-pool delete prod-k8s pool-1'),
  ],
  safe: ['doctl compute droplet list', 'doctl databases list', 'doctl apps create --spec app.yaml'],
  target: { contextOptions: ['--context'] },
  sources: [
    'https://docs.digitalocean.com/reference/doctl/reference/databases/delete/',
    'https://docs.digitalocean.com/reference/doctl/reference/compute/droplet/delete/',
  ],
};

const vercel: ToolEntry = {
  id: 'vercel-cli',
  family: 'cloud',
  title: 'Vercel CLI',
  programs: ['vercel', 'vc'],
  options: {
    short: 'tSAQ',
    long: ['token', 'scope', 'team', 'cwd', 'local-config', 'global-config'],
  },
  verbs: [
    destroys(
      ['/^(project|projects)$/', '/^(rm|remove)$/'],
      'deletes the project with its deployments, domains and environment variables',
      'project',
      'vercel project rm shop --token "$T"',
    ),
    destroys(
      ['/^(remove|rm)$/'],
      'deletes the deployments of a project (with no `--safe`, the live ones too)',
      'deployment',
      'vercel remove shop --yes',
    ),
    reverts(
      ['/^(env|domains|domain|dns|alias|aliases)$/', '/^(rm|remove)$/'],
      'removes an environment variable, domain, DNS record or alias of the project',
      'project setting',
      'vercel env rm DATABASE_URL production -y',
    ),
  ],
  safe: ['vercel deploy --prod', 'vercel ls', 'vercel env ls', 'vercel project ls'],
  target: { contextOptions: ['--scope', '-S', '--team'] },
  sources: [
    'https://vercel.com/docs/cli/remove',
    'https://vercel.com/docs/cli/project',
    'https://vercel.com/docs/cli/env',
  ],
};

const netlify: ToolEntry = {
  id: 'netlify-cli',
  family: 'cloud',
  title: 'Netlify CLI',
  programs: ['netlify', 'ntl'],
  options: { long: ['auth', 'filter', 'site', 'data', 'context'] },
  verbs: [
    destroys(
      ['/^(sites:delete|blobs:delete)$/'],
      'deletes the site or stored blobs',
      'site',
      'netlify sites:delete s1 --force',
    ),
    destroys(
      ['api', '/^delete/'],
      'calls a delete method of the Netlify API',
      'site',
      `netlify api deleteSite --data '{"site_id":"s1"}'`,
    ),
    reverts(
      ['env:unset'],
      'removes an environment variable',
      'project setting',
      'netlify env:unset DATABASE_URL --context production',
    ),
  ],
  safe: ['netlify deploy --prod', 'netlify sites:list', 'netlify api listSites', 'netlify env:list'],
  target: { contextOptions: ['--site', '--context'] },
  sources: [
    'https://cli.netlify.com/commands/sites/#sitesdelete',
    'https://cli.netlify.com/commands/api/',
    'https://cli.netlify.com/commands/env/#envunset',
  ],
};

const railway: ToolEntry = {
  id: 'railway-cli',
  family: 'cloud',
  title: 'Railway CLI',
  programs: ['railway'],
  options: { short: 'es', long: ['environment', 'service', 'volume', 'project'] },
  verbs: [
    destroys(
      ['/^(volume|volumes)$/', '/^(delete|rm|remove)$/'],
      'deletes the volume and all its data',
      'volume',
      'railway volume delete --volume vol_1',
    ),
    destroys(
      ['/^(environment|env)$/', '/^(delete|rm|remove)$/'],
      'deletes the environment with its services and volumes',
      'environment',
      'railway environment delete production',
    ),
    {
      path: ['down'],
      what: 'removes the most recent deployment (the service goes down)',
      effect: 'disable',
      resource: 'deployment',
      category: 'lock',
      example: 'railway down -y',
    },
  ],
  safe: ['railway up', 'railway logs', 'railway status', 'railway volume list'],
  target: { contextOptions: ['-e', '--environment', '-s', '--service'] },
  sources: ['https://docs.railway.com/reference/cli-api', 'https://docs.railway.com/guides/volumes'],
};

const stripe: ToolEntry = {
  id: 'stripe',
  family: 'cloud',
  title: 'Stripe CLI',
  programs: ['stripe'],
  options: { short: 'd', long: ['api-key', 'project-name', 'data', 'stripe-account', 'stripe-version'] },
  verbs: [
    destroys(
      ['delete'],
      'sends a DELETE to the Stripe API (a customer, product, webhook…)',
      'account object',
      'stripe delete /v1/customers/cus_123 --live',
    ),
    destroys(
      ['*', 'delete'],
      'deletes a Stripe object (a customer, product, price, webhook endpoint…)',
      'account object',
      'stripe customers delete cus_123 --confirm',
    ),
  ],
  safe: [
    'stripe customers list',
    'stripe get /v1/customers/cus_123',
    'stripe listen --forward-to localhost:3000',
  ],
  sources: ['https://docs.stripe.com/cli/delete', 'https://docs.stripe.com/cli/resources'],
};

/** The hosting CLI entries. */
export const HOSTING_TOOLS: readonly ToolEntry[] = [
  turso,
  flyctl,
  firebase,
  glab,
  doctl,
  vercel,
  netlify,
  railway,
  stripe,
];
