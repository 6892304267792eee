package dev.jollama.cli.run;

import dev.jollama.api.ShowRequest;
import dev.jollama.api.ShowResponse;
import dev.jollama.api.client.OllamaClient;
import dev.jollama.api.modelfile.GoText;
import dev.jollama.cli.command.ShowInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** The REPL's /show commands: the model as the session sees it (its system message and parameters applied). */
final class ShowPrinter {
    private ShowPrinter() {}

    static void print(OllamaClient client, Session s, String what, PrintStream out, PrintStream err) throws IOException {
        ShowResponse r;
        try {
            r = client.show(new ShowRequest(s.model, s.system, null, false, s.options.isEmpty() ? null : s.options, null));
        } catch (IOException e) {
            out.println("error: couldn't get model");
            throw e;
        }
        switch (what) {
            case "info" -> err.print(ShowInfo.render(r, false));
            case "license" -> out.println(empty(r.license()) ? "No license was specified for this model." : r.license());
            case "modelfile" -> out.println(nz(r.modelfile()));
            case "parameters" -> {
                out.println("Model defined parameters:");
                if (empty(r.parameters())) {
                    out.println("  No additional parameters were specified for this model.");
                } else {
                    for (String l : r.parameters().split("\n", -1)) out.println("  " + l);
                }
                out.println();
                if (!s.options.isEmpty()) {
                    out.println("User defined parameters:");
                    for (Map.Entry<String, Object> e : s.options.entrySet()) {
                        out.printf("  %-30s %s%n", e.getKey(), goValue(e.getValue()));
                    }
                    out.println();
                }
            }
            case "system" -> {
                if (!empty(s.system)) out.println(s.system + "\n");
                else if (!empty(r.system())) out.println(r.system() + "\n");
                else out.println("No system message was specified for this model.");
            }
            case "template" -> out.println(empty(r.template()) ? "No prompt template was specified for this model." : r.template());
            default -> out.printf("Unknown command '/show %s'. Type /? for help%n", what);
        }
    }

    /** Go's %v: lists as [a b], floats in their shortest form. */
    private static String goValue(Object v) {
        if (v instanceof List<?> list) return "[" + String.join(" ", list.stream().map(ShowPrinter::goValue).toList()) + "]";
        return GoText.formatValue(v);
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
