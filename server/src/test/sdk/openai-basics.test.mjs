// The openai npm package against a running jollama: models and errors (no model is run).
// Run by SdkClientsTest with JOLLAMA_URL set to the server's address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: `${process.env.JOLLAMA_URL}/v1`, apiKey: 'jollama', maxRetries: 0 });

test('models.list pages through every local model', async () => {
  const ids = [];
  for await (const m of client.models.list()) {
    assert.equal(m.object, 'model');
    assert.equal(typeof m.created, 'number');
    ids.push(`${m.id} ${m.owned_by}`);
  }
  assert.ok(ids.includes('stories:260k library'), ids.join(', '));
  assert.ok(ids.includes('myorg/story:v1 myorg'), ids.join(', '));
});

test('models.retrieve takes plain and namespaced ids (the SDK percent-encodes the slash)', async () => {
  const plain = await client.models.retrieve('stories:260k');
  assert.equal(plain.id, 'stories:260k');
  assert.equal(plain.owned_by, 'library');
  const namespaced = await client.models.retrieve('myorg/story:v1');
  assert.equal(namespaced.id, 'myorg/story:v1');
  assert.equal(namespaced.owned_by, 'myorg');
});

test('an unknown model is a NotFoundError', async () => {
  await assert.rejects(client.models.retrieve('no-such-model:latest'), (err) => {
    assert.ok(err instanceof OpenAI.NotFoundError, String(err));
    assert.equal(err.status, 404);
    assert.equal(err.type, 'not_found_error');
    assert.match(err.message, /model 'no-such-model:latest' not found/);
    return true;
  });
});

test('a request jollama cannot serve is a BadRequestError naming the parameter', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'stories:260k', n: 2, messages: [{ role: 'user', content: 'Hi' }] }),
    (err) => {
      assert.ok(err instanceof OpenAI.BadRequestError, String(err));
      assert.equal(err.status, 400);
      assert.equal(err.param, 'n');
      assert.equal(err.type, 'invalid_request_error');
      return true;
    });
  await assert.rejects(
    client.embeddings.create({ model: 'stories:260k', input: 'x', encoding_format: 'int8' }),
    (err) => err instanceof OpenAI.BadRequestError && /encoding_format/.test(err.message));
});
