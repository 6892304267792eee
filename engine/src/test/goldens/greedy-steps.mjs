// Shared by the golden scripts: llama.cpp's greedy steps after a prompt on a sequence of node-llama-cpp. Each step
// holds the `top` most likely next tokens (softmax of the raw logits, temperature 1) and the greedy token, which is
// fed back for the next step; steps stop early at an end-of-generation token.
export async function greedySteps(model, seq, ids, count, top) {
  const steps = [];
  let input = ids;
  for (let s = 0; s < count; s++) {
    const next = {logits: {filter: {tokens: [], includeTop: top}}, totalLogitWeight: true};
    const res = await seq.controlledEvaluate(input.map((t, i) => i === input.length - 1 ? [t, {generateNext: next}] : t));
    const out = res[input.length - 1].next;
    const logits = [...out.logits.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const max = logits[0][1];
    const token = logits[0][0];
    steps.push({token, top: logits.slice(0, top).map(([id, l]) => ({id, p: Math.exp(l - max) / out.totalLogitWeight}))});
    if (model.isEogToken(token)) break;
    input = [token];
  }
  return steps;
}
