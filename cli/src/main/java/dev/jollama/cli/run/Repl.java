package dev.jollama.cli.run;

import dev.jollama.api.Message;
import dev.jollama.api.ShowRequest;
import dev.jollama.api.ThinkValue;
import dev.jollama.api.client.OllamaClient;
import dev.jollama.cli.command.ListCommand;
import dev.jollama.cli.term.Terminals;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * The interactive chat of {@code jollama run}: {@code >>> } prompt with history, {@code """} multi-line input,
 * the slash commands of Ollama's REPL; Ctrl+C stops an answer (or clears the line), Ctrl+D or /bye leaves.
 */
public final class Repl {
    private static final String TRIPLE = "\"\"\"";

    private enum Multiline { NONE, PROMPT, SYSTEM }

    private final OllamaClient client;
    private final Answers answers;
    private Session s;
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final StringBuilder sb = new StringBuilder();
    private Multiline multiline = Multiline.NONE;
    private PromptReader reader;

    public Repl(OllamaClient client, Answers answers, Session session) {
        this.client = client;
        this.answers = answers;
        this.s = session;
    }

    /** The history file: {@code ~/.jollama/history}. */
    static Path historyFile() {
        return Path.of(System.getProperty("user.home"), ".jollama", "history");
    }

    public int run() throws IOException {
        reader = new PromptReader(Terminals.system());
        // Ctrl+C while a line is read is the reader's, during an answer it cancels it (Streamed); in between it
        // must not end the session (the terminal's default would kill the process).
        reader.getTerminal().handle(Terminal.Signal.INT, signal -> {});
        DefaultParser parser = new DefaultParser();
        parser.setQuoteChars(new char[0]);
        parser.setEscapeChars(new char[0]);
        reader.setParser(parser);
        reader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION);
        reader.unsetOpt(LineReader.Option.INSERT_TAB);
        reader.unsetOpt(LineReader.Option.HISTORY_TIMESTAMPED); // plain lines, as Ollama's history file
        Path history = historyFile();
        Files.createDirectories(history.getParent());
        reader.setVariable(LineReader.HISTORY_FILE, history);
        reader.setVariable(LineReader.HISTORY_SIZE, 100);
        reader.setVariable(LineReader.HISTORY_FILE_SIZE, 100);
        reader.getHistory().attach(reader);
        if (truthy(System.getenv("OLLAMA_NOHISTORY"))) reader.setVariable(LineReader.DISABLE_HISTORY, true);

        while (true) {
            boolean alt = multiline != Multiline.NONE;
            reader.placeholder = alt ? "Press Enter to send" : "Send a message (/? for help)";
            String line;
            try {
                line = reader.readLine(alt ? "... " : ">>> ");
            } catch (UserInterruptException e) {
                out.println("Use Ctrl + d or /bye to exit.");
                multiline = Multiline.NONE;
                sb.setLength(0);
                continue;
            } catch (EndOfFileException e) {
                out.println();
                return 0;
            }
            if (!handle(line)) return 0;
        }
    }

    /** One entered line; false when the session ends. */
    private boolean handle(String line) throws IOException {
        List<String> args = Arrays.asList(line.strip().split("\\s+"));
        if (multiline != Multiline.NONE) {
            boolean closed = line.endsWith(TRIPLE);
            sb.append(closed ? line.substring(0, line.length() - 3) : line);
            if (!closed) {
                sb.append('\n');
                return true;
            }
            if (multiline == Multiline.SYSTEM) {
                s.system = sb.toString();
                s.messages.add(Message.of("system", s.system));
                out.println("Set system message.");
                sb.setLength(0);
            }
            multiline = Multiline.NONE;
        } else if (line.startsWith(TRIPLE)) {
            String rest = line.substring(3);
            boolean closed = rest.endsWith(TRIPLE);
            sb.append(closed ? rest.substring(0, rest.length() - 3) : rest);
            if (!closed) {
                sb.append('\n');
                multiline = Multiline.PROMPT;
            }
        } else if (line.startsWith("/list")) {
            ListCommand.print(client, args.size() > 1 ? args.get(1) : null, out);
        } else if (line.startsWith("/load")) {
            load(args);
            return true;
        } else if (line.startsWith("/save")) {
            save(args);
            return true;
        } else if (line.startsWith("/clear")) {
            s.messages.clear();
            if (s.system != null && !s.system.isEmpty()) s.messages.add(Message.of("system", s.system));
            out.println("Cleared session context");
            return true;
        } else if (line.startsWith("/set")) {
            if (set(args, line)) return true;
        } else if (line.startsWith("/show")) {
            show(args);
        } else if (line.startsWith("/help") || line.startsWith("/?")) {
            help(args);
        } else if (line.startsWith("/exit") || line.startsWith("/bye")) {
            return false;
        } else if (line.startsWith("/")) {
            out.printf("Unknown command '%s'. Type /? for help%n", args.getFirst());
            return true;
        } else {
            sb.append(line);
        }

        if (!sb.isEmpty() && multiline == Multiline.NONE) {
            s.messages.add(Message.of("user", sb.toString()));
            sb.setLength(0);
            try {
                Message answer = answers.chat(s);
                if (answer != null) s.messages.add(answer);
            } catch (IOException e) {
                String text = String.valueOf(e.getMessage());
                if (!text.contains("does not support thinking") && !text.contains("invalid think value")) throw e;
                out.println("error: " + text);
            }
        }
        return true;
    }

    /** The /set commands; true when the line is fully handled. */
    private boolean set(List<String> args, String line) throws IOException {
        if (args.size() < 2) {
            Help.set(err);
            return false;
        }
        switch (args.get(1)) {
            case "history" -> reader.setVariable(LineReader.DISABLE_HISTORY, false);
            case "nohistory" -> reader.setVariable(LineReader.DISABLE_HISTORY, true);
            case "wordwrap" -> {
                s.wordWrap = true;
                out.println("Set 'wordwrap' mode.");
            }
            case "nowordwrap" -> {
                s.wordWrap = false;
                out.println("Set 'nowordwrap' mode.");
            }
            case "verbose" -> {
                s.verbose = true;
                out.println("Set 'verbose' mode.");
            }
            case "quiet" -> {
                s.verbose = false;
                out.println("Set 'quiet' mode.");
            }
            case "think" -> {
                String level = args.size() > 2 ? args.get(2) : "";
                try {
                    s.think = level.isEmpty() ? ThinkValue.TRUE : ThinkValue.level(level);
                } catch (IllegalArgumentException e) {
                    out.println("error: " + e.getMessage());
                    return true;
                }
                s.thinkExplicit = true;
                warnIfNoThinking();
                out.println(level.isEmpty() ? "Set 'think' mode." : "Set 'think' mode to '" + level + "'.");
            }
            case "nothink" -> {
                s.think = ThinkValue.FALSE;
                s.thinkExplicit = true;
                warnIfNoThinking();
                out.println("Set 'nothink' mode.");
            }
            case "format" -> {
                if (args.size() < 3 || !args.get(2).equals("json")) {
                    out.println("Invalid or missing format. For 'json' mode use '/set format json'");
                } else {
                    s.format = com.fasterxml.jackson.databind.node.TextNode.valueOf("json");
                    out.println("Set format to 'json' mode.");
                }
            }
            case "noformat" -> {
                s.format = null;
                out.println("Disabled format.");
            }
            case "parameter" -> {
                if (args.size() < 4) {
                    Help.parameters(err);
                    return true;
                }
                List<String> values = args.subList(3, args.size());
                try {
                    Object typed = dev.jollama.api.modelfile.Parameters.typed(args.get(2), values);
                    out.printf("Set parameter '%s' to '%s'%n", args.get(2), String.join(", ", values));
                    s.options.put(args.get(2), typed);
                } catch (dev.jollama.api.modelfile.ModelfileException e) {
                    out.println("Couldn't set parameter: " + goQuote(e.getMessage()));
                }
            }
            case "system" -> {
                if (args.size() < 3) {
                    Help.set(err);
                    return true;
                }
                setSystem(line);
            }
            default -> out.printf("Unknown command '/set %s'. Type /? for help%n", args.get(1));
        }
        return true;
    }

    private void setSystem(String line) {
        String text = line.strip().substring("/set".length()).strip().substring("system".length()).strip();
        text = String.join(" ", text.split("\\s+"));
        multiline = Multiline.SYSTEM;
        if (text.startsWith(TRIPLE)) {
            text = text.substring(3);
            if (text.endsWith(TRIPLE)) {
                text = text.substring(0, text.length() - 3);
                multiline = Multiline.NONE;
            }
        } else {
            multiline = Multiline.NONE;
        }
        sb.append(text);
        if (multiline != Multiline.NONE) {
            sb.append('\n');
            return;
        }
        s.system = sb.toString();
        Message m = Message.of("system", s.system);
        if (!s.messages.isEmpty() && s.messages.getLast().role().equals("system")) s.messages.set(s.messages.size() - 1, m);
        else s.messages.add(m);
        out.println("Set system message.");
        sb.setLength(0);
    }

    private void show(List<String> args) throws IOException {
        if (args.size() < 2) {
            Help.show(err);
            return;
        }
        ShowPrinter.print(client, s, args.get(1), out, err);
    }

    private void help(List<String> args) {
        if (args.size() < 2) {
            Help.usage(err);
            return;
        }
        switch (args.get(1)) {
            case "set", "/set" -> Help.set(err);
            case "show", "/show" -> Help.show(err);
            case "shortcut", "shortcuts" -> Help.shortcuts(err);
            default -> {}
        }
    }

    private void load(List<String> args) throws IOException {
        if (args.size() != 2) {
            out.println("Usage:\n  /load <modelname>");
            return;
        }
        Session original = s.copy();
        s.model = args.get(1);
        s.messages.clear();
        s.loadedMessages.clear();
        out.printf("Loading model '%s'%n", s.model);
        try {
            var info = client.show(ShowRequest.of(s.model, false));
            s.parentModel = info.details() == null ? null : info.details().parentModel();
            if (info.messages() != null) s.loadedMessages.addAll(info.messages());
            if (!s.thinkExplicit) {
                s.think = info.capabilities() != null && info.capabilities().contains("thinking") ? ThinkValue.TRUE : null;
            }
            answers.load(s);
        } catch (IOException e) {
            String text = String.valueOf(e.getMessage());
            if (text.contains("not found")) {
                out.printf("Couldn't find model '%s'%n", s.model);
                s = original;
                return;
            }
            if (text.contains("does not support thinking")) {
                out.println("error: " + text);
                return;
            }
            throw e;
        }
    }

    private void save(List<String> args) throws IOException {
        if (args.size() != 2) {
            out.println("Usage:\n  /save <modelname>");
            return;
        }
        try {
            client.create(SessionModel.createRequest(args.get(1), s), r -> {});
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("invalid model name")) {
                out.printf("error: The model name '%s' is invalid%n", args.get(1));
                return;
            }
            throw e;
        }
        out.printf("Created new model '%s'%n", args.get(1));
    }

    private void warnIfNoThinking() {
        try {
            var info = client.show(ShowRequest.of(s.model, false));
            if (info.capabilities() != null && info.capabilities().contains("thinking")) return;
            err.println("warning: model " + goQuote(s.model) + " does not support thinking output");
        } catch (IOException ignored) {
            // Ollama says nothing when it cannot tell
        }
    }

    /** Go's %q: double-quoted with backslash escapes. */
    static String goQuote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static boolean truthy(String v) {
        if (v == null) return false;
        String t = v.strip().replaceAll("^[\"']+|[\"']+$", "");
        return !t.isEmpty() && !List.of("0", "f", "false").contains(t.toLowerCase(Locale.ROOT));
    }
}
