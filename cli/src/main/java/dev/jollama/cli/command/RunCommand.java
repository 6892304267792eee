package dev.jollama.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.jollama.api.EmbedRequest;
import dev.jollama.api.EmbedResponse;
import dev.jollama.api.Json;
import dev.jollama.api.KeepAlive;
import dev.jollama.api.ShowRequest;
import dev.jollama.api.ShowResponse;
import dev.jollama.api.ThinkValue;
import dev.jollama.api.client.OllamaException;
import dev.jollama.api.modelfile.GoText;
import dev.jollama.cli.run.Answers;
import dev.jollama.cli.run.Repl;
import dev.jollama.cli.run.Session;
import dev.jollama.cli.term.Tty;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jollama run MODEL [PROMPT]}: a one-shot answer when a prompt is given or stdin is not a terminal, else an
 * interactive chat. Pulls the model first when it is not there.
 */
@Command(name = "run", description = "Run a model", customSynopsis = "jollama run MODEL [PROMPT]")
public final class RunCommand extends ClientCommand {
    @Option(names = "--keepalive", description = "Duration to keep a model loaded (e.g. 5m)")
    String keepAlive;

    @Option(names = "--verbose", description = "Show timings for response")
    boolean verbose;

    @Option(names = "--insecure", description = "Use an insecure registry")
    boolean insecure;

    @Option(names = "--nowordwrap", description = "Don't wrap words to the next line automatically")
    boolean noWordWrap;

    @Option(names = "--format", description = "Response format (e.g. json)")
    String format;

    @Option(names = "--think", fallbackValue = "true",
            description = "Enable thinking mode: true/false or high/medium/low for supported models")
    String think;

    @Option(names = "--hidethinking", description = "Hide thinking output (if provided)")
    boolean hideThinking;

    @Option(names = "--truncate", arity = "0..1", fallbackValue = "true",
            description = "For embedding models: truncate inputs exceeding context length (default: true). Set --truncate=false to error instead")
    Boolean truncate;

    @Option(names = "--dimensions", description = "Truncate output embeddings to specified dimension (embedding models only)")
    int dimensions;

    /** pflag's NoOptDefVal: a bare {@code --think} means {@code --think=true}, never taking the next argument. */
    public static String[] normalizeThinkFlag(String[] args) {
        String[] out = args.clone();
        for (int i = 0; i < out.length && !out[i].equals("--"); i++) {
            if (out[i].equals("--think")) out[i] = "--think=true";
        }
        return out;
    }

    @Override
    protected int minArgs() {
        return 1;
    }

    @Override
    protected int run() throws Exception {
        Session s = new Session();
        s.model = args.getFirst();
        s.format = format(format);
        s.hideThinking = hideThinking;
        s.verbose = verbose;
        if (think != null) {
            s.think = switch (think) {
                case "", "true" -> ThinkValue.TRUE;
                case "false" -> ThinkValue.FALSE;
                case "high", "medium", "low", "max" -> ThinkValue.level(think);
                default -> throw new IllegalArgumentException("invalid value for --think: \"" + think
                        + "\" (must be true, false, high, medium, low, or max)");
            };
            s.thinkExplicit = true;
        }
        if (keepAlive != null && !keepAlive.isEmpty()) s.keepAlive = KeepAlive.parse(keepAlive);

        boolean interactive = true;
        List<String> prompts = new ArrayList<>(args.subList(1, args.size()));
        if (!Tty.isTerminal(Tty.STDIN)) {
            String stdin = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            if (!stdin.isEmpty()) prompts.addFirst(stdin);
            interactive = false;
        }
        String prompt = String.join(" ", prompts);
        if (!prompts.isEmpty()) interactive = false;
        boolean rich = Tty.isTerminal(Tty.STDOUT);
        if (!rich) interactive = false;
        s.wordWrap = !noWordWrap;

        ShowResponse info = showOrPull(s.model);
        List<String> caps = info.capabilities() == null ? List.of() : info.capabilities();
        if (!s.thinkExplicit && caps.contains("thinking")) s.think = ThinkValue.TRUE;
        if (info.details() != null) s.parentModel = info.details().parentModel();
        if (info.messages() != null) s.loadedMessages = new ArrayList<>(info.messages());

        if (caps.contains("embedding")) {
            if (prompt.isEmpty()) {
                throw new IllegalArgumentException("embedding models require input text. Usage: jollama run "
                        + s.model + " \"your text here\"");
            }
            embed(s, prompt);
            return 0;
        }
        if (caps.contains("image")) throw new IllegalStateException("image generation models are not currently supported");

        Answers answers = new Answers(client, out, err, rich);
        if (interactive) {
            answers.load(s);
            answers.replay(s.loadedMessages, s);
            return new Repl(client, answers, s).run();
        }
        answers.generate(s, prompt);
        return 0;
    }

    private ShowResponse showOrPull(String model) throws IOException {
        try {
            return client.show(ShowRequest.of(model, false));
        } catch (OllamaException e) {
            if (e.statusCode() != 404) throw e;
        }
        PullCommand.pull(client, model, insecure);
        return client.show(ShowRequest.of(model, false));
    }

    private void embed(Session s, String prompt) throws IOException {
        EmbedRequest request = new EmbedRequest(s.model, TextNode.valueOf(prompt), s.keepAlive, truncate, dimensions, null);
        EmbedResponse r = client.embed(request);
        if (r.embeddings() == null || r.embeddings().length == 0) throw new IllegalStateException("no embeddings returned");
        StringBuilder sb = new StringBuilder("[");
        float[] v = r.embeddings()[0];
        for (int i = 0; i < v.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(GoText.jsonFloat32(v[i]));
        }
        out.println(sb.append(']'));
    }

    /** {@code --format json}, or a JSON Schema given inline. */
    static JsonNode format(String format) {
        if (format == null || format.isEmpty()) return null;
        if (format.equals("json")) return TextNode.valueOf("json");
        try {
            return Json.mapper().readTree(format);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid format: \"" + format + "\"; expected \"json\" or a valid JSON Schema object");
        }
    }
}
