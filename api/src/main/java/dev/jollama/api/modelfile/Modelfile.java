package dev.jollama.api.modelfile;

import dev.jollama.api.modelfile.Instruction.Keyword;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A parsed Modelfile: its instructions in file order. {@link #toString()} writes it back in the format of
 * {@code ollama show --modelfile}, and parsing that text gives the same instructions again.
 */
public record Modelfile(List<Instruction> instructions) {

    public Modelfile {
        instructions = List.copyOf(instructions);
    }

    /** Parses Modelfile text; errors carry Ollama's wording and, where Ollama gives one, the line number. */
    public static Modelfile parse(String text) throws ModelfileException {
        return new Modelfile(ModelfileParser.parse(text));
    }

    /** Parses Modelfile bytes: UTF-8, or UTF-8/UTF-16 with a byte-order mark (which is dropped). */
    public static Modelfile parse(byte[] bytes) throws ModelfileException {
        return parse(decode(bytes));
    }

    public static Modelfile read(Path file) throws IOException, ModelfileException {
        return parse(Files.readAllBytes(file));
    }

    /** The first FROM value (a model name or a path), or null. */
    public String from() {
        return values(Keyword.FROM).stream().findFirst().orElse(null);
    }

    /** Every value of one instruction, in file order. */
    public List<String> values(Keyword keyword) {
        return instructions.stream().filter(i -> i.keyword() == keyword).map(Instruction::value).toList();
    }

    @Override
    public String toString() {
        return instructions.stream().map(i -> i + "\n").collect(Collectors.joining());
    }

    private static String decode(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            return text(b, 3, StandardCharsets.UTF_8);
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) return text(b, 2, StandardCharsets.UTF_16LE);
        if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) return text(b, 2, StandardCharsets.UTF_16BE);
        return text(b, 0, StandardCharsets.UTF_8);
    }

    private static String text(byte[] b, int offset, Charset charset) {
        return new String(b, offset, b.length - offset, charset);
    }
}
