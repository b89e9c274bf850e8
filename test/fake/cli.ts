// `npm run fake`: a fake Bedrock + SSO on a fixed port for trying the extension by hand.
// Answers look plausible (a code line for completions, markdown for chat/explain).
import { plausibleReply, startFake, type LoggedRequest } from './bedrockFake';

function oneLine(r: LoggedRequest): string {
  const ms = (r.endedAt ?? Date.now()) - r.startedAt;
  const state = r.closedByClient ? 'cancelled' : r.completed ? 'done' : `status ${r.status ?? '?'}`;
  const prompt = r.promptText.replace(/\s+/g, ' ').slice(0, 60);
  return `#${r.id} ${r.api} ${r.modelId} ${state} ${ms}ms chunks=${r.chunksSent} sig=${r.sigv4Valid ? 'ok' : 'BAD'} "${prompt}"`;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 47123);
  const fake = await startFake({ port, onRequestEnd: (r) => console.log(oneLine(r)) });
  fake.respond(plausibleReply);
  fake.sso.deviceFlow = { outcome: 'manual', interval: 1 };
  console.log(`# fake Bedrock + SSO listening on ${fake.url} (Ctrl+C to stop)`);
  console.log('# point a shell (then `code .` or `npm start`) at it:');
  for (const [k, v] of Object.entries(fake.env)) console.log(`export ${k}=${v}`);
  console.log(`# or set "bedrockHaiku.aws.endpoint": "${fake.url}" and "bedrockHaiku.aws.profile": "${fake.sso.profileName}"`);
  console.log(`# device sign-in: open the verification URL the extension shows (${fake.url}/device?user_code=...) to approve`);
  fake.sso.onRequest = (e) =>
    console.log(`sso ${e.api}${e.grantType ? ` ${e.grantType}` : ''} ${e.status}${e.error ? ` ${e.error.split(':')[0]}` : ''}`);
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
