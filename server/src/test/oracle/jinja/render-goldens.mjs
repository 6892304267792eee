// Renders every Jinja chat template in resources/jinja/templates for every scenario of resources/jinja/scenarios.json
// with Hugging Face's reference implementation (@huggingface/jinja, as the oracle's `render` command does:
// add_generation_prompt true, bos "<s>", eos "</s>"), with the clock frozen at 2026-01-02 10:30 (strftime_now) so goldens are stable.
// Writes resources/jinja/goldens/TEMPLATE.json: {scenario: {"text": ...} | {"error": ...}}.
//
//   node render-goldens.mjs [/work/oracle/node_modules]
import {readFileSync, readdirSync, writeFileSync} from "node:fs";
import {join, dirname} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = process.argv[2] ?? "/work/oracle/node_modules";
const {Template} = await import(pathToFileURL(join(modules, "@huggingface/jinja/dist/index.js")).href);
const resources = join(here, "..", "..", "resources", "jinja");
const {tools, scenarios} = JSON.parse(readFileSync(join(resources, "scenarios.json"), "utf8"));

// strftime_now reads the clock: freeze it
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(2026, 0, 2, 10, 30, 0);
    else super(...args);
  }
  static now() { return new RealDate(2026, 0, 2, 10, 30, 0).getTime(); }
};

for (const file of readdirSync(join(resources, "templates")).filter((f) => f.endsWith(".jinja")).sort()) {
  const source = readFileSync(join(resources, "templates", file), "utf8");
  const out = {};
  for (const s of scenarios) {
    const ctx = {messages: structuredClone(s.messages), add_generation_prompt: true, bos_token: "<s>", eos_token: "</s>",
      ...(s.tools ? {tools: structuredClone(tools)} : {}),
      // what llama.cpp also passes to firefunction-style templates: the tools as a JSON string and the date
      functions: s.tools ? JSON.stringify(tools, null, 2) : "", datetime: "Jan 02 2026 10:30:00 GMT", ...(s.extra ?? {})};
    try {
      out[s.name] = {text: new Template(source).render(ctx)};
    } catch (e) {
      out[s.name] = {error: String(e.message ?? e)};
    }
  }
  writeFileSync(join(resources, "goldens", file.replace(/\.jinja$/, ".json")), JSON.stringify(out, null, 1) + "\n");
}

// Snippets exercising the language one feature at a time: resources/jinja/snippets.json -> goldens/_snippets.json
const snippets = JSON.parse(readFileSync(join(resources, "snippets.json"), "utf8"));
const snippetOut = {};
for (const s of snippets) {
  const ctx = {messages: structuredClone(scenarios[4].messages), bos_token: "<s>", eos_token: "</s>", add_generation_prompt: true};
  try {
    snippetOut[s.name] = {text: new Template(s.template).render(ctx)};
  } catch (e) {
    snippetOut[s.name] = {error: String(e.message ?? e)};
  }
}
writeFileSync(join(resources, "snippets-golden.json"), JSON.stringify(snippetOut, null, 1) + "\n");
