import type { ToolEntry } from './model';
import { destroys } from './verbs';

/**
 * Hosting CLIs whose verbs delete an app, a volume or a hosted database with its data (family
 * `cloud`, beside the hosting control-plane APIs of `cloud.ts`): Turso, Fly.io's flyctl and the
 * Firebase CLI (Cloud Firestore and the Realtime Database).
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

/** The hosting CLI entries. */
export const HOSTING_TOOLS: readonly ToolEntry[] = [turso, flyctl, firebase];
