package dev.jollama.cli.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A command in a detached tmux pane: a real terminal to type into and read the screen of. */
final class Tmux implements AutoCloseable {
    private static final Pattern EXITED = Pattern.compile("\\[exited (\\d+)]");
    private final String socket;
    private final String session = "t";

    /** Starts {@code shellCommand} in a {@code width}x{@code height} terminal; skips the test when tmux is missing. */
    Tmux(Path dir, int width, int height, String shellCommand, String... env) throws IOException, InterruptedException {
        assumeTrue(available(), "tmux is not installed: the interactive tests need it");
        socket = dir.resolve("tmux.sock").toString();
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket, "-f", "/dev/null", "new-session", "-d",
                "-s", session, "-x", Integer.toString(width), "-y", Integer.toString(height)));
        for (String e : env) cmd.addAll(List.of("-e", e));
        // bash, whatever the login shell: it outlives a Ctrl+C that the command handles (dash would die of it)
        cmd.addAll(List.of("bash", "-c", "cd '" + dir + "' && " + shellCommand + "; echo \"[exited $?]\"; sleep 600"));
        exec(cmd);
    }

    static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Types text (literally) without pressing Enter. */
    void type(String text) throws IOException, InterruptedException {
        exec(List.of("tmux", "-S", socket, "send-keys", "-t", session, "-l", text));
    }

    /** Presses keys by tmux name: "Enter", "C-c", "C-d", "Up". */
    void press(String... keys) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket, "send-keys", "-t", session));
        cmd.addAll(List.of(keys));
        exec(cmd);
    }

    /** Types a line and presses Enter. */
    void enter(String line) throws IOException, InterruptedException {
        type(line);
        press("Enter");
    }

    /** The visible screen, lines right-trimmed. */
    String screen() throws IOException, InterruptedException {
        return exec(List.of("tmux", "-S", socket, "capture-pane", "-p", "-t", session));
    }

    /** Waits (up to two minutes) until the screen satisfies the condition, and returns it. */
    String waitFor(Predicate<String> condition, String what) throws IOException, InterruptedException {
        String s = "";
        for (int i = 0; i < 1200; i++) {
            s = screen();
            if (condition.test(s)) return s;
            Thread.sleep(100);
        }
        throw new AssertionError("screen never showed " + what + ":\n" + s);
    }

    String waitFor(String text) throws IOException, InterruptedException {
        return waitFor(s -> s.contains(text), "\"" + text + "\"");
    }

    /** Waits (up to two minutes) until the command has ended, and returns its exit status. */
    int waitForExit() throws IOException, InterruptedException {
        String screen = waitFor(s -> EXITED.matcher(s).find(), "the command's end");
        Matcher m = EXITED.matcher(screen);
        m.find();
        return Integer.parseInt(m.group(1));
    }

    private String exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(cmd + ": " + out);
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("tmux", "-S", socket, "kill-server").start().waitFor();
    }
}
