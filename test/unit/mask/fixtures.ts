import { createHmac, generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';

/**
 * Real-format secrets and PII, generated at random on every run (never real credentials).
 * Each fixture gives the secret value that must not survive masking and a text embedding it.
 */
export interface SecretFixture {
  name: string;
  secret: string;
  text: string;
}

const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `n` random characters from `alphabet`. */
export function randomFrom(alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}
const digits = (n: number): string => randomFrom('0123456789', n);

/** A JWT (HS256) with random claims. */
export function makeJwt(): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: randomFrom(ALNUM, 8), iat: randomInt(1e9) })}`;
  return `${head}.${createHmac('sha256', randomBytes(16)).update(head).digest('base64url')}`;
}

/** Fresh fixtures for one run. */
export function secretFixtures(): SecretFixture[] {
  const akid = `AKIA${randomFrom(UPPER_DIGITS, 16)}`;
  const awsSecret = randomFrom(`${ALNUM}/+`, 40);
  const ghp = `ghp_${randomFrom(ALNUM, 36)}`;
  const pat = `github_pat_${randomFrom(ALNUM, 22)}_${randomFrom(ALNUM, 59)}`;
  const slack = `xoxb-${digits(12)}-${digits(13)}-${randomFrom(ALNUM, 24)}`;
  const stripe = `sk_live_${randomFrom(ALNUM, 24)}`;
  const google = `AIza${randomFrom(`${ALNUM}_-`, 35)}`;
  const npm = `npm_${randomFrom(ALNUM, 36)}`;
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const rsaPem = generateKeyPairSync('rsa', { modulusLength: 1024 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
  const pw = () => randomFrom(ALNUM, 14);
  const [p1, p2, p3, p4, p5, p6] = [pw(), pw(), pw(), pw(), pw(), pw()];
  const bearer = randomFrom(ALNUM, 32);
  const jwt = makeJwt();
  return [
    { name: 'AWS access key id', secret: akid, text: `aws configure set aws_access_key_id ${akid}` },
    { name: 'AWS secret access key', secret: awsSecret, text: `export AWS_SECRET_ACCESS_KEY=${awsSecret}` },
    { name: 'AWS secret key in a config', secret: awsSecret, text: `aws_secret_access_key = ${awsSecret}` },
    {
      name: 'AWS secret key ending in "/" (missed by secretlint)',
      secret: `${awsSecret.slice(0, 39)}/`,
      text: `aws_secret_access_key = ${awsSecret.slice(0, 39)}/\nregion = eu-west-1`,
    },
    { name: 'GitHub classic token', secret: ghp, text: `git clone https://x:${ghp}@github.com/o/r.git` },
    { name: 'GitHub token bare', secret: ghp, text: `gh auth login --with-token <<< ${ghp}` },
    { name: 'GitHub fine-grained token', secret: pat, text: `GH_TOKEN=${pat} gh pr list` },
    {
      name: 'Slack bot token',
      secret: slack,
      text: `curl -d token=${slack} https://slack.com/api/chat.postMessage`,
    },
    { name: 'Stripe live key', secret: stripe, text: `stripe charges list --api-key ${stripe}` },
    {
      name: 'Google API key',
      secret: google,
      text: `curl "https://maps.googleapis.com/maps/api/geocode/json?key=${google}"`,
    },
    { name: 'npm token', secret: npm, text: `echo "//registry.npmjs.org/:_authToken=${npm}" > ~/.npmrc` },
    { name: 'PKCS#8 private key', secret: pem.split('\n')[1] ?? pem, text: `cat > k.pem <<'EOF'\n${pem}EOF` },
    { name: 'RSA private key', secret: rsaPem.split('\n')[2] ?? rsaPem, text: `echo '${rsaPem}' > id_rsa` },
    { name: 'JWT', secret: jwt, text: `curl -H 'X-Token: ${jwt}' https://api.example.com` },
    { name: 'basic auth URL', secret: p1, text: `curl https://deploy:${p1}@ci.example.com/hook` },
    {
      name: 'postgres URL',
      secret: p2,
      text: `psql postgresql://app:${p2}@db.prod.internal:5432/app -c 'select 1'`,
    },
    { name: 'PGPASSWORD', secret: p3, text: `PGPASSWORD=${p3} psql -h db -U app -c "DELETE FROM t"` },
    { name: 'mysql -p', secret: p4, text: `mysql -h db -u root -p${p4} shop -e 'DROP TABLE orders'` },
    { name: '--password=', secret: p5, text: `mysqldump --user=root --password=${p5} shop > dump.sql` },
    {
      name: 'Authorization: Bearer',
      secret: bearer,
      text: `curl -H "Authorization: Bearer ${bearer}" https://api.example.com`,
    },
    { name: 'mongodb URL', secret: p6, text: `mongosh "mongodb+srv://admin:${p6}@cluster0.example.net/db"` },
  ];
}

/** Luhn check digit, computed independently of the code under test. */
function luhnDigit(body: string): number {
  let sum = 0;
  [...body].reverse().forEach((c, i) => {
    let d = Number(c) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  });
  return (10 - (sum % 10)) % 10;
}

/** A random Luhn-valid Visa number, and a copy with a wrong check digit. */
export function cardNumbers(): { valid: string; invalid: string } {
  const body = `4${digits(14)}`;
  const check = luhnDigit(body);
  return { valid: `${body}${check}`, invalid: `${body}${(check + 1 + randomInt(9)) % 10}` };
}

/** A random German IBAN with correct MOD 97-10 check digits (BigInt), and one with wrong ones. */
export function ibans(): { valid: string; invalid: string } {
  const bban = digits(18);
  const numeric = BigInt(`${bban}${13}${14}00`); // D=13, E=14
  const check = String(98n - (numeric % 97n)).padStart(2, '0');
  const wrong = String(((Number(check) + 1 + randomInt(90)) % 97) + 2).padStart(2, '0');
  return { valid: `DE${check}${bban}`, invalid: `DE${wrong === check ? '01' : wrong}${bban}` };
}
