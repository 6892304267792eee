#!/usr/bin/env bash
# Single-thread kernel figures by CPU time (bench's KernelProbe), robust on a shared machine: matvec GB/s and
# matmul (128 tokens) GFLOP/s per type at Llama-3.2-1B shapes. Prints a markdown table. Run from the repo root after
# ./mvnw -q -o -pl engine,bench -DskipTests package
set -euo pipefail
. bin/jdk.sh
probe() { "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.jollama.bench.KernelProbe "$@" 2>/dev/null; }
field() { sed -E "s#.* ([0-9.]+) $1.*#\1#"; }
echo "| type | matvec 2048x2048 GB/s | matvec 8192x2048 GB/s | matvec 2048x8192 GB/s | matvec 128256x2048 GB/s | matmul n=128 2048x2048 GFLOP/s | matmul n=128 8192x2048 GFLOP/s |"
echo "|---|---|---|---|---|---|---|"
for t in ${TYPES:-F32 F16 BF16 Q8_0 Q4_0 Q4_1 Q5_0 Q5_1 Q2_K Q3_K Q4_K Q5_K Q6_K}; do
  row="| $t"
  for s in 2048x2048 8192x2048 2048x8192 128256x2048; do row="$row | $(probe "$t" "$s" 1 | field GB/s)"; done
  for s in 2048x2048 8192x2048; do row="$row | $(probe "$t" "$s" 128 | field GFLOP/s)"; done
  echo "$row |"
done
