#!/usr/bin/env node
// Golden tokenizer answers from llama.cpp (through node-llama-cpp), for TokenizerGoldenTest and PreTokenizerGoldenTest.
//
//   node engine/src/test/resources/tokenizer/make-goldens.mjs [VOCAB_DIR] [OUT_DIR]
//
// VOCAB_DIR defaults to ../shared/vocab, OUT_DIR to this script's folder; node-llama-cpp is imported from $ORACLE_DIR
// (default /work/oracle, else ../shared/oracle). It writes, deterministically (seeded strings):
//   golden/<vocab>.json     for every ggml-vocab-*.gguf in VOCAB_DIR and every *.gguf in OUT_DIR/unigram: the
//                           vocabulary's special ids, BOS/EOS rules, end-of-generation ids, token attributes that are
//                           not plain NORMAL, and for a few hundred strings the ids with parse_special off and on and
//                           the detokenized text; plus random id sequences and their detokenized text.
//   golden/pretokenizers.json  ggml-vocab-llama-bpe.gguf with tokenizer.ggml.pre set to every name llama.cpp knows
//                           (and tokenizer.ggml.model "gemma4"): a SHA-256 per name over the ids and texts of a fixed
//                           string set, and the full answers once per distinct hash. ("whitespace" gets no answer
//                           for strings with a space next to other white space: llama.cpp aborts on those.)
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../../../..");
const vocabDir = path.resolve(process.argv[2] ?? path.join(repo, "../shared/vocab"));
const outDir = path.resolve(process.argv[3] ?? here);
const oracleDir = process.env.ORACLE_DIR ?? [ "/work/oracle", path.join(repo, "../shared/oracle") ]
    .find((d) => existsSync(path.join(d, "node_modules/node-llama-cpp")));
const {getLlama} = await import(pathToFileURL(path.join(oracleDir, "node_modules/node-llama-cpp/dist/index.js")).href);
const llama = await getLlama({gpu: false, build: "never", logLevel: "error"});

// ---- deterministic strings ----
function rng(seed) { // mulberry32
    return () => {
        seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
const pick = (r, a) => a[Math.floor(r() * a.length)];
const words = ["the", "quick", "brown", "fox", "Hello", "world", "HELLO", "WoRlD", "don't", "I'll", "we've", "SHE'S",
    "y'all", "'tis", "they're", "it'd", "I'M", "We'Ve", "a'lL", "o'clock", "rock'n'roll", "camelCase", "snake_case",
    "kebab-case", "HTTPServer", "iPhone", "McDonald", "naïve", "café", "résumé", "Ünïcödé", "straße", "İstanbul",
    "Ελληνικά", "Русский", "текст", "עברית", "العربية", "हिन्दी", "ไทย", "中文字符", "日本語のテキスト", "カタカナ",
    "ひらがな", "한국어", "텍스트", "Tiếng Việt", "ქართული", "Հայերեն", "አማርኛ", "தமிழ்", "বাংলা", "ᏣᎳᎩ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "𠀀𠀁𪜀", "ﬁnance", "Ｆｕｌｌｗｉｄｔｈ", "e\u0301te\u0301", "a\u0308\u0304", "\u0915\u094D\u0937", "ǅemal", "ÅNGSTRÖM",
    "ǈ", "ᾼ", "µ", "ſ", "K", "Ω", "ⅰⅱⅲ", "apple", "banana", "Python", "JavaScript", "llama", "ollama", "🦙"];
const numbers = (r) => [String(Math.floor(r() * 1e6)), "3.14159", "1,000,000", "-42", "1e10", "0x1F", "１２３",
    "٣٤٥", "²³", "Ⅻ", "①②", "007", "2024-01-15", "12:30:45", "1234567890123", "9", "99", "999", "9999", "99999"];
const spaces = [" ", "  ", "   ", "    ", "\t", "\t\t", "\n", "\n\n", "\n\n\n", "\r\n", " \n ", "\n \n", "\u00A0",
    "\u3000", "\u2028", "\u2029", "\u200B", "\u2003", "\u0085", " \t\n", "        ", "\r", "\v", "\f"];
const punct = [".", ",", ";", ":", "!", "?", "...", "—", "–", "«", "»", "“", "”", "‘", "’", "(", ")", "[", "]", "{",
    "}", "<", ">", "@", "#", "$", "%", "^", "&", "*", "~", "`", "|", "\\", "/", "+", "-", "=", "€", "£", "¥", "©",
    "®", "™", "§", "¶", "•", "…", "!!!", "???", "''", "\"", "'", "--", "==", "->", "=>", "::", "//", "/*", "*/",
    "''''''", "```", "\"\"\"", "......", "!?", "。", "，", "、", "！", "？", "：", "；", "「", "」"];
const emoji = ["😀", "👍🏽", "👨‍👩‍👧‍👦", "🇺🇸", "❤️", "🤖", "🦙", "✨", "1️⃣", "🏳️‍🌈", "😂😂😂", "👋"];
const odd = ["\u0001", "\u007f", "\u00AD", "\uFEFF", "\u200D", "\uE000", "\uFFFF", "\u0378", "\u1C89", "\uA7CB",
    "\u{1CC00}", "\u{10FFFD}", "\uD800", "\uDC00", "\u0000", "\u2581", "\u2581\u2581", "Ġ", "Ċ", "ĊĠ", "<0x0A>",
    "<0xE2>", "##ing", "\uFFFD", "\u0300", "\u20DD", "\u1160"];
const code = ["def foo(x):\n    return x**2\n", "if (a && b) { return; }", "<div class=\"x\">hi</div>",
    "http://example.com/path?q=1&r=2", "user@example.com", "C:\\Users\\me", "#include <stdio.h>",
    "{\"key\": [1, 2, 3], \"b\": null}", "## Title\n- item\n* other", "```python\nprint('hi')\n```",
    "for i in range(10):\n\tprint(i)", "x = y + 1;  // comment", "SELECT * FROM t WHERE id = 7;", "$ ls -la | grep .git"];
const runs = ["aaaaaaaaaaaaaaaaaaaa", "                    ", "\n\n\n\n\n\n", "!!!!!!!!!!", "0000000000000",
    "abababababababab", "\t\t\t\t\t", "...........", "ééééééé", "中中中中中", "😀😀😀😀", "__________", "----------"];

function randomCodePoint(r) {
    const blocks = [[0x20, 0x7E], [0xA0, 0x24F], [0x370, 0x52F], [0x590, 0x6FF], [0x900, 0x97F], [0xE00, 0xE7F],
        [0x1100, 0x11FF], [0x2000, 0x2BFF], [0x3000, 0x30FF], [0x4E00, 0x9FFF], [0xAC00, 0xD7A3], [0xFB00, 0xFFFD],
        [0x10000, 0x1FAFF], [0x20000, 0x2A6DF], [0x0, 0x10FFFF]];
    const [lo, hi] = pick(r, blocks);
    let cp = lo + Math.floor(r() * (hi - lo + 1));
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0x41;
    return String.fromCodePoint(cp);
}

function generalStrings() {
    const r = rng(20240611);
    const out = ["", " ", "a", "Hello world", " Hello world", "Hello World", "hello\nworld", "  leading", "trailing  ",
        "3333333", "The cat's 12345 toys!", "I've been 'told he's there, 'RE you sure?", "ied 4 ½ months", "Äpfel"];
    const kinds = [() => pick(r, words), () => pick(r, numbers(r)), () => pick(r, spaces), () => pick(r, punct),
        () => pick(r, emoji), () => pick(r, odd), () => pick(r, code), () => pick(r, runs),
        () => Array.from({length: 1 + Math.floor(r() * 6)}, () => randomCodePoint(r)).join("")];
    while (out.length < 230) {
        const n = 1 + Math.floor(r() * 8);
        let s = "";
        for (let i = 0; i < n; i++) {
            s += pick(r, kinds)();
            if (r() < 0.5) s += r() < 0.8 ? " " : pick(r, spaces);
        }
        out.push(s);
    }
    for (let i = 0; i < 20; i++) out.push(Array.from({length: 3 + Math.floor(r() * 20)}, () => randomCodePoint(r)).join(""));
    return out;
}

/** Strings around the vocabulary's own special tokens (whole, glued, spaced, cut short). */
function specialStrings(texts, r) {
    const out = [];
    const some = texts.length > 40 ? Array.from({length: 40}, () => pick(r, texts)) : texts;
    for (const t of some) {
        out.push(t, ` ${t} `, `x${t}y`, `${t}${t}`, `  ${t}\n\n`, t.slice(0, Math.max(1, t.length - 1)),
            `Hello${t}world ${pick(r, texts)} end`);
    }
    out.push("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n", "<s>[INST] hi [/INST]", "</s><s>", "<unk>",
        "[CLS] a [SEP] b [SEP]", "[MASK]", "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>",
        "<|endoftext|>", "<|end|>\n<|assistant|>", "<mask>", "<pad>", "<|eot_id|", "<|", "|>", "<</s>>");
    return out;
}

function randomIdSequences(n, specialIds, r) {
    const out = [];
    for (let i = 0; i < 60; i++) {
        const len = 1 + Math.floor(r() * 12);
        out.push(Array.from({length: len}, () => (r() < 0.15 && specialIds.length > 0) ? pick(r, specialIds) : Math.floor(r() * n)));
    }
    return out;
}

// ---- per-vocabulary goldens ----
const tokenOrNull = (t) => (t == null || t < 0 || t === 0xFFFFFFFF) ? -1 : t;

async function vocabGolden(file) {
    const model = await llama.loadModel({modelPath: file, vocabOnly: true});
    const m = model._model;
    const r = rng(7);
    const n = model.fileInfo.metadata.tokenizer.ggml.tokens.length;
    const attributes = [], eog = [], specialTexts = [], specialIds = [];
    for (let id = 0; id < n; id++) {
        const a = m.getTokenAttributes(id);
        if (a !== 4) attributes.push([id, a]);
        if (m.isEogToken(id)) eog.push(id);
        if (a & (1 | 8 | 16)) { specialTexts.push(m.getTokenString(id)); specialIds.push(id); }
    }
    const strings = [...generalStrings(), ...specialStrings(specialTexts, r)];
    const cases = strings.map((s) => {
        const ids = Array.from(m.tokenize(s, false));
        const idsSpecial = Array.from(m.tokenize(s, true));
        const c = {text: s, ids, detokenized: m.detokenize(Uint32Array.from(ids), true)};
        if (JSON.stringify(ids) !== JSON.stringify(idsSpecial)) {
            c.idsSpecial = idsSpecial;
            c.detokenizedSpecial = m.detokenize(Uint32Array.from(idsSpecial), true);
        }
        return c;
    });
    const decodes = randomIdSequences(n, specialIds, r).map((ids) => ({ids, text: m.detokenize(Uint32Array.from(ids), true)}));
    const golden = {
        file: path.basename(file), size: n,
        bos: tokenOrNull(m.tokenBos()), eos: tokenOrNull(m.tokenEos()), eot: tokenOrNull(m.eotToken()),
        sep: tokenOrNull(m.sepToken()), addBos: m.shouldPrependBosToken(), addEos: m.shouldAppendEosToken(),
        endOfGeneration: eog, attributes, cases, decodes,
    };
    await model.dispose();
    return golden;
}

// ---- pre-tokenizer matrix ----
/** A copy of a vocabulary-only GGUF with one string value replaced (no tensors, so only the metadata shifts). */
function withString(bytes, key, value) {
    const k = Buffer.from(key, "utf8");
    for (let i = 24; i + k.length + 8 < bytes.length; i++) {
        if (bytes.readBigUInt64LE(i) !== BigInt(k.length) || !bytes.subarray(i + 8, i + 8 + k.length).equals(k)) continue;
        const typeAt = i + 8 + k.length;
        if (bytes.readUInt32LE(typeAt) !== 8) throw new Error(key + " is not a string");
        const lenAt = typeAt + 4, oldLen = Number(bytes.readBigUInt64LE(lenAt));
        const v = Buffer.from(value, "utf8"), len = Buffer.alloc(8);
        len.writeBigUInt64LE(BigInt(v.length));
        return Buffer.concat([bytes.subarray(0, lenAt), len, v, bytes.subarray(lenAt + 8 + oldLen)]);
    }
    throw new Error("no key " + key);
}

const PRE_NAMES = ["default", "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2",
    "jina-v5-nano", "dbrx", "smaug-bpe", "glm4", "chatglm-bpe", "jais-2", "deepseek-llm", "deepseek-v3", "hunyuan-dense",
    "hy_v4", "joyai-llm", "spark2_5", "youtu", "deepseek-coder", "falcon", "starcoder", "refact", "codeshell", "exaone",
    "minerva-7b", "mellum2", "command-r", "smollm", "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es",
    "jina-v2-de", "a.x-4.0", "mellum", "modern-bert", "mpt", "olmo", "jais", "exaone4", "jina-v1-en", "jina-v2-code",
    "roberta-bpe", "trillion", "granite-docling", "qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "hunyuan", "solar-open",
    "grok-2", "stablelm2", "megrez", "qwen35", "poro-chat", "bloom", "gpt3-finnish", "viking", "tekken", "chameleon",
    "gpt-4o", "llama4", "kanana2", "talkie", "minimax-m2", "granite-embed-multi-97m", "tiny_aya", "cohere2moe", "kimi-k2",
    "superbpe", "bailingmoe", "bailingmoe2", "llada-moe", "seed-coder", "ufakzeka", "afmoe", "laguna", "exaone-moe",
    "gemma4", "granite-embed-multi-311m", "sarvam-moe", "minicpm5", "whitespace"];

function matrixStrings() {
    const r = rng(99);
    const base = ["Hello world", "HelloWorld HTTPServer iPhone McDonald", "ÉCOLE école ÀÉÎ àéî", "don't I'LL we'Ve 'tis",
        "1 12 123 1234 12345 1234567 1,234,567.89", "١٢٣٤٥ １２３４５ ²³ Ⅻ", "  two  spaces   three\t\ttabs \n\n newlines\r\n",
        "trailing spaces   ", "\n\n\n", "中文字符和日本語のテキスト、カタカナ", "한국어 텍스트 ㄱㄴㄷ", "ไทย हिन्दी বাংলা",
        "a\u0301 e\u0308 \u0915\u094D\u0937", "😀👍🏽 🇺🇸 ❤️", "...!!!??? ,,, ;;; :: —–", "<sentinel:12> IMGIMGABCZ",
        "$100 + 5% = <x> ^ ~ | `", "(parens) [brackets] {braces}", "path/to/file.txt", "a.b,c!d?e…f。g，h、i",
        "user@example.com http://x.y/z?q=1", "x  \u00A0 y \u3000 z", "camelCase_snake-kebab", "Ελληνικά Русский",
        "def f(x):\n    return x\n", "MIXED case AND Words", "ǅemal ǈ ᾼ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠀀𠀁", "'s's 'S 'll'LL"];
    while (base.length < 60) {
        base.push(Array.from({length: 4 + Math.floor(r() * 10)}, () => pick(r, [...words, ...punct, ...spaces, ...emoji, "123", "4567"])).join(pick(r, ["", " "])));
    }
    return base;
}

async function preTokenizerGolden(vocabFile) {
    const original = readFileSync(vocabFile);
    const strings = matrixStrings();
    const tmp = path.join(tmpdir(), "jollama-pre-" + process.pid);
    mkdirSync(tmp, {recursive: true});
    const names = {}, results = {};
    const variants = [...PRE_NAMES.map((p) => [p, withString(original, "tokenizer.ggml.pre", p)]),
        ["model:gemma4", withString(original, "tokenizer.ggml.model", "gemma4")]];
    for (const [name, bytes] of variants) {
        console.error("pre-tokenizer " + name);
        const file = path.join(tmp, "vocab.gguf");
        writeFileSync(file, bytes);
        const model = await llama.loadModel({modelPath: file, vocabOnly: true});
        const m = model._model;
        const answer = {
            bos: tokenOrNull(m.tokenBos()), eos: tokenOrNull(m.tokenEos()),
            addBos: m.shouldPrependBosToken(), addEos: m.shouldAppendEosToken(),
            cases: strings.map((s) => {
                if (name === "whitespace" && /( \s|\s )/.test(s)) return null; // llama.cpp aborts on a space in a multi-symbol word
                const ids = Array.from(m.tokenize(s, false));
                return {ids, detokenized: m.detokenize(Uint32Array.from(ids), true)};
            }),
        };
        await model.dispose();
        const hash = createHash("sha256").update(JSON.stringify(answer)).digest("hex");
        names[name] = hash;
        results[hash] ??= answer;
    }
    rmSync(tmp, {recursive: true, force: true});
    return {file: path.basename(vocabFile), strings, names, results};
}

// ---- main ----
mkdirSync(path.join(outDir, "golden"), {recursive: true});
const files = readdirSync(vocabDir).filter((f) => /^ggml-vocab-.*\.gguf$/.test(f)).map((f) => path.join(vocabDir, f));
const unigramDir = path.join(outDir, "unigram");
if (existsSync(unigramDir)) files.push(...readdirSync(unigramDir).filter((f) => f.endsWith(".gguf")).map((f) => path.join(unigramDir, f)));
const only = process.env.ONLY ?? "";
for (const file of only === "pre" ? [] : files) {
    const name = path.basename(file, ".gguf").replace(/^ggml-vocab-/, "");
    const golden = await vocabGolden(file);
    writeFileSync(path.join(outDir, "golden", name + ".json"), JSON.stringify(golden) + "\n");
    console.error(`${name}: ${golden.cases.length} strings, ${golden.decodes.length} id sequences`);
}
if (only === "vocab") process.exit(0);
const matrix = await preTokenizerGolden(path.join(vocabDir, "ggml-vocab-llama-bpe.gguf"));
writeFileSync(path.join(outDir, "golden", "pretokenizers.json"), JSON.stringify(matrix) + "\n");
console.error(`\npretokenizers: ${Object.keys(matrix.names).length} names, ${Object.keys(matrix.results).length} distinct answers`);
process.exit(0);
