package dev.jollama.cli.command;

import dev.jollama.api.ShowRequest;
import dev.jollama.api.ShowResponse;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jollama show MODEL}: the model's tables, or one of its license, Modelfile, parameters, template, system. */
@Command(name = "show", description = "Show information for a model", customSynopsis = "jollama show MODEL")
public final class ShowCommand extends ClientCommand {
    @Option(names = "--license", description = "Show license of a model")
    boolean license;

    @Option(names = "--modelfile", description = "Show Modelfile of a model")
    boolean modelfile;

    @Option(names = "--parameters", description = "Show parameters of a model")
    boolean parameters;

    @Option(names = "--template", description = "Show template of a model")
    boolean template;

    @Option(names = "--system", description = "Show system message of a model")
    boolean system;

    @Option(names = {"-v", "--verbose"}, description = "Show detailed model information")
    boolean verbose;

    @Override
    protected int exactArgs() {
        return 1;
    }

    @Override
    protected int run() throws Exception {
        List<String> chosen = new ArrayList<>();
        if (license) chosen.add("license");
        if (modelfile) chosen.add("modelfile");
        if (parameters) chosen.add("parameters");
        if (system) chosen.add("system");
        if (template) chosen.add("template");
        if (chosen.size() > 1) {
            throw new IllegalArgumentException("only one of '--license', '--modelfile', '--parameters', '--system', or '--template' can be specified");
        }
        ShowResponse r = client.show(ShowRequest.of(args.getFirst(), verbose));
        if (r.capabilities() != null && r.capabilities().contains("image")) {
            throw new IllegalStateException("image generation models are not currently supported");
        }
        if (chosen.isEmpty()) {
            out.print(ShowInfo.render(r, verbose));
            return 0;
        }
        switch (chosen.getFirst()) {
            case "license" -> out.println(nz(r.license()));
            case "modelfile" -> out.println(nz(r.modelfile()));
            case "parameters" -> out.println(nz(r.parameters()));
            case "system" -> out.print(nz(r.system()));
            default -> out.print(nz(r.template()));
        }
        return 0;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
