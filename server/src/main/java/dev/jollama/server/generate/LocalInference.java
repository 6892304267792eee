package dev.jollama.server.generate;

import dev.jollama.api.ChatRequest;
import dev.jollama.api.ChatResponse;
import dev.jollama.api.EmbedRequest;
import dev.jollama.api.EmbedResponse;
import dev.jollama.api.GenerateRequest;
import dev.jollama.api.GenerateResponse;
import dev.jollama.server.NativeInference;
import dev.jollama.server.embed.EmbedEndpoint;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The native generate, chat, embed and tokenize paths for the API dialects. */
public record LocalInference(GenerateEndpoint generate, ChatEndpoint chat, TokenizeEndpoints tokenizer, EmbedEndpoint embedder)
        implements NativeInference {

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
        return embedder.embed(request, () -> false);
    }

    @Override
    public int[] tokenize(String model, String text) {
        return tokenizer.tokenize(model, text);
    }
}
