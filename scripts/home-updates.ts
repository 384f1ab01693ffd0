/**
 * One cycle of homeowners' value updates, as of a given day (decision 0028):
 *
 *   npm run home-updates -- --date 2015-05-01
 *
 * Asks the running system (`npm start`, ADMIN_TOKEN set) to plan the cycle, then waits until every
 * update of the period is sent (or failed) and prints the counts. The running worker values each
 * subscribed home with the sales up to that day and e-mails it: with the local SMTP server, see
 * http://localhost:3000/dev/outbox. Without --date the cycle runs as of today.
 */
import { loadConfigOrExit } from '@opencma/runtime';
import { parseArgs } from './lib/args';

const TIMEOUT_MS = 10 * 60_000;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfigOrExit();
  const date = args.date;
  if (date !== undefined && (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))) {
    console.error('--date must be a day such as 2015-05-01');
    return 2;
  }
  if (!config.ADMIN_TOKEN) {
    console.error('Set ADMIN_TOKEN (in .env) for `npm start` and this command: the cycle is queued through the admin API.');
    return 2;
  }
  const headers = { authorization: `Bearer ${config.ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const started = performance.now();
  const res = await fetch(`${config.apiUrl}/v1/admin/home-updates/cycles`, {
    method: 'POST',
    headers,
    body: JSON.stringify(date ? { date } : {}),
  }).catch((err: Error) => {
    console.error(`The API at ${config.apiUrl} cannot be reached (is \`npm start\` running?): ${err.message}`);
    return null;
  });
  if (!res) return 1;
  if (res.status !== 202) {
    console.error(`The API answered ${res.status}: ${await res.text()}`);
    return 1;
  }
  const { period } = (await res.json()) as { period: string };
  console.log(`Cycle ${period} queued${date ? ` as of ${date}` : ''}; waiting for the updates…`);
  let last = '';
  let quiet = 0;
  while (performance.now() - started < TIMEOUT_MS) {
    await new Promise((r) => setTimeout(r, 1000));
    const counts = (await (await fetch(`${config.apiUrl}/v1/admin/home-updates/cycles/${period}`, { headers })).json()) as {
      updates: Record<string, number>;
    };
    const open = (counts.updates.pending ?? 0) + (counts.updates.sending ?? 0);
    const line = JSON.stringify(counts.updates);
    if (line !== last) console.log(`  ${line}`);
    last = line;
    // planned (rows exist) and none open; or nothing planned a few seconds after the plan job ran
    if (line !== '{}' && open === 0) break;
    if (line === '{}' && ++quiet > 10) break;
  }
  console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s. With the local SMTP server: ${config.publicBaseUrl}/dev/outbox`);
  return 0;
}

process.exit(await main());
