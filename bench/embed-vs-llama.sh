#!/usr/bin/env bash
# Embedding throughput of jollama's engine next to llama.cpp's llama-embedding on the same GGUF, same threads, same
# batch size (Ollama's num_batch for embedding models, 2048), for the workloads of bench/src/main/resources/embed:
# 64 short sentences, and 8 inputs of 512 tokens. Each side embeds every workload as one batch, RUNS times; the
# medians are printed (llama-embedding: from its first batch_decode to the end of the run, model load excluded).
# Usage (from the repository root, after ./mvnw -q -o -pl bench -am -DskipTests package):
#   bench/embed-vs-llama.sh [MODEL.gguf] [RUNS] [THREADS]
# Needs llama-embedding: cmake --build ~/.cache/llama-cpp-peer/build --target llama-embedding
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
model=${1:-../shared/models/all-minilm-l6-v2-f16.gguf}
runs=${2:-7}
threads=${3:-$(nproc)}
llama=${LLAMA_EMBEDDING:-$HOME/.cache/llama-cpp-peer/build/bin/llama-embedding}
res=bench/src/main/resources/embed

[ -n "${SKIP_JOLLAMA:-}" ] || { echo "== jollama (EmbedBench, num_batch 2048, $threads threads)"
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.jollama.bench.EmbedBench "$model" "$runs" "$threads" 2048 2>/dev/null; }

echo "== llama.cpp llama-embedding (-b 2048 -ub 2048, $threads threads)"
for w in short-64 long-8; do
  n=$(grep -c . "$res/$w.txt")
  for ((i = 0; i < runs; i++)); do
    # all-minilm's GGUF says add_eos_token without an EOS id, which llama-embedding's own code trips over; BERT
    # vocabularies end inputs with [SEP] anyway
    "$llama" -m "$model" -f "$res/$w.txt" -t "$threads" -c 4096 -b 2048 -ub 2048 --embd-output-format array -lv 4 \
      --override-kv tokenizer.ggml.add_eos_token=bool:false 2>&1 >/dev/null \
      | awk '/batch_decode/ && !s { split($1, a, "."); s = a[1] * 60 + a[2] + a[3] / 1000 + a[4] / 1e6 } /llama_perf_context_print: +load time/ { split($1, a, "."); print a[1] * 60 + a[2] + a[3] / 1000 + a[4] / 1e6 - s }'
  done | sort -n | awk -v n="$n" -v w="$w" '{ t[NR] = $1 } END { m = t[int((NR + 1) / 2)]; printf "%s: %d inputs: median %.1f ms = %.1f inputs/s (min %.1f ms, max %.1f ms)\n", w, n, m * 1000, n / m, t[1] * 1000, t[NR] * 1000 }'
done
