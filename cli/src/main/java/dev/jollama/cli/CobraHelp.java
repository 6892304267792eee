package dev.jollama.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Help in the layout Ollama's CLI (cobra) prints: description, Usage, Aliases, Available Commands, Flags sorted by
 * name with their value type, and the environment variables the command reads.
 */
final class CobraHelp implements CommandLine.IHelpSectionRenderer {
    private static final int MIN_NAME_PADDING = 11;

    /** Environment variables listed under each command's help, as Ollama lists them. */
    private final Map<String, List<String[]>> environment;

    CobraHelp(Map<String, List<String[]>> environment) {
        this.environment = environment;
    }

    static void install(CommandLine cl, Map<String, List<String[]>> environment) {
        CobraHelp renderer = new CobraHelp(environment);
        String key = "cobra";
        cl.getHelpSectionMap().put(key, renderer);
        cl.setHelpSectionKeys(List.of(key));
        for (CommandLine sub : cl.getSubcommands().values()) install(sub, environment);
    }

    @Override
    public String render(CommandLine.Help help) {
        CommandSpec spec = help.commandSpec();
        StringBuilder out = new StringBuilder();
        String[] description = spec.usageMessage().description();
        if (description.length > 0) out.append(String.join("\n", description)).append("\n\n");
        out.append("Usage:\n  ").append(useLine(spec));
        boolean hasCommands = !visibleSubcommands(spec).isEmpty();
        if (hasCommands) out.append("\n  ").append(spec.qualifiedName()).append(" [command]");
        if (spec.aliases().length > 0) {
            out.append("\n\nAliases:\n  ").append(spec.name());
            for (String a : spec.aliases()) out.append(", ").append(a);
        }
        if (hasCommands) {
            out.append("\n\nAvailable Commands:");
            List<CommandSpec> subs = visibleSubcommands(spec);
            int pad = Math.max(MIN_NAME_PADDING, subs.stream().mapToInt(s -> s.name().length()).max().orElse(0));
            for (CommandSpec sub : subs) {
                String summary = sub.usageMessage().description().length > 0 ? sub.usageMessage().description()[0] : "";
                out.append("\n  ").append(String.format("%-" + pad + "s", sub.name())).append(' ').append(summary);
            }
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden())
                .sorted(Comparator.comparing(CobraHelp::longName)).toList();
        if (!options.isEmpty()) out.append("\n\nFlags:\n").append(flags(options, spec.name()));
        if (hasCommands) {
            out.append("\n\nUse \"").append(spec.qualifiedName()).append(" [command] --help\" for more information about a command.");
        }
        out.append('\n');
        List<String[]> env = environment.get(spec.name());
        if (env != null && spec.parent() != null) {
            out.append("\nEnvironment Variables:\n");
            for (String[] e : env) out.append(String.format("      %-27s   %s%n", e[0], e[1]));
        }
        return out.toString();
    }

    private static String useLine(CommandSpec spec) {
        String[] synopsis = spec.usageMessage().customSynopsis();
        String use = synopsis.length > 0 ? synopsis[0] : spec.qualifiedName();
        if (!spec.options().isEmpty() && !use.contains("[flags]")) use += " [flags]";
        return use;
    }

    private static List<CommandSpec> visibleSubcommands(CommandSpec spec) {
        List<CommandSpec> out = new ArrayList<>();
        for (CommandLine sub : new java.util.LinkedHashSet<>(spec.subcommands().values())) {
            if (!sub.getCommandSpec().usageMessage().hidden()) out.add(sub.getCommandSpec());
        }
        return out;
    }

    /** pflag's FlagUsages: "  -x, --name type   usage", the usage column aligned after the longest flag. */
    private static String flags(List<OptionSpec> options, String command) {
        List<String[]> lines = new ArrayList<>();
        int max = 0;
        for (OptionSpec o : options) {
            String shortName = o.shortestName().startsWith("--") ? null : o.shortestName();
            String line = shortName != null ? "  " + shortName + ", " + longName(o) : "      " + longName(o);
            String type = typeName(o);
            if (!type.isEmpty()) line += " " + type;
            if (!type.isEmpty() && o.fallbackValue() != null && !o.fallbackValue().isEmpty()) {
                line += "[=\"" + o.fallbackValue() + "\"]";
            }
            max = Math.max(max, line.length());
            String usage = o.usageHelp() ? "help for " + command : String.join(" ", o.description());
            lines.add(new String[] {line, usage});
        }
        StringBuilder sb = new StringBuilder();
        for (String[] l : lines) {
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(l[0]).append(" ".repeat(max - l[0].length() + 3)).append(l[1]);
        }
        return sb.toString();
    }

    private static String longName(OptionSpec o) {
        return o.longestName();
    }

    private static String typeName(OptionSpec o) {
        Class<?> t = o.type();
        if (t == boolean.class || t == Boolean.class) return "";
        if (t == int.class || t == Integer.class) return "int";
        return "string";
    }
}
