package dev.jollama.api.modelfile;

import dev.jollama.api.modelfile.Instruction.Keyword;
import java.util.ArrayList;
import java.util.List;

/**
 * Ollama's Modelfile grammar as a character state machine: an instruction word, then (for PARAMETER and MESSAGE)
 * a name, then a value running to the end of the line, or across lines while a {@code "} or {@code """} quote is
 * open. Comments start with {@code #} where an instruction could start.
 */
final class ModelfileParser {
    static final String INVALID_COMMAND = "command must be one of \"from\", \"license\", \"template\", \"system\", "
            + "\"adapter\", \"draft\", \"renderer\", \"parser\", \"parameter\", \"message\", or \"requires\"";
    static final String INVALID_ROLE = "message role must be one of \"system\", \"user\", or \"assistant\"";
    static final String UNEXPECTED_EOF = "unexpected EOF";
    static final String NO_FROM = "no FROM line";

    private enum State { BETWEEN, WORD, NAME, VALUE, COMMENT }

    private final List<Instruction> out = new ArrayList<>();
    private final StringBuilder buf = new StringBuilder();
    private State state = State.BETWEEN;
    private Keyword keyword;
    private String name;
    private int line = 1;

    static List<Instruction> parse(String text) throws ModelfileException {
        ModelfileParser p = new ModelfileParser();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            p.accept(cp);
            if (cp == '\n' || (cp == '\r' && (i >= text.length() || text.charAt(i) != '\n'))) p.line++;
        }
        return p.finish();
    }

    private void accept(int cp) throws ModelfileException {
        switch (state) {
            case BETWEEN -> {
                if (cp == '#') {
                    state = State.COMMENT;
                } else if (!isBlank(cp) && !isNewline(cp)) {
                    state = State.WORD;
                    append(cp);
                }
            }
            case COMMENT -> {
                if (isNewline(cp)) state = State.BETWEEN;
            }
            case WORD -> {
                if (isAsciiLetter(cp)) {
                    append(cp);
                } else if (isBlank(cp)) {
                    endWord();
                } else {
                    throw new ModelfileException(line, INVALID_COMMAND);
                }
            }
            case NAME -> {
                boolean parameter = keyword == Keyword.PARAMETER;
                if (isAsciiLetter(cp) || (parameter && (isAsciiDigit(cp) || cp == '_'))) {
                    append(cp);
                } else if (isBlank(cp)) {
                    endName();
                } else {
                    throw new ModelfileException(UNEXPECTED_EOF + ": " + buf);
                }
            }
            case VALUE -> {
                if (isNewline(cp) && endValue()) {
                    state = State.BETWEEN;
                } else if (isNewline(cp) || isBlank(cp)) {
                    buf.appendCodePoint(cp); // inside an open quote, or space within the value
                } else {
                    append(cp);
                }
            }
        }
    }

    private void endWord() throws ModelfileException {
        keyword = Keyword.of(buf.toString());
        if (keyword == null) throw new ModelfileException(line, INVALID_COMMAND);
        state = keyword == Keyword.PARAMETER || keyword == Keyword.MESSAGE ? State.NAME : State.VALUE;
        buf.setLength(0);
    }

    private void endName() throws ModelfileException {
        name = buf.toString();
        if (keyword == Keyword.MESSAGE && !(name.equals("system") || name.equals("user") || name.equals("assistant"))) {
            throw new ModelfileException(line, INVALID_ROLE);
        }
        state = State.VALUE;
        buf.setLength(0);
    }

    /** Emits the instruction if the value is complete (its quotes closed); returns false to keep reading. */
    private boolean endValue() {
        String value = unquote(GoText.trimSpace(buf.toString()));
        if (value == null) return false;
        out.add(new Instruction(keyword, name, value));
        name = null;
        buf.setLength(0);
        return true;
    }

    private List<Instruction> finish() throws ModelfileException {
        switch (state) {
            case BETWEEN, COMMENT -> {}
            case VALUE -> {
                if (!endValue()) throw new ModelfileException(UNEXPECTED_EOF);
            }
            default -> throw new ModelfileException(UNEXPECTED_EOF);
        }
        if (out.stream().noneMatch(i -> i.keyword() == Keyword.FROM)) throw new ModelfileException(NO_FROM);
        return List.copyOf(out);
    }

    /** The quoted content, the bare value as is, or null while a quote is still open. */
    static String unquote(String s) {
        if (s.startsWith("\"\"\"")) {
            return s.length() >= 6 && s.endsWith("\"\"\"") ? s.substring(3, s.length() - 3) : null;
        }
        if (s.startsWith("\"")) {
            return s.length() >= 2 && s.endsWith("\"") ? s.substring(1, s.length() - 1) : null;
        }
        return s;
    }

    /** Control characters other than tab and line breaks are dropped, as Ollama drops non-printable runes. */
    private void append(int cp) {
        if (Character.getType(cp) != Character.CONTROL) buf.appendCodePoint(cp);
    }

    private static boolean isBlank(int cp) {
        return cp == ' ' || cp == '\t';
    }

    private static boolean isNewline(int cp) {
        return cp == '\r' || cp == '\n';
    }

    private static boolean isAsciiLetter(int cp) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    }

    private static boolean isAsciiDigit(int cp) {
        return cp >= '0' && cp <= '9';
    }
}
