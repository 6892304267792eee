package dev.jollama.cli.run;

import dev.jollama.api.ChatRequest;
import dev.jollama.api.ChatResponse;
import dev.jollama.api.GenerateRequest;
import dev.jollama.api.GenerateResponse;
import dev.jollama.api.Message;
import dev.jollama.api.ShowRequest;
import dev.jollama.api.client.OllamaClient;
import dev.jollama.cli.term.Progress;
import dev.jollama.cli.term.Spinner;
import dev.jollama.cli.term.Terminals;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** The requests of {@code run}: a one-shot generate, a chat turn, loading the model. */
public final class Answers {
    private final OllamaClient client;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean rich;

    /** @param rich whether stdout is a terminal (colours, word wrap) */
    public Answers(OllamaClient client, PrintStream out, PrintStream err, boolean rich) {
        this.client = client;
        this.out = out;
        this.err = err;
        this.rich = rich;
    }

    /** One prompt through /api/generate, printed as it streams. */
    public void generate(Session s, String prompt) throws IOException {
        GenerateRequest request = new GenerateRequest(s.model, prompt, null, s.system, null, null, null, false,
                s.format, s.keepAlive, null, s.options.isEmpty() ? null : s.options, s.think, null, null, false,
                false, 0);
        AnswerPrinter printer = printer(s);
        GenerateResponse last = Streamed.run(() -> client.generate(request),
                r -> printer.shows(r.thinking(), r.response()),
                r -> printer.accept(r.thinking(), r.response(), r.toolCalls()));
        if (last == null) return;
        if (!prompt.isEmpty()) out.print("\n\n");
        out.flush();
        if (last.done() && s.verbose) Stats.print(last.metrics(), err);
    }

    /**
     * One chat turn with the session's messages.
     *
     * @return the assistant's message, or null when Ctrl+C cancelled it
     */
    public Message chat(Session s) throws IOException {
        ChatRequest request = new ChatRequest(s.model, s.messages, null, s.format, s.keepAlive, null,
                s.options.isEmpty() ? null : s.options, s.think, null, null, false, false, 0);
        AnswerPrinter printer = printer(s);
        String[] role = {"assistant"};
        ChatResponse last = Streamed.run(() -> client.chat(request),
                r -> printer.shows(r.message() == null ? null : r.message().thinking(), r.message() == null ? null : r.message().content()),
                r -> {
                    if (r.message() == null) return;
                    role[0] = r.message().role().isEmpty() ? role[0] : r.message().role();
                    printer.accept(r.message().thinking(), r.message().content(), r.message().toolCalls());
                });
        if (last == null) {
            out.println();
            return null;
        }
        if (!s.messages.isEmpty()) out.print("\n\n");
        out.flush();
        if (s.verbose) Stats.print(last.metrics(), err);
        return new Message(role[0], printer.content(), printer.thinking().isEmpty() ? null : printer.thinking(),
                null, null, null, null);
    }

    /** Loads the model (an empty generate) behind a spinner, so the first answer does not wait for it. */
    public void load(Session s) throws IOException {
        Progress progress = Progress.onStderr();
        progress.add(new Spinner(""));
        try {
            client.show(ShowRequest.of(s.model, false));
            GenerateRequest request = new GenerateRequest(s.model, null, null, null, null, null, null, false, null,
                    s.keepAlive, null, null, s.think, null, null, false, false, 0);
            client.generate(request, r -> {});
        } finally {
            progress.stopAndClear();
        }
    }

    /** Replays the model's MESSAGE history at the start of a chat, as Ollama does. */
    public void replay(List<Message> history, Session s) {
        for (Message m : history) {
            if (m.role().equals("user")) {
                out.println(">>> " + m.content());
            } else if (m.role().equals("assistant")) {
                AnswerPrinter p = printer(s);
                p.accept(null, m.content(), null);
                out.print("\n\n");
            }
        }
        out.flush();
    }

    private AnswerPrinter printer(Session s) {
        return new AnswerPrinter(out, s.wordWrap && rich, rich, s.hideThinking, rich ? Terminals::width : () -> 80);
    }
}
