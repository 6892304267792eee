// The openai npm package against a running jollama that serves the native chat and generate paths: chat
// completions (plain, streamed, with the SDK's stream helper, parsed JSON schema, forced tool calls), completions,
// responses. JOLLAMA_URL is the server, JOLLAMA_CHAT_MODEL a completion model of its store, JOLLAMA_TOOLS_MODEL one
// whose template takes tools.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { z } from 'zod';
import { zodResponseFormat } from 'openai/helpers/zod';

const client = new OpenAI({ baseURL: `${process.env.JOLLAMA_URL}/v1`, apiKey: 'jollama', maxRetries: 0 });
const model = process.env.JOLLAMA_CHAT_MODEL;
const toolsModel = process.env.JOLLAMA_TOOLS_MODEL;
const messages = [{ role: 'user', content: 'Once upon a time' }];

test('chat.completions.create answers one choice with usage', async () => {
  const c = await client.chat.completions.create({ model, messages, max_tokens: 12, temperature: 0, seed: 1 });
  assert.equal(c.object, 'chat.completion');
  assert.match(c.id, /^chatcmpl-/);
  assert.equal(c.model, model);
  assert.equal(c.choices.length, 1);
  assert.equal(c.choices[0].message.role, 'assistant');
  assert.equal(typeof c.choices[0].message.content, 'string');
  assert.ok(['stop', 'length'].includes(c.choices[0].finish_reason), c.choices[0].finish_reason);
  assert.ok(c.usage.prompt_tokens > 0);
  assert.ok(c.usage.completion_tokens > 0 && c.usage.completion_tokens <= 12);
  assert.equal(c.usage.total_tokens, c.usage.prompt_tokens + c.usage.completion_tokens);
});

test('a streamed chat equals the plain one at temperature 0, and ends with usage', async () => {
  const params = { model, messages, max_tokens: 12, temperature: 0, seed: 1 };
  const plain = await client.chat.completions.create(params);
  const stream = await client.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
  let text = '';
  let first = true;
  let finish = null;
  let usage = null;
  const created = new Set();
  for await (const chunk of stream) {
    created.add(chunk.created);
    if (chunk.choices.length === 0) { usage = chunk.usage; continue; }
    const choice = chunk.choices[0];
    if (first) assert.equal(choice.delta.role, 'assistant');
    first = false;
    text += choice.delta.content ?? '';
    if (choice.finish_reason) finish = choice.finish_reason;
  }
  assert.equal(text, plain.choices[0].message.content);
  assert.equal(finish, plain.choices[0].finish_reason);
  assert.equal(created.size, 1);
  // prompt_tokens counts the prompt tokens evaluated, fewer when the model's cache already holds a prefix
  assert.equal(usage.completion_tokens, plain.usage.completion_tokens);
  assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
});

test('the SDK stream helper assembles the final completion', async () => {
  const stream = client.chat.completions.stream({ model, messages, max_tokens: 10, temperature: 0 });
  let deltas = '';
  stream.on('content', (delta) => { deltas += delta; });
  const final = await stream.finalChatCompletion();
  assert.equal(final.choices[0].message.content, deltas);
  assert.equal(await stream.finalContent(), deltas);
});

test('response_format json_schema through the SDK parse helper', async () => {
  const Story = z.object({ title: z.string().max(20), year: z.number().int() });
  const c = await client.chat.completions.parse({
    model, messages, max_tokens: 100, temperature: 0,
    response_format: zodResponseFormat(Story, 'story'),
  });
  const parsed = c.choices[0].message.parsed;
  assert.equal(typeof parsed.title, 'string');
  assert.ok(Number.isInteger(parsed.year));
});

test('tool_choice naming a function makes the answer that call, with arguments that fit its schema', async () => {
  const c = await client.chat.completions.create({
    model: toolsModel, messages, max_tokens: 100, temperature: 0,
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: {
      type: 'object', properties: { city: { type: 'string', maxLength: 12 } }, required: ['city'] } } }],
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
  });
  const call = c.choices[0].message.tool_calls?.[0];
  assert.ok(call, JSON.stringify(c.choices[0]));
  assert.equal(c.choices[0].finish_reason, 'tool_calls');
  assert.equal(call.type, 'function');
  assert.equal(call.function.name, 'get_weather');
  assert.equal(typeof JSON.parse(call.function.arguments).city, 'string');
});

test('a forced tool call streams as tool-call deltas the SDK stream helper assembles', async () => {
  const stream = client.chat.completions.stream({
    model: toolsModel, messages, max_tokens: 100, temperature: 0,
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: {
      type: 'object', properties: { city: { type: 'string', maxLength: 12 } }, required: ['city'] } } }],
    tool_choice: 'required',
  });
  const final = await stream.finalChatCompletion();
  const call = final.choices[0].message.tool_calls[0];
  assert.equal(final.choices[0].finish_reason, 'tool_calls');
  assert.equal(call.function.name, 'get_weather');
  assert.equal(typeof JSON.parse(call.function.arguments).city, 'string');
});

test('responses with a forced function call', async () => {
  const r = await client.responses.create({
    model: toolsModel, input: 'Once upon a time', max_output_tokens: 100, temperature: 0,
    tools: [{ type: 'function', name: 'get_weather', strict: true, parameters: {
      type: 'object', properties: { city: { type: 'string', maxLength: 12 } }, required: ['city'], additionalProperties: false } }],
    tool_choice: 'required',
  });
  const call = r.output.find((o) => o.type === 'function_call');
  assert.ok(call, JSON.stringify(r.output));
  assert.equal(call.name, 'get_weather');
  assert.equal(typeof JSON.parse(call.arguments).city, 'string');
});

test('completions, plain and streamed', async () => {
  const c = await client.completions.create({ model, prompt: 'Once upon a time', max_tokens: 8, temperature: 0 });
  assert.equal(c.object, 'text_completion');
  assert.equal(c.choices.length, 1);
  const stream = await client.completions.create({ model, prompt: 'Once upon a time', max_tokens: 8, temperature: 0, stream: true });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
  assert.equal(text, c.choices[0].text);
});

test('responses, plain and with the SDK stream helper', async () => {
  const r = await client.responses.create({ model, input: 'Once upon a time', max_output_tokens: 10, temperature: 0 });
  assert.equal(r.object, 'response');
  assert.ok(['completed', 'incomplete'].includes(r.status), r.status);
  const stream = client.responses.stream({ model, input: 'Once upon a time', max_output_tokens: 10, temperature: 0 });
  let deltas = '';
  stream.on('response.output_text.delta', (e) => { deltas += e.delta; });
  const final = await stream.finalResponse();
  assert.equal(final.output_text, deltas);
  assert.equal(final.output_text, r.output_text);
});

test('chat with an unknown model is a NotFoundError', async () => {
  await assert.rejects(client.chat.completions.create({ model: 'no-such-model', messages }),
    (err) => err instanceof OpenAI.NotFoundError && err.status === 404);
});
