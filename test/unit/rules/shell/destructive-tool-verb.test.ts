import rule from '../../../../server/src/core/rules/shell/destructive-tool-verb';
import { testShellRule } from '../../../helpers/shell-rule-tester';

// One block per family of the tool catalogue (issue 11 §1); columns are 1-based.
testShellRule(rule, {
  valid: [
    // ORMs and migration tools: harmless neighbours.
    'prisma migrate deploy',
    'npx prisma db push',
    'prisma migrate reset --help',
    'bundle exec rake db:migrate',
    'python manage.py migrate',
    'python manage.py migrate billing 0003',
    'php artisan migrate --force',
    'alembic downgrade base --sql',
    'flyway info',
    'echo prisma migrate reset',
    // Datastores.
    `mongosh --eval 'db.orders.find({ status: "x" })'`,
    'redis-cli del session:1',
    'etcdctl del --prefix /app/cache/',
    // Containers.
    'docker volume ls',
    'docker compose down',
    'docker rm -f web',
    'kubectl delete pod web-5d8f',
    'helm upgrade --install api ./chart',
    // Cloud.
    'glab repo view acme/shop',
    'doctl compute droplet list',
    'vercel deploy --prod',
    'wrangler delete --dry-run',
    'curl -X POST https://api.hetzner.cloud/v1/servers/42/actions/poweron',
    'terraform plan -replace=aws_instance.web -out=p.tfplan',
    'aws s3 sync ./site s3://b',
    'gh repo view acme/shop',
    'curl https://api.github.com/repos/acme/shop',
    'restic forget --keep-last 3 --prune --dry-run',
    // Git.
    'git gc',
    'git push origin main',
    // Left to the peer rules (no double report).
    'terraform destroy -auto-approve',
    'aws rds delete-db-instance --db-instance-identifier db1',
    'kubectl delete ns prod',
    'redis-cli FLUSHALL',
  ],
  invalid: [
    // ORMs and migration tools.
    {
      code: 'prisma migrate reset --force',
      errors: [
        {
          messageId: 'verb',
          line: 1,
          column: 8,
          message:
            '`prisma migrate reset` drops the database, recreates it and reapplies every migration (Prisma CLI).',
        },
      ],
    },
    { code: 'pnpm exec prisma db push --force-reset', errors: [{ messageId: 'verb', line: 1, column: 18 }] },
    { code: 'npx drizzle-kit push --force', errors: [{ messageId: 'verb', line: 1, column: 17 }] },
    { code: 'npx typeorm schema:drop -d ./ds.ts', errors: [{ messageId: 'verb', line: 1, column: 13 }] },
    { code: 'npx sequelize-cli db:migrate:undo:all', errors: [{ messageId: 'verb', line: 1, column: 19 }] },
    {
      code: 'knex migrate:rollback --all',
      errors: [{ messageId: 'verb', line: 1, column: 6, severity: 'error' }],
    },
    {
      code: 'knex migrate:rollback',
      errors: [{ messageId: 'verb', line: 1, column: 6, severity: 'warning' }],
    },
    { code: 'bin/rails db:migrate VERSION=0', errors: [{ messageId: 'verb', line: 1, column: 11 }] },
    { code: 'bundle exec rake db:purge', errors: [{ messageId: 'verb', line: 1, column: 18 }] },
    // Rails' own escape hatch from its production check, and a versioned package runner.
    { code: 'rake -f Rakefile db:drop:_unsafe', errors: [{ messageId: 'verb', line: 1, column: 18 }] },
    { code: 'npx --yes prisma@5.22.0 migrate reset', errors: [{ messageId: 'verb', line: 1, column: 25 }] },
    { code: 'python manage.py migrate billing zero', errors: [{ messageId: 'verb', line: 1, column: 18 }] },
    { code: './manage.py reset_db --noinput', errors: [{ messageId: 'verb', line: 1, column: 13 }] },
    { code: 'uv run alembic downgrade base', errors: [{ messageId: 'verb', line: 1, column: 16 }] },
    { code: 'php artisan db:wipe', errors: [{ messageId: 'verb', line: 1, column: 13 }] },
    { code: './vendor/bin/sail artisan migrate:fresh', errors: [{ messageId: 'verb', line: 1, column: 27 }] },
    { code: 'python -m django flush --noinput', errors: [{ messageId: 'verb', line: 1, column: 18 }] },
    {
      code: 'flyway -url=jdbc:postgresql://db/app clean',
      errors: [{ messageId: 'verb', line: 1, column: 38 }],
    },
    { code: 'liquibase dropAll', errors: [{ messageId: 'verb', line: 1, column: 11 }] },
    {
      code: 'migrate -path db/m -database "$DATABASE_URL" down -all',
      errors: [{ messageId: 'verb', line: 1, column: 46 }],
    },
    {
      code: 'atlas schema clean -u "$URL" --auto-approve',
      errors: [{ messageId: 'verb', line: 1, column: 7 }],
    },
    {
      code: 'supabase db reset --linked',
      errors: [{ messageId: 'verb', line: 1, column: 10, severity: 'error' }],
    },
    {
      code: 'heroku pg:reset DATABASE_URL -a shop --confirm shop',
      errors: [{ messageId: 'verb', line: 1, column: 8 }],
    },
    { code: 'MIX_ENV=prod mix ecto.reset', errors: [{ messageId: 'verb', line: 1, column: 18 }] },
    { code: 'dotnet ef database update 0', errors: [{ messageId: 'verb', line: 1, column: 11 }] },
    // Datastores.
    { code: 'sudo pg_dropcluster --stop 16 main', errors: [{ messageId: 'verb', line: 1, column: 28 }] },
    { code: 'valkey-cli -h cache-1 shutdown nosave', errors: [{ messageId: 'verb', line: 1, column: 23 }] },
    {
      code: `mongosh "mongodb://db/app" --eval 'db.orders.deleteMany({})'`,
      errors: [{ messageId: 'verb', line: 1, column: 1 }],
    },
    {
      code: `redis-cli --scan --pattern 'user:*' | xargs redis-cli del`,
      errors: [{ messageId: 'verb', line: 1, column: 55 }],
    },
    { code: `cqlsh -e 'DROP KEYSPACE shop'`, errors: [{ messageId: 'verb', line: 1, column: 1 }] },
    { code: 'etcdctl del "" --prefix', errors: [{ messageId: 'verb', line: 1, column: 9 }] },
    {
      code: 'curl -XDELETE http://localhost:9200/logs-*',
      errors: [{ messageId: 'http', line: 1, column: 15 }],
    },
    { code: 'mc rm -r --force prod/backups', errors: [{ messageId: 'verb', line: 1, column: 4 }] },
    { code: 'rclone purge s3:prod-backups', errors: [{ messageId: 'verb', line: 1, column: 8 }] },
    // `-h` is redis-cli's host option, not help.
    {
      code: `redis-cli -h prod-cache KEYS 'sess:*' | xargs redis-cli -h prod-cache DEL`,
      errors: [{ messageId: 'verb', line: 1, column: 71 }],
    },
    // Containers.
    { code: 'docker volume prune -af', errors: [{ messageId: 'verb', line: 1, column: 8 }] },
    { code: 'docker system prune --volumes -f', errors: [{ messageId: 'verb', line: 1, column: 8 }] },
    { code: 'docker compose -f prod.yml down -v', errors: [{ messageId: 'verb', line: 1, column: 28 }] },
    { code: 'docker rm -f $(docker ps -aq)', errors: [{ messageId: 'verb', line: 1, column: 8 }] },
    {
      code: 'kubectl -n prod delete pvc data-postgres-0',
      errors: [{ messageId: 'verb', line: 1, column: 17 }],
    },
    { code: 'helm uninstall api -n prod', errors: [{ messageId: 'verb', line: 1, column: 6 }] },
    // Single-dash long options are not letter clusters (an `h` in the address is not `-h`).
    {
      code: 'tofu apply -replace=module.db.aws_rds_cluster.this',
      errors: [{ messageId: 'verb', line: 1, column: 6 }],
    },
    // Cloud.
    { code: 'glab project delete acme/shop --yes', errors: [{ messageId: 'verb', line: 1, column: 6 }] },
    { code: 'glab api --method=DELETE projects/42', errors: [{ messageId: 'verb', line: 1, column: 6 }] },
    {
      code: 'doctl -t "$T" databases delete db-1 --force',
      errors: [{ messageId: 'verb', line: 1, column: 15 }],
    },
    { code: 'npx vercel rm shop --yes', errors: [{ messageId: 'verb', line: 1, column: 12 }] },
    { code: 'ntl sites:delete s1 --force', errors: [{ messageId: 'verb', line: 1, column: 5 }] },
    { code: 'railway volume rm --volume vol_1', errors: [{ messageId: 'verb', line: 1, column: 9 }] },
    { code: 'npx wrangler delete --env production', errors: [{ messageId: 'verb', line: 1, column: 14 }] },
    {
      code: 'az rest --method DELETE --uri /subscriptions/s1',
      errors: [{ messageId: 'verb', line: 1, column: 4 }],
    },
    { code: 'stripe products delete prod_1 --live', errors: [{ messageId: 'verb', line: 1, column: 8 }] },
    {
      code: `curl -X POST https://api.hetzner.cloud/v1/servers/42/actions/rebuild -d '{"image":"x"}'`,
      errors: [{ messageId: 'http', line: 1, column: 14 }],
    },
    {
      code: 'terraform apply -replace=aws_db_instance.main -auto-approve',
      errors: [{ messageId: 'verb', line: 1, column: 11 }],
    },
    { code: 'pulumi stack rm prod --force --yes', errors: [{ messageId: 'verb', line: 1, column: 8 }] },
    {
      code: 'aws ec2 delete-snapshot --snapshot-id snap-1',
      errors: [{ messageId: 'verb', line: 1, column: 5 }],
    },
    {
      code: 'aws s3 sync ./site s3://prod-site --delete',
      errors: [{ messageId: 'verb', line: 1, column: 5 }],
    },
    {
      code: 'gcloud compute snapshots delete snap-1 --quiet',
      errors: [{ messageId: 'verb', line: 1, column: 8 }],
    },
    { code: 'gh repo delete acme/shop --yes', errors: [{ messageId: 'verb', line: 1, column: 4 }] },
    { code: 'gh api -X DELETE repos/acme/shop', errors: [{ messageId: 'verb', line: 1, column: 4 }] },
    { code: 'restic forget --keep-last 1 --prune', errors: [{ messageId: 'verb', line: 1, column: 8 }] },
    {
      code: 'curl -X DELETE -H "Authorization: Bearer $TOKEN" https://api.fly.io/v1/apps/shop',
      errors: [{ messageId: 'http', line: 1, column: 50 }],
    },
    {
      code: `curl https://backboard.railway.app/graphql/v2 -d '{"query":"mutation { volumeDelete(volumeId: \\"v\\") }"}'`,
      errors: [
        {
          messageId: 'http',
          line: 1,
          column: 6,
          message:
            '`POST https://backboard.railway.app/graphql/v2 (mutation volumeDelete)` deletes a hosted resource (a project, service, volume, database or DNS record) (Railway public GraphQL API).',
        },
      ],
    },
    {
      code: 'http DELETE api.digitalocean.com/v2/droplets/1',
      errors: [{ messageId: 'http', line: 1, column: 13 }],
    },
    // Git.
    {
      code: 'git reflog expire --expire=now --all && git gc --prune=now',
      errors: [
        { messageId: 'verb', line: 1, column: 5, severity: 'error' },
        { messageId: 'verb', line: 1, column: 45, severity: 'warning' },
      ],
    },
    { code: 'git push --mirror backup', errors: [{ messageId: 'verb', line: 1, column: 5 }] },
  ],
});
