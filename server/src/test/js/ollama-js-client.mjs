// Drives jollama with the `ollama` npm package as its users write it, and prints what came back as JSON.
// Usage: node ollama-js-client.mjs <host> <model>
import { Ollama } from 'ollama'

const [host, model] = process.argv.slice(2)
const ollama = new Ollama({ host })
const options = { temperature: 0, num_predict: 12 }
const out = {}

out.generate = await ollama.generate({ model, prompt: 'Once upon a time', raw: true, options })

let text = ''
let last
for await (const part of await ollama.generate({ model, prompt: 'Once upon a time', raw: true, stream: true, options })) {
  text += part.response
  last = part
}
out.generateStream = { text, done: last.done, done_reason: last.done_reason, eval_count: last.eval_count }

out.chat = await ollama.chat({ model, messages: [{ role: 'user', content: 'Once upon a time' }], options })

let content = ''
for await (const part of await ollama.chat({ model, messages: [{ role: 'user', content: 'Once upon a time' }], stream: true, options })) {
  content += part.message.content
  last = part
}
out.chatStream = { content, done: last.done, done_reason: last.done_reason }

out.list = await ollama.list()
out.ps = await ollama.ps()
out.show = await ollama.show({ model })

try {
  await ollama.chat({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] })
  out.missing = null
} catch (e) {
  out.missing = { name: e.name, error: e.error, status_code: e.status_code }
}

console.log(JSON.stringify(out))
