package dev.jollama.server.compat.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Message;
import dev.jollama.api.ToolCall;
import dev.jollama.server.compat.InvalidParam;
import dev.jollama.server.compat.openai.OpenAiInputs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Responses API's {@code input} (and {@code instructions}) as native messages, as Ollama reads them: a string is
 * one user message; items are messages (input_text, input_image, output_text parts), function_call (an assistant
 * tool call, joined to the assistant message before it), function_call_output (a tool message, named after the
 * call it answers), reasoning (thinking of the next assistant message). An assistant message replayed between a
 * call and its output joins the call's message, so the output still follows its call. "developer" is the system
 * role.
 */
final class ResponsesInput {
    private ResponsesInput() {}

    static List<Message> toNative(String instructions, JsonNode input) {
        List<Message> out = new ArrayList<>();
        if (instructions != null && !instructions.isEmpty()) out.add(Message.of("system", instructions));
        if (input == null || input.isNull()) return out;
        if (input.isTextual()) {
            if (!input.textValue().isEmpty()) out.add(Message.of("user", input.textValue()));
            return out;
        }
        if (!input.isArray()) throw new InvalidParam("input", "input must be a string or array");
        String pendingThinking = null;
        List<JsonNode> items = new ArrayList<>();
        input.forEach(items::add);
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String type = item.path("type").asText("");
            if (type.isEmpty() && item.hasNonNull("role")) type = "message";
            switch (type) {
                case "reasoning" -> pendingThinking = reasoning(item);
                case "message" -> {
                    Message msg = message(item, i);
                    if (msg.role().equals("assistant") && pendingThinking != null) {
                        msg = withThinking(msg, pendingThinking);
                        pendingThinking = null;
                    }
                    String outputCallId = i + 1 < items.size() && items.get(i + 1).path("type").asText("").equals("function_call_output")
                            ? items.get(i + 1).path("call_id").asText("") : "";
                    if (msg.role().equals("assistant") && !outputCallId.isEmpty() && joinCallMessage(out, msg, outputCallId)) continue;
                    out.add(msg);
                }
                case "function_call" -> {
                    ToolCall call = new ToolCall(item.path("call_id").asText(""),
                            new ToolCall.Function(0, item.path("name").asText(""), OpenAiInputs.arguments(item.get("arguments"), "input")));
                    Message last = out.isEmpty() ? null : out.getLast();
                    if (last != null && last.role().equals("assistant")) {
                        List<ToolCall> calls = new ArrayList<>(last.toolCalls() == null ? List.of() : last.toolCalls());
                        calls.add(call);
                        out.set(out.size() - 1, new Message("assistant", last.content(), pendingThinking != null ? pendingThinking : last.thinking(),
                                last.images(), calls, null, null));
                    } else {
                        out.add(new Message("assistant", "", pendingThinking, null, List.of(call), null, null));
                    }
                    pendingThinking = null;
                }
                case "function_call_output" -> {
                    String callId = item.path("call_id").asText("");
                    Content c = output(item.get("output"), i);
                    out.add(new Message("tool", c.text(), null, c.images().isEmpty() ? null : c.images(), null, nameOfCall(out, callId),
                            callId.isEmpty() ? null : callId));
                }
                case "web_search_call" -> {
                    // history of a built-in search; the assistant message after it carries what the model saw
                }
                case "" -> throw new InvalidParam("input", "input[" + i + "]: input item missing required 'type' field");
                default -> throw new InvalidParam("input", "input[" + i + "]: unknown input item type: \"" + type + "\"");
            }
        }
        if (pendingThinking != null) out.add(new Message("assistant", "", pendingThinking, null, null, null, null));
        return out;
    }

    private static String reasoning(JsonNode item) {
        String encrypted = item.path("encrypted_content").asText("");
        if (!encrypted.isEmpty()) return encrypted;
        StringBuilder sb = new StringBuilder();
        for (JsonNode s : item.path("summary")) sb.append(s.path("text").asText(""));
        return sb.isEmpty() ? null : sb.toString();
    }

    private static Message message(JsonNode item, int i) {
        String role = item.path("role").asText("").toLowerCase(Locale.ROOT);
        if (role.equals("developer")) role = "system";
        JsonNode content = item.get("content");
        Content c;
        if (content == null || content.isNull()) {
            c = new Content("", List.of());
        } else if (content.isTextual()) {
            c = new Content(content.textValue(), List.of());
        } else if (content.isArray()) {
            c = parts(content, "input[" + i + "]");
        } else {
            throw new InvalidParam("input", "input[" + i + "]: content must be a string or array");
        }
        return new Message(role, c.text(), null, c.images().isEmpty() ? null : c.images(), null, null, null);
    }

    private record Content(String text, List<byte[]> images) {}

    private static Content output(JsonNode output, int i) {
        if (output == null || output.isNull()) return new Content("", List.of());
        if (output.isTextual()) return new Content(output.textValue(), List.of());
        if (!output.isArray()) throw new InvalidParam("input", "input[" + i + "]: output must be a string or array");
        return parts(output, "input[" + i + "]");
    }

    /** Content parts: texts concatenated, images decoded, files refused as Ollama refuses them. */
    private static Content parts(JsonNode parts, String where) {
        StringBuilder text = new StringBuilder();
        List<byte[]> images = new ArrayList<>();
        int k = 0;
        for (JsonNode p : parts) {
            String type = p.path("type").asText("");
            switch (type) {
                case "input_text", "output_text" -> text.append(p.path("text").asText(""));
                case "input_image" -> {
                    String url = p.path("image_url").asText("");
                    if (!url.isEmpty()) images.add(OpenAiInputs.image(url, "input"));
                }
                case "input_file" -> throw new InvalidParam("input", "file inputs are not currently supported");
                default -> throw new InvalidParam("input", where + ": content[" + k + "]: unknown content type: " + type);
            }
            k++;
        }
        return new Content(text.toString(), images);
    }

    /** Joins a replayed assistant message to the earlier assistant message that made the call {@code callId}. */
    private static boolean joinCallMessage(List<Message> out, Message msg, String callId) {
        if (out.isEmpty()) return false;
        Message last = out.getLast();
        if (!last.role().equals("assistant") || last.toolCalls() == null) return false;
        if (last.toolCalls().stream().noneMatch(c -> callId.equals(c.id()))) return false;
        String content = last.content().isEmpty() || msg.content().isEmpty() ? last.content() + msg.content() : last.content() + "\n" + msg.content();
        List<byte[]> images = new ArrayList<>(last.images() == null ? List.of() : last.images());
        if (msg.images() != null) images.addAll(msg.images());
        out.set(out.size() - 1, new Message("assistant", content, msg.thinking() != null ? msg.thinking() : last.thinking(),
                images.isEmpty() ? null : images, last.toolCalls(), null, null));
        return true;
    }

    private static Message withThinking(Message m, String thinking) {
        return new Message(m.role(), m.content(), thinking, m.images(), m.toolCalls(), m.toolName(), m.toolCallId());
    }

    private static String nameOfCall(List<Message> out, String callId) {
        for (int i = out.size() - 1; i >= 0; i--) {
            List<ToolCall> calls = out.get(i).toolCalls();
            if (calls == null) continue;
            for (ToolCall c : calls) {
                if (callId.equals(c.id())) return c.function().name();
            }
        }
        return null;
    }
}
