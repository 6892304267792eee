package dev.jollama.server.generate;

import dev.jollama.api.ChatRequest;
import dev.jollama.api.ChatResponse;
import dev.jollama.api.EmbedRequest;
import dev.jollama.api.EmbedResponse;
import dev.jollama.api.GenerateRequest;
import dev.jollama.api.GenerateResponse;
import dev.jollama.server.NativeInference;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The native generate, chat and tokenize paths for the API dialects (embed is not served here yet). */
public record LocalInference(GenerateEndpoint generate, ChatEndpoint chat, TokenizeEndpoints tokenizer) implements NativeInference {

    @Override
    public void chat(ChatRequest request, BooleanSupplier clientGone, Consumer<ChatResponse> chunks) {
        chat.chat(request, clientGone, Replies.to(chunks));
    }

    @Override
    public void generate(GenerateRequest request, BooleanSupplier clientGone, Consumer<GenerateResponse> chunks) {
        generate.generate(request, clientGone, Replies.to(chunks));
    }

    @Override
    public EmbedResponse embed(EmbedRequest request) {
        return NativeInference.UNAVAILABLE.embed(request);
    }

    @Override
    public int[] tokenize(String model, String text) {
        return tokenizer.tokenize(model, text);
    }
}
