#!/usr/bin/env bash
# Time to first token through the server against the engine's prompt rate, and model load time (issue 8):
# serves MODEL.gguf from a fresh store, loads it, then sends REPS streamed /api/generate requests with a distinct
# raw prompt of exactly 32 tokens each (no prefix reuse but the BOS token the engine puts first) and times each from
# sending the request to the first response line that carries text; prompt_tokens is what the engine evaluated. The prediction is 32 tokens at the pp32 rate `jollama bench -p 32 -n 0` measures on the same
# file in the same run. Also prints the load time of the file (Engine.load, mapped) that `jollama bench` reports.
#
#   bench/ttft.sh bench/models/llama-3.2-1b-random-q4_k_m.gguf [REPS] [THREADS]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
model=$(readlink -f "$1") reps=${2:-5} threads=${3:-2}
cd "$root"
. bin/jdk.sh
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
export OLLAMA_MODELS="$work/models" OLLAMA_HOST="127.0.0.1:$port"
./jollama serve >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://$OLLAMA_HOST/api/version" >/dev/null && break; sleep 0.2; done
printf 'FROM %s\n' "$model" >"$work/Modelfile"
./jollama create ttft -f "$work/Modelfile" >/dev/null 2>&1

python3 - "$OLLAMA_HOST" "$reps" "$threads" <<'EOF'
import json, random, statistics, sys, time, urllib.request
host, reps, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def post(path, body):
    req = urllib.request.Request(f"http://{host}{path}", json.dumps(body).encode(), {"Content-Type": "application/json"})
    return urllib.request.urlopen(req)
def tokens_of(text):
    return len(json.load(post("/api/tokenize", {"model": "ttft", "content": text}))["tokens"])
def text_of(ids):
    return json.load(post("/api/detokenize", {"model": "ttft", "tokens": ids}))["content"]
def prompt_of(n, rng):
    # random ids from the middle of the vocabulary, detokenized, until the text tokenizes to exactly n tokens
    while True:
        text = text_of([rng.randrange(1000, 20000) for _ in range(n)])
        if tokens_of(text) == n:
            return text
opts = {"temperature": 0, "num_predict": 1, "num_thread": threads, "num_ctx": 512}
post("/api/generate", {"model": "ttft", "prompt": "", "options": opts}).read()   # load
rng = random.Random(7)
ttfts, counts = [], []
for r in range(reps + 1):
    p = prompt_of(32, rng)
    t0 = time.perf_counter()
    first = None
    with post("/api/generate", {"model": "ttft", "prompt": p, "raw": True, "options": opts}) as resp:
        for line in resp:
            o = json.loads(line)
            if first is None and (o.get("response") or o.get("done")):
                first = time.perf_counter() - t0
            if o.get("done"):
                count = o["prompt_eval_count"]
    if r > 0:   # the first one warms the JIT up
        ttfts.append(first); counts.append(count)
print(json.dumps({"ttft_ms_median": round(statistics.median(ttfts) * 1000, 1),
                  "ttft_ms": [round(t * 1000, 1) for t in ttfts], "prompt_tokens": counts}))
EOF
./jollama bench "$model" -p 32 -n 0 -r "$reps" -t "$threads" --json 2>&1 | grep -E '^\{|loaded'
