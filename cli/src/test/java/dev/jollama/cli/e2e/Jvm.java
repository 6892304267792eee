package dev.jollama.cli.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a separate JVM running {@code dev.jollama.cli.Main} on the test classpath. */
final class Jvm {
    private Jvm() {}

    static List<String> command(Path home, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // as the jollama script: only the server needs the Vector API (and its start-up warning)
        if (args.length > 0 && args[0].equals("serve")) cmd.add("--add-modules=jdk.incubator.vector");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xshare:auto");
        cmd.add("-Duser.home=" + home);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.jollama.cli.Main");
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The same as one shell line (for tmux). */
    static String shellLine(Path home, String... args) {
        StringBuilder sb = new StringBuilder();
        for (String part : command(home, args)) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append('\'').append(part.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }
}
