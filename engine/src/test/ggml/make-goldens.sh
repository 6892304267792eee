#!/usr/bin/env bash
# Regenerates engine/src/test/resources/ggml/: what llama.cpp's own ggml computes for our kernel tests.
# Needs llama.cpp built by ../shared/peer/build-llama-cpp.sh (source and libraries under ~/.cache/llama-cpp-peer)
# and the engine compiled (./mvnw -q -o -pl engine compile). Run from the repository root:
#   engine/src/test/ggml/make-goldens.sh
set -euo pipefail
root=$(pwd)
peer=${LLAMA_CPP_PEER:-$HOME/.cache/llama-cpp-peer}
out=$root/engine/src/test/resources/ggml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$root/bin/jdk.sh"
gcc -O2 -o "$work/ggml-reference" "$root/engine/src/test/ggml/ggml-reference.c" \
  -I"$peer/src/ggml/include" -L"$peer/build/bin" -lggml-base -lggml-cpu -lggml -Wl,-rpath,"$peer/build/bin"
rm -rf "$out" && mkdir -p "$out"
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$root/engine/target/classes" \
  "$root/engine/src/test/ggml/GoldenInputs.java" "$out"
id() { case $1 in F32) echo 0;; F16) echo 1;; Q4_0) echo 2;; Q4_1) echo 3;; Q5_0) echo 6;; Q5_1) echo 7;; Q8_0) echo 8;;
  Q2_K) echo 10;; Q3_K) echo 11;; Q4_K) echo 12;; Q5_K) echo 13;; Q6_K) echo 14;; BF16) echo 30;; esac; }
for f in "$out"/blocks-*.bin; do
  t=$(basename "$f" .bin); t=${t#blocks-}
  "$work/ggml-reference" dequant "$(id "$t")" "$f" "$out/blocks-$t.f32"
done
for data in uniform gaussian cosine; do
  for t in Q8_0 Q4_0 Q5_0 Q5_1 Q4_K Q5_K Q6_K; do
    "$work/ggml-reference" quantize "$(id "$t")" "$out/data-$data.f32" "$out/quant-$t-$data.bin"
  done
  # one weight type per input rounding: F16 -> fp16, BF16 -> bf16, Q4_0 -> Q8_0, Q4_K -> Q8_K
  for t in F16 BF16 Q4_0 Q4_K; do
    "$work/ggml-reference" round "$(id "$t")" "$out/data-$data.f32" "$out/round-$t-$data.f32"
  done
done
echo "wrote $(ls "$out" | wc -l) files to $out"
