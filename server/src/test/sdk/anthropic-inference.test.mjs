// The @anthropic-ai/sdk npm package against a running jollama that serves the native chat path: messages (plain
// and with the SDK's stream helper), count_tokens, errors. JOLLAMA_URL is the server, JOLLAMA_CHAT_MODEL a
// completion model of its store, JOLLAMA_TOOLS_MODEL one whose template takes tools.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({ baseURL: process.env.JOLLAMA_URL, apiKey: 'jollama', maxRetries: 0 });
const model = process.env.JOLLAMA_CHAT_MODEL;
const toolsModel = process.env.JOLLAMA_TOOLS_MODEL;
const messages = [{ role: 'user', content: 'Once upon a time' }];

test('messages.create answers a text block with usage and a stop reason', async () => {
  const m = await client.messages.create({ model, max_tokens: 12, temperature: 0, messages });
  assert.equal(m.type, 'message');
  assert.equal(m.role, 'assistant');
  assert.match(m.id, /^msg_/);
  assert.ok(['end_turn', 'max_tokens'].includes(m.stop_reason), m.stop_reason);
  assert.ok(m.usage.input_tokens > 0);
  assert.ok(m.usage.output_tokens > 0);
  assert.ok(m.content.some((b) => b.type === 'text'), JSON.stringify(m.content));
  for (const block of m.content) assert.ok(['text', 'thinking'].includes(block.type), block.type);
});

test('the SDK stream helper gives the same message as a plain call at temperature 0', async () => {
  const params = { model, max_tokens: 12, temperature: 0, messages };
  const plain = await client.messages.create(params);
  const stream = client.messages.stream(params);
  let text = '';
  stream.on('text', (t) => { text += t; });
  const final = await stream.finalMessage();
  assert.deepEqual(final.content, plain.content);
  assert.equal(final.stop_reason, plain.stop_reason);
  assert.equal(text, plain.content.filter((b) => b.type === 'text').map((b) => b.text).join(''));
  assert.equal(final.usage.output_tokens, plain.usage.output_tokens);
});

test('tool_choice "tool" makes the answer a tool_use block', async () => {
  const m = await client.messages.create({
    model: toolsModel, max_tokens: 100, temperature: 0, messages,
    tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string', maxLength: 12 } }, required: ['city'] } }],
    tool_choice: { type: 'tool', name: 'get_weather' },
  });
  assert.equal(m.stop_reason, 'tool_use');
  const use = m.content.find((b) => b.type === 'tool_use');
  assert.equal(use.name, 'get_weather');
  assert.equal(typeof use.input.city, 'string');
});

test('count_tokens counts the rendered prompt, more for a longer conversation', async () => {
  const short = await client.messages.countTokens({ model, messages });
  const long = await client.messages.countTokens({ model, system: 'You tell stories.', messages: [...messages, { role: 'assistant', content: 'there was' }, { role: 'user', content: 'a cat' }] });
  assert.ok(short.input_tokens > 0);
  assert.ok(long.input_tokens > short.input_tokens);
});

test('an unknown model is a NotFoundError', async () => {
  await assert.rejects(client.messages.create({ model: 'no-such-model', max_tokens: 5, messages }),
    (err) => err instanceof Anthropic.NotFoundError && err.status === 404 && err.error.error.type === 'not_found_error');
});
