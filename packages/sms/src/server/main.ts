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

// Twilio reports delivery through the message's StatusCallback; do the same for each accepted message.
async function deliver(m: LocalTwilioMessage): Promise<void> {
  console.log(`${m.sid}: to ${maskPhone(m.to)}, ${m.body.length} characters`);
  if (!m.statusCallback) return;
  for (const status of ['sent', 'delivered'] as const) {
    const code = await server.sendStatusCallback(m.sid, status).catch(() => 0);
    console.log(`${m.sid}: status callback "${status}" → ${code || 'unreachable'}`);
  }
}

const server = await startLocalTwilioServer({ accountSid, authToken, host: config.HOST, port, onMessage: (m) => void deliver(m) });
console.log(`Local Twilio (Messages API) listening on ${server.url}`);
console.log('Run the system against it with:');
console.log(
  `  SMS_PROVIDER=twilio TWILIO_BASE_URL=${server.url} TWILIO_ACCOUNT_SID=${accountSid} TWILIO_AUTH_TOKEN=${authToken} TWILIO_FROM_NUMBER=+15005550006 npm start`,
);

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
