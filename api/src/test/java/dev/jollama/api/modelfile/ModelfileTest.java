package dev.jollama.api.modelfile;

import static dev.jollama.api.modelfile.Instruction.Keyword.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.api.modelfile.Instruction.Keyword;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelfileTest {

    private static List<Instruction> parse(String text) throws ModelfileException {
        return Modelfile.parse(text).instructions();
    }

    private static Instruction i(Keyword k, String v) {
        return Instruction.of(k, v);
    }

    @Test
    void everyInstructionInAnyCase() throws Exception {
        String text = """
                # a comment
                from model1
                ADAPTER adapter1
                License MIT
                PARAMETER temperature 0.7
                PARAMETER stop <|eot_id|>
                TEMPLATE \"""{{ if .System }}<|start_header_id|>system<|end_header_id|>

                {{ .System }}<|eot_id|>{{ end }}\"""   \t
                SYSTEM You are terse.
                MESSAGE user Hey there!
                message assistant Hello
                REQUIRES 0.14.0
                DRAFT ./draft.gguf
                RENDERER qwen3-coder
                PARSER qwen3
                """;
        assertThat(parse(text)).containsExactly(
                i(FROM, "model1"), i(ADAPTER, "adapter1"), i(LICENSE, "MIT"),
                Instruction.parameter("temperature", "0.7"), Instruction.parameter("stop", "<|eot_id|>"),
                i(TEMPLATE, "{{ if .System }}<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}<|eot_id|>{{ end }}"),
                i(SYSTEM, "You are terse."), Instruction.message("user", "Hey there!"),
                Instruction.message("assistant", "Hello"), i(REQUIRES, "0.14.0"), i(DRAFT, "./draft.gguf"),
                i(RENDERER, "qwen3-coder"), i(PARSER, "qwen3"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "FROM \"FOO  BAR  \"|'FOO  BAR  '",
        "FROM     FOOO BAR    |FOOO BAR",
        "FROM /what/is/the path |/what/is/the path",
        "FROM llama3:7b-instruct-q4_K_M|llama3:7b-instruct-q4_K_M",
        "FROM \"     model 1\"|'     model 1'",
        "FROM \"\"|''",
    })
    void fromValues(String text, String expected) throws Exception {
        assertThat(parse(text)).containsExactly(i(FROM, expected == null ? "" : expected));
    }

    @Test
    void instructionsInAnyOrderAndValuesTrimmed() throws Exception {
        assertThat(parse("PARAMETER what the \nFROM lemons make lemonade ")).containsExactly(
                Instruction.parameter("what", "the"), i(FROM, "lemons make lemonade"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "stop ### User:|### User:",
        "stop ### User: |### User:",
        "stop \"### User:\"|### User:",
        "stop \"### User: \"|'### User: '",
        "stop \"\"\"### User:\"\"\"|### User:",
        "stop </s>|</s>",
        "num_ctx 1|1",
        "top_p 1.0|1.0",
    })
    void parameterValues(String line, String expected) throws Exception {
        List<Instruction> got = parse("FROM foo\nPARAMETER " + line + "\n");
        assertThat(got.get(1).value()).isEqualTo(expected);
    }

    @Test
    void quotedBlocks() throws Exception {
        assertThat(parse("FROM foo\nSYSTEM \"\"\"\nThis is a\nmultiline system.\n\"\"\"\n\t\t\t").get(1).value())
                .isEqualTo("\nThis is a\nmultiline system.\n");
        assertThat(parse("FROM foo\nSYSTEM \"\"\"This is a\nmultiline system.\"\"\"").get(1).value())
                .isEqualTo("This is a\nmultiline system.");
        assertThat(parse("FROM foo\nSYSTEM \"\"\"\nwith \"quotes\".\n\"\"\"\n").get(1).value())
                .isEqualTo("\nwith \"quotes\".\n");
        assertThat(parse("FROM foo\nSYSTEM \"\"\"\"\"\"\n").get(1).value()).isEmpty();
        assertThat(parse("FROM foo\nSYSTEM \"\"\n").get(1).value()).isEmpty();
        assertThat(parse("FROM foo\nSYSTEM \"'\"\n").get(1).value()).isEqualTo("'");
        assertThat(parse("FROM foo\nSYSTEM \"\"\"''\"'\"\"'\"\"'\"'''''\"\"'\"\"'\"\"\"\n").get(1).value())
                .isEqualTo("''\"'\"\"'\"\"'\"'''''\"\"'\"\"'");
        assertThat(parse("FROM foo\nSYSTEM \"one\ntwo\"\n").get(1).value()).isEqualTo("one\ntwo");
        assertThat(parse("FROM foo\nMESSAGE system \"\"\"\nYou are a parser.\n\"\"\"\n").get(1))
                .isEqualTo(Instruction.message("system", "\nYou are a parser.\n"));
        assertThat(parse("FROM foo\nSYSTEM a # not a comment\tx").get(1).value()).isEqualTo("a # not a comment\tx");
    }

    @Test
    void unterminatedQuotesAreUnexpectedEof() {
        assertThatThrownBy(() -> parse("FROM foo\nSYSTEM \"\"\"This is a multiline system.\"\"\n"))
                .hasMessage("unexpected EOF");
        assertThatThrownBy(() -> parse("FROM foo\nSYSTEM \"\n")).hasMessage("unexpected EOF");
    }

    @Test
    void errorsAreWordedAsOllamas() {
        assertThatThrownBy(() -> parse("\nFROM foo\nBADCOMMAND param1 value1\n"))
                .isInstanceOf(ModelfileException.class)
                .hasMessage("(line 3): command must be one of \"from\", \"license\", \"template\", \"system\", "
                        + "\"adapter\", \"draft\", \"renderer\", \"parser\", \"parameter\", \"message\", or \"requires\"")
                .extracting(e -> ((ModelfileException) e).line()).isEqualTo(3);
        assertThatThrownBy(() -> parse("FROM foo\r\nSYSTEM x\r\nMESSAGE badguy I'm a bad guy!\r\n"))
                .hasMessage("(line 3): message role must be one of \"system\", \"user\", or \"assistant\"");
        assertThatThrownBy(() -> parse("FROM foo\nMESSAGE system\n")).hasMessage("unexpected EOF: system");
        assertThatThrownBy(() -> parse("FROM foo\nMESSAGE system")).hasMessage("unexpected EOF");
        assertThatThrownBy(() -> parse("FROM foo\nPARAMETER param1\n")).hasMessage("unexpected EOF: param1");
        assertThatThrownBy(() -> parse("FROM foo\nPARAMETER num-ctx 1\n")).hasMessage("unexpected EOF: num");
        assertThatThrownBy(() -> parse("FROM\n")).hasMessage("(line 1): " + ModelfileParser.INVALID_COMMAND);
        assertThatThrownBy(() -> parse("")).hasMessage("no FROM line");
        assertThatThrownBy(() -> parse("# only a comment\nPARAMETER param1 value1")).hasMessage("no FROM line");
    }

    @Test
    void byteOrderMarksAndUtf16() throws Exception {
        String text = "FROM bob\nSYSTEM héllo 世界\n";
        List<Instruction> expected = List.of(i(FROM, "bob"), i(SYSTEM, "héllo 世界"));
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        assertThat(Modelfile.parse(withBom).instructions()).isEqualTo(expected);
        assertThat(Modelfile.parse(("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE)).instructions()).isEqualTo(expected);
        assertThat(Modelfile.parse(("\uFEFF" + text).getBytes(StandardCharsets.UTF_16BE)).instructions()).isEqualTo(expected);
    }

    @Test
    void writesOllamasShowFormat() throws Exception {
        Modelfile m = new Modelfile(List.of(i(FROM, "/models/blobs/sha256-abc"),
                i(TEMPLATE, "{{ .System }}\nUSER: {{ .Prompt }}\nASSISTANT: "),
                Instruction.parameter("num_ctx", "4096"), Instruction.parameter("stop", "</s>"),
                Instruction.parameter("stop", "USER:"), Instruction.message("user", "say \"hi\""),
                i(LICENSE, "line one\n\"quoted\"\n"), i(SYSTEM, "")));
        assertThat(m.toString()).isEqualTo("""
                FROM /models/blobs/sha256-abc
                TEMPLATE "{{ .System }}
                USER: {{ .Prompt }}
                ASSISTANT: "
                PARAMETER num_ctx 4096
                PARAMETER stop </s>
                PARAMETER stop USER:
                MESSAGE user say "hi"
                LICENSE \"""line one
                "quoted"
                \"""
                SYSTEM ""
                """);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "plain", "' edged '", "'\tedged by a tab'", "'\"starts with a quote\"'", "'ends with a quote\"'",
        "'two\nlines'", "'two\nlines with \"quotes\"'", "'\"'", "'\"\"'", "'\nleading newline'", "'{{ .Prompt }}'",
        "'# hash'", "''", "'carriage\r\nreturns'", "'ünï😀cødé'",
    })
    void everyWrittenValueParsesBack(String value) throws Exception {
        for (Instruction.Keyword k : Instruction.Keyword.values()) {
            Instruction ins = switch (k) {
                case PARAMETER -> Instruction.parameter("stop", value);
                case MESSAGE -> Instruction.message("assistant", value);
                default -> Instruction.of(k, value);
            };
            Modelfile m = new Modelfile(k == FROM ? List.of(ins) : List.of(i(FROM, "x"), ins));
            assertThat(Modelfile.parse(m.toString())).as(m.toString()).isEqualTo(m);
        }
    }
}
