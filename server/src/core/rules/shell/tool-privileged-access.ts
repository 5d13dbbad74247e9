import { defineShellRule } from '../rule';
import { CATALOGUE_MESSAGES, catalogueCheck } from './util/catalogue';

/**
 * Tool verbs that give a process the host or switch a control off: privileged containers, bind
 * mounts of `/` or the Docker socket, host PID namespaces, removing branch protection through
 * `gh api` or api.github.com (from the tool catalogue, `shell/tool-catalogue/`).
 */
export default defineShellRule({
  meta: {
    id: 'tool-privileged-access',
    title: 'A privileged container, a host mount or removed branch protection',
    category: 'privilege',
    severity: 'error',
    docs: {
      description:
        'Flags `docker run --privileged`, bind mounts of `/`, system folders or the Docker socket, `--pid=host`, and removing branch protection or rulesets through the GitHub API.',
      problem:
        'A privileged container, or one with the host root or the Docker socket mounted, is root on ' +
        'the host (GTFOBins `docker`): an agent gets out of every sandbox with one line. Deleting ' +
        'branch protection lets unreviewed code reach the production branch.',
      solution:
        'Mount only the project folder (`-v "$PWD":/app`), drop capabilities instead of adding them, ' +
        'run rootless containers, and change branch protection through reviewed settings-as-code.',
    },
    messages: CATALOGUE_MESSAGES,
    controls: ['NIST:AC-6(9)', 'SOC2:CC6.3'],
    sources: [
      'https://gtfobins.github.io/gtfobins/docker/',
      'https://docs.docker.com/engine/security/#docker-daemon-attack-surface',
      'https://docs.github.com/en/rest/branches/branch-protection#delete-branch-protection',
    ],
    examples: {
      valid: [
        'docker run -v "$PWD":/app -w /app node:20 npm test',
        'docker run --rm alpine echo hi',
        'gh api repos/acme/shop/branches/main/protection',
      ],
      invalid: [
        'docker run -v /:/host -it alpine chroot /host',
        'docker run --privileged -it alpine sh',
        'docker run -v /var/run/docker.sock:/var/run/docker.sock docker:cli ps',
        'gh api -X DELETE repos/acme/shop/branches/main/protection',
      ],
    },
  },
  check: catalogueCheck('privilege'),
});
