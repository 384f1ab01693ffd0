import { loadConfig } from '@opencma/config';
import { startLocalTwilioServer, type LocalTwilioMessage } from '../local-server';
import { maskPhone } from '../mask';

/**
 * `npm run twilio [port]`: the local Twilio-compatible server, for running the system with
 * SMS_PROVIDER=twilio without an account or a phone. Credentials are TWILIO_ACCOUNT_SID /
 * TWILIO_AUTH_TOKEN when set, else local ones it prints. Each accepted message is logged (numbers
 * masked) and, like Twilio, answered with signed status callbacks (sent, then delivered) to its
 * StatusCallback URL.
 */
const DEFAULT_PORT = 3003;
const config = loadConfig();
const portArg = process.argv[2];
const port = portArg !== undefined ? Number(portArg) : DEFAULT_PORT;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${portArg}`);
  process.exit(1);
}
const accountSid = config.TWILIO_ACCOUNT_SID ?? `AC${'0'.repeat(31)}1`;
const authToken = config.TWILIO_AUTH_TOKEN ?? 'local-twilio-auth-token';

// Like Twilio, each accepted message's delivery is reported to its StatusCallback (sent, then delivered).
const server = await startLocalTwilioServer({
  accountSid,
  authToken,
  host: config.HOST,
  port,
  deliver: true,
  onMessage: (m: LocalTwilioMessage) => console.log(`${m.sid}: to ${maskPhone(m.to)}, ${m.body.length} characters`),
  onCallback: (sid, status, code) => console.log(`${sid}: status callback "${status}" → ${code || 'unreachable'}`),
});
// One write, so a reader that sees the "listening" line also sees the settings.
console.log(
  [
    `Local Twilio (Messages API) listening on ${server.url}`,
    'Run the system against it with:',
    `  SMS_PROVIDER=twilio TWILIO_BASE_URL=${server.url} TWILIO_ACCOUNT_SID=${accountSid} TWILIO_AUTH_TOKEN=${authToken} TWILIO_FROM_NUMBER=+15005550006 npm start`,
  ].join('\n'),
);

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
