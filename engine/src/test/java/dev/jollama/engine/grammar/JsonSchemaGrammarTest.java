package dev.jollama.engine.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonSchemaGrammarTest {

    private static GrammarMatcher matcher(String schema) {
        return TokenGrammar.of(JsonSchemaGrammar.fromSchema(schema), ByteVocabulary.INSTANCE).newMatcher();
    }

    /** True when the whole text is accepted and complete; false when the grammar rejects it (at any byte). */
    private static boolean accepts(String schema, String text) {
        GrammarMatcher m = matcher(schema);
        return m.acceptText(text) && m.canEnd();
    }

    @Test
    void rejectsInvalidContinuations() {
        String person = "{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"integer\"},\"available\":{\"type\":\"boolean\"}},\"required\":[\"age\",\"available\"]}";
        assertThat(accepts(person, "{\"age\": 22, \"available\": true}")).isTrue();
        assertThat(accepts(person, "{\n  \"age\": 22,\n  \"available\": false\n}")).isTrue();
        assertThat(matcher(person).acceptText("{\"age\": \"")).isFalse();
        assertThat(matcher(person).acceptText("{\"available\"")).isFalse();
        assertThat(matcher(person).acceptText("{\"age\": 1.5")).isFalse();
        assertThat(matcher(person).acceptText("{\"age\": 1, \"available\": true, \"x\"")).isFalse();
        assertThat(matcher(person).acceptText("{\"age\": 1}")).isFalse();
        assertThat(matcher(person).acceptText("{\"age\": 01")).isFalse();
        assertThat(matcher(person).acceptText("{\"age\": 1, \"available\": true} ")).isFalse();
        assertThat(matcher(person).acceptText("{     ")).isFalse(); // whitespace is bounded
        GrammarMatcher done = matcher(person);
        assertThat(done.acceptText("{\"age\":1,\"available\":true}")).isTrue();
        assertThat(done.isComplete()).isTrue();
    }

    @Test
    void optionalPropertiesKeepTheirOrder() {
        String s = "{\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"integer\"},\"c\":{\"type\":\"integer\"}},\"required\":[\"b\"]}";
        assertThat(accepts(s, "{\"b\":1}")).isTrue();
        assertThat(accepts(s, "{\"a\":1,\"b\":2,\"c\":3}")).isTrue();
        assertThat(accepts(s, "{\"b\":2,\"c\":3}")).isTrue();
        assertThat(accepts(s, "{\"a\":1,\"c\":3}")).isFalse();
        assertThat(accepts(s, "{\"b\":2,\"a\":1}")).isFalse();
        assertThat(accepts(s, "{,\"b\":2}")).isFalse();
        assertThat(accepts(s, "{\"b\":2,}")).isFalse();
    }

    @Test
    void extraPropertiesNeverReuseDeclaredNames() {
        String s = "{\"properties\":{\"id\":{\"type\":\"integer\"}},\"required\":[\"id\"],\"additionalProperties\":{\"type\":\"string\"}}";
        assertThat(accepts(s, "{\"id\":1,\"name\":\"x\",\"i\":\"y\",\"idx\":\"z\"}")).isTrue();
        assertThat(accepts(s, "{\"id\":1,\"id\":\"x\"}")).isFalse();
        assertThat(accepts(s, "{\"id\":1,\"name\":2}")).isFalse();
    }

    @Test
    void enumsPatternsAndFormats() {
        assertThat(accepts("{\"enum\":[\"red\",\"green\"]}", "\"red\"")).isTrue();
        assertThat(accepts("{\"enum\":[\"red\",\"green\"]}", "\"blue\"")).isFalse();
        String phone = "{\"type\":\"string\",\"pattern\":\"^[0-9]{3}-[0-9]{4}$\"}";
        assertThat(accepts(phone, "\"555-1234\"")).isTrue();
        assertThat(accepts(phone, "\"555-12345\"")).isFalse();
        assertThat(accepts(phone, "\"5551234\"")).isFalse();
        String quote = "{\"type\":\"string\",\"pattern\":\"^a\\\"b$\"}";
        assertThat(accepts(quote, "\"a\\\"b\"")).isTrue();
        assertThat(accepts(quote, "\"a\"b\"")).isFalse();
        String date = "{\"type\":\"string\",\"format\":\"date\"}";
        assertThat(accepts(date, "\"2024-02-29\"")).isTrue();
        assertThat(accepts(date, "\"2000-02-29\"")).isTrue();
        assertThat(accepts(date, "\"2023-02-29\"")).isFalse();
        assertThat(accepts(date, "\"1900-02-29\"")).isFalse();
        assertThat(accepts(date, "\"2023-04-31\"")).isFalse();
        assertThat(accepts(date, "\"2023-12-31\"")).isTrue();
        String time = "{\"type\":\"string\",\"format\":\"date-time\"}";
        assertThat(accepts(time, "\"2024-05-06T07:08:09.123+02:00\"")).isTrue();
        assertThat(accepts(time, "\"2024-05-06T24:00:00Z\"")).isFalse();
        // offsets as java.time (and so networknt's validator) reads them: within +-18:00, and no "-00:00"
        for (String offset : new String[] {"+00:00", "-00:01", "-01:00", "+17:59", "-18:00", "+18:00"}) {
            assertThat(accepts(time, "\"2024-05-06T07:08:09" + offset + "\"")).as(offset).isTrue();
        }
        for (String offset : new String[] {"-00:00", "+18:01", "-19:00", "+23:59"}) {
            assertThat(accepts(time, "\"2024-05-06T07:08:09" + offset + "\"")).as(offset).isFalse();
        }
        assertThat(accepts("{\"format\":\"uuid\"}", "\"123e4567-e89b-12d3-a456-426614174000\"")).isTrue();
        assertThat(accepts("{\"format\":\"uuid\"}", "\"123e4567-e89b-12d3-a456-42661417400\"")).isFalse();
    }

    @Test
    void integerRangesMatchArithmetic() {
        long[][] bounds = {{17, 342}, {-100, -7}, {-13, 25}, {0, 0}, {-9, 9}, {99, 101}, {-1000, 999}};
        for (long[] b : bounds) {
            GrammarMatcher start = TokenGrammar.of(grammarOf(NumberRanges.integer(BigDecimal.valueOf(b[0]), false, BigDecimal.valueOf(b[1]), false)),
                    ByteVocabulary.INSTANCE).newMatcher();
            for (long x = -1200; x <= 1200; x++) {
                GrammarMatcher m = start.copy();
                boolean ok = m.acceptText(Long.toString(x)) && m.canEnd();
                assertThat(ok).as("%d in [%d, %d]", x, b[0], b[1]).isEqualTo(x >= b[0] && x <= b[1]);
            }
        }
    }

    @Test
    void decimalRangesMatchArithmetic() {
        String[][] bounds = {{"-2.5", "3.75", "ii"}, {"0.5", "0.75", "xx"}, {"0", "1", "xi"}, {"-1.05", "-0.5", "ix"}, {"2", null, "i"}, {null, "-0.25", "x"}};
        for (String[] b : bounds) {
            BigDecimal lo = b[0] == null ? null : new BigDecimal(b[0]), hi = b[1] == null ? null : new BigDecimal(b[1]);
            boolean loEx = b[2].charAt(0) == 'x', hiEx = b[2].length() > 1 && b[2].charAt(1) == 'x';
            if (lo == null) hiEx = loEx;
            GrammarMatcher start = TokenGrammar.of(grammarOf(NumberRanges.decimal(lo, lo != null && loEx, hi, hi != null && hiEx)),
                    ByteVocabulary.INSTANCE).newMatcher();
            for (int i = -400; i <= 400; i++) {
                for (String text : new String[] {BigDecimal.valueOf(i, 2).toPlainString(), BigDecimal.valueOf(i, 3).toPlainString(), Integer.toString(i / 50)}) {
                    BigDecimal x = new BigDecimal(text);
                    boolean expected = (lo == null || (lo != null && (loEx ? x.compareTo(lo) > 0 : x.compareTo(lo) >= 0)))
                            && (hi == null || (hiEx ? x.compareTo(hi) < 0 : x.compareTo(hi) <= 0));
                    GrammarMatcher m = start.copy();
                    boolean ok = m.acceptText(text) && m.canEnd();
                    assertThat(ok).as("%s within %s", text, String.join(",", java.util.Arrays.asList(b).toString())).isEqualTo(expected);
                }
            }
        }
    }

    private static Grammar grammarOf(Expr e) {
        return new Grammar("root", java.util.Map.of("root", e));
    }

    @Test
    void refusesWhatItCannotEnforceNamingTheKeyword() {
        String[][] cases = {
                {"{\"type\":\"integer\",\"multipleOf\":3}", "multipleOf"},
                {"{\"not\":{\"type\":\"string\"}}", "not"},
                {"{\"type\":\"object\",\"patternProperties\":{\"^x\":{}}}", "patternProperties"},
                {"{\"type\":\"array\",\"uniqueItems\":true}", "uniqueItems"},
                {"{\"type\":\"object\",\"minProperties\":1}", "minProperties"},
                {"{\"type\":\"string\",\"format\":\"ipv6\"}", "format"},
                {"{\"type\":\"string\",\"pattern\":\"^(?=a)b$\"}", "pattern"},
                {"{\"type\":\"string\",\"pattern\":\"(a)\\\\1\"}", "pattern"},
                {"{\"type\":\"string\",\"pattern\":\"a^b\"}", "pattern"},
                {"{\"type\":\"string\",\"pattern\":\"^a$\",\"maxLength\":3}", "maxLength"},
                {"{\"$ref\":\"https://example.com/s.json\"}", "$ref"},
                {"{\"$ref\":\"#/$defs/missing\"}", "$ref"},
                {"{\"type\":\"integer\",\"minimum\":5,\"maximum\":4}", "maximum"},
                {"{\"type\":\"wat\"}", "type"},
                {"{\"properties\":{\"a\":false},\"required\":[\"a\"]}", "false"},
                {"{\"if\":{\"type\":\"string\"},\"then\":{\"minLength\":1}}", "if"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> CompiledGrammar.compile(JsonSchemaGrammar.fromSchema(c[0])))
                    .as(c[0]).isInstanceOf(UnsupportedSchemaException.class)
                    .satisfies(e -> assertThat(((UnsupportedSchemaException) e).keyword()).isEqualTo(c[1]))
                    .hasMessageContaining("\"" + c[1] + "\"");
        }
        assertThatThrownBy(() -> CompiledGrammar.compile(JsonSchemaGrammar.fromSchema(
                "{\"$defs\":{\"n\":{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#/$defs/n\"}},\"required\":[\"next\"]}},\"$ref\":\"#/$defs/n\"}")))
                .isInstanceOf(GrammarException.class).hasMessageContaining("never finish");
    }

    @Test
    void formatFieldEntryPoint() {
        assertThat(StructuredOutput.grammar(null)).isEmpty();
        assertThat(StructuredOutput.grammar("null")).isEmpty();
        assertThat(StructuredOutput.grammar("\"\"")).isEmpty();
        assertThat(StructuredOutput.grammar("\"json\"")).contains(JsonGrammar.object());
        assertThat(StructuredOutput.grammar("{\"type\":\"string\"}")).isPresent();
        assertThatThrownBy(() -> StructuredOutput.grammar("\"xml\""))
                .hasMessage("invalid format: \"\\\"xml\\\"\"; expected \"json\" or a valid JSON Schema object");
        assertThatThrownBy(() -> StructuredOutput.grammar("{\"type\":")).hasMessage("invalid JSON schema in format");
        assertThat(StructuredOutput.grammarOf(null)).isEmpty();
        assertThat(StructuredOutput.grammarOf("json")).contains(JsonGrammar.object());
        assertThat(StructuredOutput.grammarOf(java.util.Map.of("type", "integer"))).isPresent();
        assertThatThrownBy(() -> StructuredOutput.grammarOf(java.util.List.of(1)))
                .hasMessage("invalid format: \"[1]\"; expected \"json\" or a valid JSON Schema object");
    }

    @Test
    void jsonModeGeneratesObjectsOnRealVocabularies() {
        JsonSchema anyObject = JsonSchemaConformanceTest.validator(JsonSchemaConformanceTest.JSON.createObjectNode().put("type", "object"));
        for (String file : new String[] {"ggml-vocab-llama-bpe.gguf", "ggml-vocab-qwen2.gguf", "ggml-vocab-llama-spm.gguf"}) {
            TokenGrammar tg = TokenGrammar.of(JsonGrammar.object(), TestVocabularies.load(file));
            for (long seed = 1; seed <= 6; seed++) {
                String out = RandomModel.generate(tg, TestVocabularies.load(file), seed, 80);
                JsonSchemaConformanceTest.assertValid(anyObject, out, file + " seed " + seed);
            }
        }
    }

    @Test
    void theValidatorCatchesInvalidOutput() throws Exception {
        JsonNode email = JsonSchemaConformanceTest.JSON.readTree("{\"type\":\"string\",\"format\":\"email\"}");
        JsonNode date = JsonSchemaConformanceTest.JSON.readTree("{\"type\":\"string\",\"format\":\"date\"}");
        assertThatThrownBy(() -> JsonSchemaConformanceTest.assertValid(JsonSchemaConformanceTest.validator(email), "\"not an email\"", ""))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> JsonSchemaConformanceTest.assertValid(JsonSchemaConformanceTest.validator(date), "\"2023-02-29\"", ""))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> JsonSchemaConformanceTest.assertValid(JsonSchemaConformanceTest.validator(date), "\"2023-02-28\" x", ""))
                .isInstanceOf(AssertionError.class);
    }
}
