import { defineShellRule } from '../rule';
import cloudDelete from './cloud-delete';
import kubectlDeleteWide from './kubectl-delete-wide';
import redisFlush from './redis-flush';
import terraformDestroy from './terraform-destroy';
import { CATALOGUE_MESSAGES, catalogueCheck } from './util/catalogue';

/**
 * The destructive verbs of the tools agents drive, read from the tool catalogue
 * (`shell/tool-catalogue/`): ORM and migration resets, drops and rollbacks to zero, datastore
 * drops and mass deletes, volume removal, cloud and hosting deletes, backup pruning, mirror pushes
 * and reflog expiry. Verbs that `cloud-delete`, `kubectl-delete-wide`, `redis-flush` and
 * `terraform-destroy` report are left to them.
 */
export default defineShellRule({
  meta: {
    id: 'destructive-tool-verb',
    title: 'A destructive command of a database, container, cloud or git tool',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description:
        'Flags the destructive verbs of ORMs and migration tools, datastores, container and cluster tools, cloud CLIs, hosting APIs and git, from the tool catalogue.',
      problem:
        'The incidents that made guardrails a product category were not `rm -rf /`: an agent ran an ' +
        "ORM's reset against production, pushed a schema with `--accept-data-loss`, called a hosting " +
        'API to delete a volume, flushed a document store. `prisma migrate reset`, `rails db:drop`, ' +
        '`php artisan migrate:fresh`, `docker compose down -v`, `helm uninstall` and `curl -X DELETE ' +
        'https://api.vercel.com/…` each destroy data with one line, and usually without a backup.',
      solution:
        'Run migrations forward only in production (`prisma migrate deploy`, `rails db:migrate`), ' +
        "keep the framework's own production checks on, take a backup or snapshot first, and leave " +
        'resets, drops, volume and cloud deletes to a human or to reviewed CI with approvals. For ' +
        'local work, point the tool at a local database (`DATABASE_URL=postgres://localhost/…`).',
    },
    messages: CATALOGUE_MESSAGES,
    controls: ['SOC2:CC8.1', 'SOC2:A1.2', 'NIST:CM-5', 'NIST:CP-9'],
    sources: [
      'https://www.prisma.io/docs/orm/reference/prisma-cli-reference#migrate-reset',
      'https://guides.rubyonrails.org/active_record_migrations.html#setup-the-database',
      'https://www.theregister.com/2025/07/21/replit_saastr_vibe_coding_incident/',
      'cloud-delete',
      'terraform-destroy',
    ],
    examples: {
      valid: [
        'prisma migrate status',
        'npx prisma migrate dev --create-only',
        'rails db:migrate',
        'docker system prune -af',
        'kubectl delete pod web-5d8f',
        'terraform plan',
      ],
      invalid: [
        'prisma migrate reset --force',
        'RAILS_ENV=production bundle exec rake db:drop',
        'python manage.py flush --noinput',
        'php artisan migrate:fresh --force',
        'docker compose down -v',
        'helm uninstall api -n prod',
        'curl -X DELETE https://api.vercel.com/v9/projects/shop',
        'git push --mirror origin',
      ],
    },
  },
  check: catalogueCheck('data-loss', [cloudDelete, kubectlDeleteWide, redisFlush, terraformDestroy]),
});
