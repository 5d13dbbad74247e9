import type { ShellWord } from '../../shell/model';
import { defineShellRule } from '../rule';

const PUBLIC_ACL = /^public-read(-write)?$/;
const ALL_USERS = /all(authenticated)?users/i;

function valueAfter(argv: readonly ShellWord[], ...flags: string[]): ShellWord | undefined {
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i]?.value;
    if (v === undefined) continue;
    for (const f of flags) {
      if (v === f) return argv[i + 1];
      if (v.startsWith(`${f}=`)) return { ...(argv[i] as ShellWord), value: v.slice(f.length + 1) };
    }
  }
  return undefined;
}

/**
 * Making data public: S3 objects/buckets with a public ACL, GCS grants to `allUsers`, public
 * GitHub gists and repositories, Azure containers with public access.
 */
export default defineShellRule({
  meta: {
    id: 'public-share',
    title: 'Making data or code public',
    category: 'exfiltration',
    severity: 'error',
    docs: {
      description:
        'Flags public ACLs on S3 and GCS, grants to allUsers, public gists and repositories, and public Azure containers.',
      problem:
        'A public object or bucket can be read by anyone who guesses or finds its URL, and crawlers ' +
        'index public buckets and gists within minutes; public buckets are a leading cause of data breaches.',
      solution:
        'Keep buckets private with S3 Block Public Access or GCS public access prevention, share ' +
        'with presigned or signed URLs that expire, and create gists and repositories as secret/private.',
    },
    messages: {
      publicAcl: '`{{command}}` sets ACL `{{acl}}`: anyone on the internet can {{access}}.',
      allUsers: '`{{command}}` grants `{{grant}}` to everyone on the internet.',
      publicGist: '`gh {{sub}}` publishes {{what}} publicly.',
      unblock: '`{{command}}` removes S3 Block Public Access from the bucket.',
    },
    controls: ['SOC2:CC6.7', 'NIST:AC-3', 'NIST:AC-4', 'HIPAA:164.312(e)(1)'],
    examples: {
      valid: [
        'aws s3 cp report.pdf s3://bucket/ --acl private',
        'gh gist create notes.md',
        'gsutil acl ch -u alice@example.com:R gs://b/o',
        'echo "--acl public-read"',
      ],
      invalid: [
        'aws s3 cp db.sql s3://bucket/ --acl public-read',
        'aws s3api put-bucket-acl --bucket b --acl public-read-write',
        'gsutil acl ch -u AllUsers:R gs://bucket/file',
        'gh gist create --public .env',
        'gsutil iam ch allUsers:objectViewer gs://bucket',
      ],
    },
  },
  check(cmd, _analysis, report) {
    const name = cmd.name;
    const argv = cmd.argv;
    const words = argv.map((w) => w.value ?? '');
    const command = words.slice(0, 3).join(' ');
    if (name === 'aws' || (name === 'gsutil' && words.includes('cp'))) {
      const acl = valueAfter(argv, '--acl', '-a');
      if (acl?.value && PUBLIC_ACL.test(acl.value)) {
        const access = acl.value.endsWith('write') ? 'read and overwrite it' : 'read it';
        report({ messageId: 'publicAcl', data: { command, acl: acl.value, access }, span: acl.span });
        return;
      }
      const grant = argv.find(
        (w) => w.value !== undefined && /acs\.amazonaws\.com\/groups\/global\/AllUsers/.test(w.value),
      );
      if (grant)
        report({ messageId: 'allUsers', data: { command, grant: grant.value ?? '' }, span: grant.span });
      const unblock = argv.find((w) => w.value === 'delete-public-access-block');
      if (unblock)
        report({ messageId: 'unblock', data: { command }, span: unblock.span, severity: 'warning' });
      return;
    }
    if (name === 'gsutil' || name === 'gcloud') {
      if (name === 'gsutil' && words.includes('acl') && words.includes('set')) {
        const acl = argv.find((w) => w.value !== undefined && PUBLIC_ACL.test(w.value));
        if (acl)
          report({
            messageId: 'publicAcl',
            data: { command, acl: acl.value ?? '', access: 'read it' },
            span: acl.span,
          });
      }
      const grant = argv.find((w) => w.value !== undefined && ALL_USERS.test(w.value));
      if (
        grant &&
        (words.includes('acl') ||
          words.includes('iam') ||
          words.some((w) => /add-iam-policy-binding/.test(w)))
      ) {
        report({ messageId: 'allUsers', data: { command, grant: grant.value ?? '' }, span: grant.span });
      }
      return;
    }
    if (name === 'gh') {
      const sub = `${words[1] ?? ''} ${words[2] ?? ''}`;
      const flag = argv.find((w) => w.value === '--public' || (w.value === '-p' && sub === 'gist create'));
      const visibility = valueAfter(argv, '--visibility');
      if (sub === 'gist create' && flag)
        report({ messageId: 'publicGist', data: { sub, what: 'the gist' }, span: flag.span });
      else if (sub === 'repo create' && flag)
        report({ messageId: 'publicGist', data: { sub, what: 'the repository' }, span: flag.span });
      else if (sub === 'repo edit' && visibility?.value === 'public')
        report({ messageId: 'publicGist', data: { sub, what: 'the repository' }, span: visibility.span });
      return;
    }
    if (name === 'az') {
      const access = valueAfter(argv, '--public-access');
      if (access?.value === 'blob' || access?.value === 'container') {
        report({
          messageId: 'publicAcl',
          data: { command, acl: `--public-access ${access.value}`, access: 'read it' },
          span: access.span,
        });
      }
    }
  },
});
