#!/usr/bin/env node
// Golden files from llama.cpp for prompts long enough (100 tokens, one batch) that its CPU flash attention takes the
// tiled path (GGML_FA_TILE_Q = 64 query rows or more, F16/F32 cache), with an F16, a Q8_0 and a Q4_0 KV cache
// (the quantized ones always take the one-row path, the query rounded to Q8_0).
// Usage: node long-prompt-goldens.mjs MODEL_DIR OUT_DIR NAME...
// For every MODEL_DIR/NAME.gguf and cache type T in f16, q8_0, q4_0 writes OUT_DIR/NAME.long-T.json, in the format of
// oracle-goldens.mjs plus "kv_cache_type"; the prompt is BOS then 99 ids (i * 7919 + 13) mod vocabulary size.
import {getLlama} from "/work/oracle/node_modules/node-llama-cpp/dist/index.js";
import {createHash} from "node:crypto";
import {greedySteps} from "./greedy-steps.mjs";
import {readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";

const [modelDir, outDir, ...names] = process.argv.slice(2);
const LENGTH = 100, STEPS = 8, TOP = 10, CONTEXT = 4096;
const llama = await getLlama({gpu: false, build: "never", logLevel: "error"});

for (const name of names) {
  const path = join(modelDir, name + ".gguf");
  const model = await llama.loadModel({modelPath: path});
  const ids = [model.tokens.bos];
  for (let i = 1; i < LENGTH; i++) ids.push((i * 7919 + 13) % model.fileInfo.metadata.tokenizer.ggml.tokens.length);
  const sha256 = createHash("sha256").update(readFileSync(path)).digest("hex");
  for (const kv of ["f16", "q8_0", "q4_0"]) {
    const type = kv.toUpperCase();
    const ctx = await model.createContext({contextSize: Math.min(model.trainContextSize, CONTEXT), batchSize: 512, flashAttention: true,
      threads: 1, experimentalKvCacheKeyType: type, experimentalKvCacheValueType: type});
    const seq = ctx.getSequence();
    const steps = await greedySteps(model, seq, ids, STEPS, TOP);
    const out = name + ".long-" + kv;
    writeFileSync(join(outDir, out + ".json"), JSON.stringify({model: out, sha256, context: ctx.contextSize, kv_cache_type: kv,
      prompt_ids: ids, steps}, null, 1) + "\n");
    console.log(out, "context", ctx.contextSize, "tokens", steps.map(s => s.token).join(" "));
    await ctx.dispose();
  }
  await model.dispose();
}
