/**
 * The secretlint prefilter (issue 10: masking ≥ 50,000 ordinary texts/s, secretlint only on
 * candidates, every pattern linear-time on 1 MB): it covers every rule of the preset, keeps
 * every text secretlint finds a secret in, and answers in linear time on hostile input.
 * Throughput is measured by `npm run bench -- audit`.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { SECRETLINT_MARKERS, secretCandidate } from '../../../server/src/core/mask/prefilter';
import { loadSecretlint, type SecretScanner } from '../../../server/src/core/mask/secretlint';
import { randomFrom, secretFixtures } from './fixtures';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const LETTERS = ALNUM.slice(0, 52);
const TOKEN = `${ALNUM}_-`;

/** A random real-format secret for each rule, shaped after the rule's own pattern. */
function ruleExamples(): { rule: string; text: string }[] {
  // A JSON object whose length is 1 mod 3, so that its base64 ends in `fQ==` (the closing brace).
  let json = JSON.stringify({
    email: `${randomFrom(ALNUM, 12)}@x.lcl`,
    secretKey: randomFrom(ALNUM, 40),
    srpX: randomFrom(HEX, 64),
  });
  while (json.length % 3 !== 1) json = `${json.slice(0, -1)} }`;
  const ops = `ops_${Buffer.from(json).toString('base64')}`;
  return [
    {
      rule: 'aws',
      text: `aws configure set aws_access_key_id AKIA${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
    },
    { rule: 'aws', text: `export AWS_SECRET_ACCESS_KEY=${randomFrom(ALNUM, 40)}` },
    {
      rule: 'aws',
      text: `aws_account_id: "${randomFrom('123456789', 4)}-${randomFrom('123456789', 4)}-${randomFrom('123456789', 4)}"`,
    },
    { rule: 'npm', text: `npm config set //registry.npmjs.org/:_authToken npm_${randomFrom(ALNUM, 36)}` },
    {
      rule: 'slack',
      text: `curl -d token=xoxb-${randomFrom('0123456789', 12)}-${randomFrom(ALNUM, 24)} https://slack.com/api`,
    },
    {
      rule: 'slack',
      text: `curl -X POST https://hooks.slack.com/services/T${randomFrom(ALNUM, 10)}/B${randomFrom(ALNUM, 10)}/${randomFrom(ALNUM, 24)}`,
    },
    { rule: 'basicauth', text: `curl https://deploy:${randomFrom(ALNUM, 12)}@ci.example.com/hook` },
    {
      rule: 'openai',
      text: `OPENAI=sk-${randomFrom(ALNUM, 20)}T3BlbkFJ${randomFrom(ALNUM, 20)} node app.js`,
    },
    { rule: 'anthropic', text: `export KEY=sk-ant-api03-${randomFrom(TOKEN, 93)}AA` },
    { rule: 'groq', text: `export GROQ=gsk_${randomFrom(ALNUM, 52)}` },
    { rule: 'huggingface', text: `huggingface-cli login --token hf_${randomFrom(LETTERS, 34)}` },
    { rule: 'linear', text: `export LINEAR=lin_api_${randomFrom(ALNUM, 40)}` },
    { rule: 'notion', text: `export NOTION=ntn_${randomFrom('0123456789', 11)}${randomFrom(ALNUM, 35)}` },
    { rule: 'sendgrid', text: `export SENDGRID=SG.${randomFrom(ALNUM, 22)}.${randomFrom(ALNUM, 43)}` },
    { rule: 'shopify', text: `export SHOPIFY=shpat_${randomFrom(HEX, 32)}` },
    { rule: 'github', text: `gh auth login --with-token <<< ghp_${randomFrom(ALNUM, 36)}` },
    { rule: 'gitlab', text: `export GL=glpat-${randomFrom(ALNUM, 20)}` },
    { rule: 'grafana', text: `export GRAFANA=glsa_${randomFrom(ALNUM, 32)}_${randomFrom(HEX, 8)}` },
    { rule: '1password', text: `export OP_SERVICE_ACCOUNT_TOKEN=${ops}` },
    {
      rule: 'database-connection-string',
      text: `mysql://app:${randomFrom(ALNUM, 14)}@db.internal:3306/shop`,
    },
    { rule: 'hashicorp-vault', text: `vault login hvs.${randomFrom(TOKEN, 95)}` },
    { rule: 'vercel', text: `vercel --token vcp_${randomFrom(ALNUM, 24)}` },
    { rule: 'databricks', text: `export DATABRICKS_TOKEN=dapi${randomFrom(HEX, 32)}` },
    { rule: 'docker', text: `docker login -p dckr_pat_${randomFrom(TOKEN, 27)}` },
    { rule: 'figma', text: `export FIGMA=figd_${randomFrom(TOKEN, 40)}` },
  ];
}

let scan: SecretScanner;
before(async () => {
  scan = await loadSecretlint();
});

describe('secretlint prefilter', () => {
  it("names exactly the rules of secretlint's recommended preset (a new rule needs an entry)", async () => {
    const preset = await import('@secretlint/secretlint-rule-preset-recommend');
    const ids = preset.rules
      .map((r) => r.meta.id.replace('@secretlint/secretlint-rule-', ''))
      .filter((id) => id !== 'filter-comments')
      .sort();
    assert.deepEqual([...new Set(SECRETLINT_MARKERS.map((m) => m.rule))].sort(), ids);
    for (const m of SECRETLINT_MARKERS) assert.ok(m.sources.length > 0, `${m.rule}: sources`);
  });

  for (let run = 0; run < 3; run++) {
    it(`keeps every text secretlint finds a secret in (rule examples and fixtures, run ${run + 1})`, async () => {
      const found = new Set<string>();
      const texts = [...ruleExamples(), ...secretFixtures().map((f) => ({ rule: f.name, text: f.text }))];
      for (const { rule, text } of texts) {
        const findings = await scan(text);
        if (findings.length === 0) continue;
        for (const f of findings) found.add(f.kind);
        assert.ok(secretCandidate(text), `${rule}: secretlint finds ${findings[0]?.kind} in ${text}`);
        // Inside an ordinary command line, and after a newline, too.
        assert.ok(secretCandidate(`cd /srv && ${text} | tee -a log`), rule);
        assert.ok(secretCandidate(`ls -la\n${text}`), rule);
      }
      // The examples reach (nearly) every rule, so the check above is not vacuous.
      const expected = SECRETLINT_MARKERS.map((m) => m.rule).filter((r) => r !== 'gcp');
      const missed = expected.filter((r) => !found.has(r));
      assert.deepEqual(missed, [], `rules no example triggered: ${missed.join(', ')}`);
    });
  }

  it('skips ordinary commands and SQL (secretlint then never runs on them)', () => {
    for (const text of [
      'ls -la /tmp',
      'git status',
      'npm run build',
      'psql -p 5432 -h localhost app',
      'apt-get install -y --no-install-recommends build-essential',
      'git log --oneline origin/main..feature/some-long-branch-name',
      'curl -fsSL https://deb.nodesource.com/setup_20.x | bash -',
      'ssh deploy@web-01.internal uptime',
      "SELECT account_name FROM accounts WHERE created_at > now() - interval '1 day'",
      '{ time make; } 2>&1 | tail -1',
    ])
      assert.equal(secretCandidate(text), false, text);
  });

  // Finishing inside the test runner's timeout is the check (quadratic scans would take hours at
  // 1 MB); each text ends with a real secret that must still be seen.
  const adversarial: [string, string][] = [
    ['://a: repeated', '://a:'],
    ['account and spaces', 'account     '],
    ['JSON brace then text', '{ "a": '],
    ['token characters', 'Ab0_-'],
    ['random bytes as base64', randomBytes(8).toString('base64')],
  ];
  for (const [name, unit] of adversarial) {
    it(`${name}, 1 MB: answered, a secret at the end still kept`, { timeout: 30_000 }, () => {
      const filler = unit.repeat(Math.ceil(1_000_000 / unit.length));
      assert.equal(typeof secretCandidate(filler), 'boolean');
      assert.equal(secretCandidate(`${filler} ghp_${randomFrom(ALNUM, 36)}`), true);
    });
  }
});
