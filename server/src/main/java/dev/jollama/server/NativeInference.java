package dev.jollama.server;

import dev.jollama.api.ChatRequest;
import dev.jollama.api.ChatResponse;
import dev.jollama.api.EmbedRequest;
import dev.jollama.api.EmbedResponse;
import dev.jollama.api.GenerateRequest;
import dev.jollama.api.GenerateResponse;
import dev.jollama.server.http.ApiException;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The seam between the API dialects (OpenAI, Anthropic) and the native generate/chat/embed paths: what
 * POST /api/chat, /api/generate and /api/embed do, as Java calls without HTTP, so a dialect translates a request
 * into a native record and the native chunks back, as Ollama's middleware does over its handlers.
 *
 * <p>Errors found before the first chunk (bad request, unknown model, missing capability, busy queue) are thrown as
 * {@link ApiException} with Ollama's status and text. Then the chunks a {@code "stream": true} answer would carry are
 * handed to {@code chunks} in order, on the calling thread: content/thinking pieces, tool calls, the final chunk with
 * {@code done}, {@code done_reason} and metrics; a load-only, unload or {@code _debug_render_only} request hands its
 * single object. {@code request.stream()} is ignored. An exception thrown by {@code chunks} (the client went away)
 * stops the generation and comes back out of the call; {@code clientGone} lets the implementation notice a closed
 * connection between chunks.
 */
public interface NativeInference {

    void chat(ChatRequest request, BooleanSupplier clientGone, Consumer<ChatResponse> chunks);

    void generate(GenerateRequest request, BooleanSupplier clientGone, Consumer<GenerateResponse> chunks);

    /** POST /api/embed: L2-normalised vectors, {@code dimensions} applied. */
    EmbedResponse embed(EmbedRequest request);

    /** The model's token ids of {@code text}: no BOS added, special tokens written in the text parsed. */
    int[] tokenize(String model, String text);

    /** Until the native paths are served: every call is a 501 naming what is missing. */
    NativeInference UNAVAILABLE = new NativeInference() {
        @Override
        public void chat(ChatRequest request, BooleanSupplier clientGone, Consumer<ChatResponse> chunks) {
            throw missing("chat");
        }

        @Override
        public void generate(GenerateRequest request, BooleanSupplier clientGone, Consumer<GenerateResponse> chunks) {
            throw missing("generate");
        }

        @Override
        public EmbedResponse embed(EmbedRequest request) {
            throw missing("embed");
        }

        @Override
        public int[] tokenize(String model, String text) {
            throw missing("tokenize");
        }

        private static ApiException missing(String what) {
            return new ApiException(501, "the native " + what + " path is not served by this build of jollama yet");
        }
    };
}
