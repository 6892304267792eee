#!/usr/bin/env node
// Seeded sampling by llama.cpp (through node-llama-cpp) on stories260K, for the sampler test.
// Usage: node sampling-goldens.mjs MODEL.gguf OUT.json
// node-llama-cpp builds llama.cpp's own samplers in llama-server's order (top-k, top-p, min-p, temperature, then a
// draw from std::mt19937 seeded with `seed`), so the same seed and options must give the same tokens in jollama.
// Caveat: logits agree to ~1e-3 after dozens of steps, so a step where llama.cpp's own logit sits within that of a
// min-p or top-p cut can go either way; the cases below were checked to have no such step in their 64 tokens.
import {getLlama} from "/work/oracle/node_modules/node-llama-cpp/dist/index.js";
import {writeFileSync} from "node:fs";

const [modelPath, out] = process.argv.slice(2);
const PROMPT = "Once upon a time", N = 64;
const CASES = [
  {temperature: 0.8, topK: 40, topP: 0.9, seed: 42},
  {temperature: 1.0, topK: 100, topP: 0.95, minP: 0.1, seed: 7},
  {temperature: 1.5, topK: 10, topP: 1.0, seed: 123456},
  {temperature: 0.5, topK: 3, topP: 0.5, seed: 1},
];
const llama = await getLlama({gpu: false, build: "never", logLevel: "error"});
const model = await llama.loadModel({modelPath});
const results = [];
for (const options of CASES) {
  const ctx = await model.createContext({contextSize: Math.min(model.trainContextSize, 4096), flashAttention: true, threads: 1});
  const seq = ctx.getSequence();
  const prompt = [model.tokens.bos, ...model.tokenize(PROMPT, true)];
  const tokens = [];
  for await (const t of seq.evaluate(prompt, options)) {
    tokens.push(t);
    if (tokens.length >= N || model.isEogToken(t)) break;
  }
  results.push({options, prompt_ids: prompt, tokens});
  console.log(JSON.stringify(options), tokens.join(" "));
}
writeFileSync(out, JSON.stringify({model: "stories260K", prompt: PROMPT, cases: results}, null, 1) + "\n");
process.exit(0); // an abandoned evaluation keeps its context busy; nothing else is left to do
