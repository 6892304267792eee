#!/usr/bin/env node
// Embedding goldens from llama.cpp (through node-llama-cpp, the oracle of ../shared/oracle).
// Usage: node embed-goldens.mjs MODEL.gguf TEXTS.json OUT.json
// Writes {"model": file name, "sha256": of the .gguf, "texts": [...], "token_ids": [[...]], "embeddings": [[...]]}:
// for every text the token ids llama.cpp evaluates (with [CLS]/[SEP] or BOS/EOS as the model adds them) and its pooled
// embedding, raw (not normalised), as node-llama-cpp's embedding context computes it, one text at a time.
import {getLlama} from "/work/oracle/node_modules/node-llama-cpp/dist/index.js";
import {resolveBeginningTokenToPrepend, resolveEndTokenToAppend} from "/work/oracle/node_modules/node-llama-cpp/dist/utils/tokenizerUtils.js";
import {createHash} from "node:crypto";
import {readFileSync, writeFileSync} from "node:fs";
import {basename} from "node:path";

const [modelPath, textsPath, outPath] = process.argv.slice(2);
const texts = JSON.parse(readFileSync(textsPath, "utf8"));
const llama = await getLlama({gpu: false, build: "never", logLevel: "error"});
const model = await llama.loadModel({modelPath});
const ctx = await model.createEmbeddingContext({contextSize: Math.min(model.trainContextSize, 2048)});
const token_ids = [], embeddings = [];
for (const text of texts) {
  const ids = Array.from(model.tokenize(text, false));
  const bos = resolveBeginningTokenToPrepend(model.vocabularyType, model.tokens);
  if (bos != null && ids[0] !== bos) ids.unshift(bos);
  const end = resolveEndTokenToAppend(model.vocabularyType, model.tokens);
  if (end != null && ids.at(-1) !== end) ids.push(end);
  token_ids.push(ids);
  embeddings.push(Array.from((await ctx.getEmbeddingFor(text)).vector).map(x => Number(x.toPrecision(8))));
}
const sha256 = createHash("sha256").update(readFileSync(modelPath)).digest("hex");
writeFileSync(outPath, JSON.stringify({model: basename(modelPath), sha256, texts, token_ids, embeddings}) + "\n");
console.log(basename(modelPath), texts.length, "texts,", token_ids.map(t => t.length).join(" "), "tokens");
await ctx.dispose();
await model.dispose();
