#!/usr/bin/env node
// Golden files from llama.cpp (through node-llama-cpp, the oracle of ../shared/oracle) for random-weight test models.
// Usage: node oracle-goldens.mjs MODEL_DIR OUT_DIR [NAME...]
// For every MODEL_DIR/NAME.gguf writes OUT_DIR/NAME.json:
//   {"model": NAME, "sha256": <of the .gguf>, "context": 4096, "prompt": "Once upon a time", "prompt_ids": [...],
//    "steps": [{"token": id, "top": [{"id", "p"}, ...10]}, ...32]}
// The context uses flash attention and an F16 KV cache (llama-server's defaults). Each step holds the 10 most likely next tokens (softmax of llama.cpp's raw logits, temperature 1) and the greedy
// token (the most likely one), which is fed back for the next step; steps stop early at an end-of-generation token.
import {getLlama} from "/work/oracle/node_modules/node-llama-cpp/dist/index.js";
import {createHash} from "node:crypto";
import {greedySteps} from "./greedy-steps.mjs";
import {readFileSync, writeFileSync, readdirSync} from "node:fs";
import {join, basename} from "node:path";

const [modelDir, outDir, ...names] = process.argv.slice(2);
const PROMPT = "Once upon a time", STEPS = 32, TOP = 10, CONTEXT = 4096;
const llama = await getLlama({gpu: false, build: "never", logLevel: "error"});
const files = names.length ? names.map(n => n + ".gguf") : readdirSync(modelDir).filter(f => f.endsWith(".gguf")).sort();

for (const file of files) {
  const path = join(modelDir, file);
  const name = basename(file, ".gguf");
  const model = await llama.loadModel({modelPath: path});
  // flash attention on, as llama-server (and so Ollama) runs CPU models by default; node-llama-cpp would turn it
  // off for some architectures (gemma2)
  const ctx = await model.createContext({contextSize: Math.min(model.trainContextSize, CONTEXT), flashAttention: true, threads: 1});
  const seq = ctx.getSequence();
  let ids = Array.from(model.tokenize(PROMPT, true));
  if (model.tokens.bos != null && model.tokens.shouldPrependBosToken !== false) ids = [model.tokens.bos, ...ids];
  const steps = await greedySteps(model, seq, ids, STEPS, TOP);
  const sha256 = createHash("sha256").update(readFileSync(path)).digest("hex");
  writeFileSync(join(outDir, name + ".json"), JSON.stringify({model: name, sha256, context: ctx.contextSize, prompt: PROMPT, prompt_ids: ids, steps}, null, 1) + "\n");
  console.log(name, "context", ctx.contextSize, "tokens", steps.map(s => s.token).join(" "));
  await ctx.dispose();
  await model.dispose();
}
