// The @anthropic-ai/sdk npm package against a running jollama: request errors (no model is run).
// Run by SdkClientsTest with JOLLAMA_URL set to the server's address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({ baseURL: process.env.JOLLAMA_URL, apiKey: 'jollama', maxRetries: 0 });

test('a request without max_tokens is a BadRequestError in Anthropic\'s shape', async () => {
  const res = await fetch(`${process.env.JOLLAMA_URL}/v1/messages`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'stories:260k', messages: [{ role: 'user', content: 'Hi' }] }),
  });
  assert.equal(res.status, 400);
  const body = await res.json();
  assert.equal(body.type, 'error');
  assert.equal(body.error.type, 'invalid_request_error');
  await assert.rejects(
    client.messages.create({ model: 'stories:260k', max_tokens: 0, messages: [{ role: 'user', content: 'Hi' }] }),
    (err) => {
      assert.ok(err instanceof Anthropic.BadRequestError, String(err));
      assert.equal(err.status, 400);
      assert.equal(err.error.error.type, 'invalid_request_error');
      assert.match(err.message, /max_tokens is required and must be positive/);
      return true;
    });
});

test('a bad tool_choice is a BadRequestError', async () => {
  await assert.rejects(
    client.messages.create({
      model: 'stories:260k', max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }],
      tools: [{ name: 'weather', input_schema: { type: 'object', properties: {} } }],
      tool_choice: { type: 'tool', name: 'unknown' },
    }),
    (err) => err instanceof Anthropic.BadRequestError && /not among the request's tools/.test(err.message));
});
