// The openai npm package's embeddings against a running jollama that serves /api/embed. JOLLAMA_URL is the
// server, JOLLAMA_EMBED_MODEL an embedding model of its store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: `${process.env.JOLLAMA_URL}/v1`, apiKey: 'jollama', maxRetries: 0 });
const model = process.env.JOLLAMA_EMBED_MODEL;
const input = ['why is the sky blue?', 'Once upon a time'];

async function nativeEmbed() {
  const res = await fetch(`${process.env.JOLLAMA_URL}/api/embed`, { method: 'POST', body: JSON.stringify({ model, input }) });
  assert.equal(res.status, 200);
  return (await res.json()).embeddings;
}

test('the SDK default (base64, decoded by the SDK) and float both equal /api/embed', async () => {
  const expected = await nativeEmbed();
  const byDefault = await client.embeddings.create({ model, input });
  const floats = await client.embeddings.create({ model, input, encoding_format: 'float' });
  for (const r of [byDefault, floats]) {
    assert.equal(r.object, 'list');
    assert.equal(r.data.length, 2);
    r.data.forEach((d, i) => {
      assert.equal(d.index, i);
      assert.equal(d.embedding.length, expected[i].length);
      d.embedding.forEach((v, k) => assert.equal(Math.fround(v), Math.fround(expected[i][k])));
    });
    assert.ok(r.usage.prompt_tokens > 0);
  }
});

test('dimensions shortens and renormalises the vector', async () => {
  const r = await client.embeddings.create({ model, input: 'hello', dimensions: 16, encoding_format: 'float' });
  const v = r.data[0].embedding;
  assert.equal(v.length, 16);
  assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-4);
});
