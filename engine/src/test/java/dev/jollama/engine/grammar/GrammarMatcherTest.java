package dev.jollama.engine.grammar;

import dev.jollama.engine.tokenizer.Vocabulary;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrammarMatcherTest {

    private static boolean matches(String gbnf, String text) {
        TokenGrammar g = TokenGrammar.of(Grammar.parse(gbnf), ByteVocabulary.INSTANCE);
        GrammarMatcher m = g.newMatcher();
        return m.acceptText(text) && m.canEnd();
    }

    @Test
    void literalsClassesAndRepetition() {
        String g = "root ::= \"a\" [b-d]{1,3} ( \"x\" | \"yz\" )? [^a-z]*";
        assertThat(matches(g, "ab")).isTrue();
        assertThat(matches(g, "abcd")).isTrue();
        assertThat(matches(g, "abcdb")).isFalse();
        assertThat(matches(g, "a")).isFalse();
        assertThat(matches(g, "abyz")).isTrue();
        assertThat(matches(g, "abyz12€😀")).isTrue();
        assertThat(matches(g, "abyzq")).isFalse();
        assertThat(matches(g, "aby")).isFalse();
    }

    @Test
    void unicodeClassesWorkByteByByte() {
        String g = "root ::= [а-я€-€😀-😂]+";
        assertThat(matches(g, "привет€😁")).isTrue();
        assertThat(matches(g, "прив😃")).isFalse();
        // a prefix that stops inside a character is alive but not complete
        TokenGrammar tg = TokenGrammar.of(Grammar.parse(g), ByteVocabulary.INSTANCE);
        GrammarMatcher m = tg.newMatcher();
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertThat(m.acceptBytes(new byte[] {euro[0]})).isTrue();
        assertThat(m.canEnd()).isFalse();
        assertThat(m.acceptBytes(new byte[] {euro[1], euro[2]})).isTrue();
        assertThat(m.canEnd()).isTrue();
        assertThat(m.acceptBytes(new byte[] {(byte) 0xC0})).isFalse(); // never valid UTF-8
    }

    @Test
    void recursionAndCompletion() {
        String g = """
                root ::= list
                list ::= "[" ( item ( "," item )* )? "]"
                item ::= [0-9]+ | list
                """;
        assertThat(matches(g, "[1,[2,[]],33]")).isTrue();
        assertThat(matches(g, "[1,[2,[]],33")).isFalse();
        TokenGrammar tg = TokenGrammar.of(Grammar.parse(g), ByteVocabulary.INSTANCE);
        GrammarMatcher m = tg.newMatcher();
        assertThat(m.acceptText("[[]")).isTrue();
        assertThat(m.isComplete()).isFalse();
        assertThat(m.minBytesToComplete()).isEqualTo(1);
        assertThat(m.acceptText("]")).isTrue();
        assertThat(m.isComplete()).isTrue();
        assertThat(m.allowedTokens()).isEqualTo(onlyEog());
    }

    @Test
    void canEndButGoOn() {
        TokenGrammar tg = TokenGrammar.of(Grammar.parse("root ::= [0-9]+"), ByteVocabulary.INSTANCE);
        GrammarMatcher m = tg.newMatcher();
        assertThat(m.allows(ByteVocabulary.EOS)).isFalse();
        assertThatThrownBy(() -> m.accept(ByteVocabulary.EOS)).isInstanceOf(IllegalStateException.class);
        m.accept('7');
        assertThat(m.canEnd()).isTrue();
        assertThat(m.isComplete()).isFalse();
        assertThat(m.allows(ByteVocabulary.EOS)).isTrue();
        assertThat(m.allows('8')).isTrue();
        assertThat(m.allows('x')).isFalse();
        m.accept(ByteVocabulary.EOS);
        assertThat(m.isComplete()).isTrue();
    }

    @Test
    void gbnfRoundTrips() {
        Grammar g = JsonGrammar.object();
        Grammar again = Grammar.parse(g.toGbnf());
        assertThat(again.rules()).isEqualTo(g.rules());
    }

    @Test
    void maskSetsDisallowedLogitsToMinusInfinity() {
        TokenGrammar tg = TokenGrammar.of(Grammar.parse("root ::= [ab]"), ByteVocabulary.INSTANCE);
        GrammarMatcher m = tg.newMatcher();
        float[] logits = new float[ByteVocabulary.INSTANCE.size() + 3];
        java.util.Arrays.fill(logits, 1f);
        m.mask(logits);
        for (int i = 0; i < logits.length; i++) assertThat(logits[i]).isEqualTo(i == 'a' || i == 'b' ? 1f : Float.NEGATIVE_INFINITY);
        m.accept('a');
        java.util.Arrays.fill(logits, 1f);
        m.mask(logits);
        for (int i = 0; i < logits.length; i++) assertThat(logits[i]).isEqualTo(i == ByteVocabulary.EOS ? 1f : Float.NEGATIVE_INFINITY);
    }

    @Test
    void refusesBadGrammars() {
        assertThatThrownBy(() -> CompiledGrammar.compile(Grammar.parse("root ::= root \"a\" | \"b\"")))
                .isInstanceOf(GrammarException.class).hasMessageContaining("left-recursive");
        assertThatThrownBy(() -> CompiledGrammar.compile(Grammar.parse("root ::= x | \"b\"\nx ::= \"a\"? root")))
                .isInstanceOf(GrammarException.class).hasMessageContaining("left-recursive");
        assertThatThrownBy(() -> CompiledGrammar.compile(Grammar.parse("root ::= \"a\" nope")))
                .isInstanceOf(GrammarException.class).hasMessageContaining("undefined rule nope");
        assertThatThrownBy(() -> CompiledGrammar.compile(Grammar.parse("root ::= \"a\" root")))
                .isInstanceOf(GrammarException.class).hasMessageContaining("never finish");
        assertThatThrownBy(() -> Grammar.parse("root ::= [a-")).isInstanceOf(GrammarException.class).hasMessageContaining("1:");
        assertThatThrownBy(() -> Grammar.parse("root ::= \"a")).isInstanceOf(GrammarException.class).hasMessageContaining("unterminated");
        // an alternative that can never finish is dropped, the rest still works
        assertThat(matches("root ::= \"a\" | \"b\" loop\nloop ::= \"c\" loop", "a")).isTrue();
        assertThat(matches("root ::= \"a\" | \"b\" loop\nloop ::= \"c\" loop", "bc")).isFalse();
    }

    /** Every token whose bytes the grammar accepts from a state is in that state's mask, and no other. */
    @Test
    void trieMaskEqualsPerTokenCheckOnRealVocabulary() {
        Vocabulary v = TestVocabularies.load("ggml-vocab-llama-bpe.gguf");
        TokenGrammar tg = TokenGrammar.of(JsonGrammar.object(), v);
        GrammarMatcher m = tg.newMatcher();
        for (String prefix : new String[] {"", "{", "{\"a", "{\"a\\", "{\"a\\u00", "{\"ab\": ", "{\"ab\": [1", "{\"ab\": [1.5e",
                "{\"ab\": [1], \"€", "{\"x\": {\"y\": \"\u00e9"}) {
            GrammarMatcher p = tg.newMatcher();
            assertThat(p.acceptText(prefix)).as(prefix).isTrue();
            long[] mask = p.allowedTokens();
            int allowed = 0;
            for (int id = 0; id < v.size(); id++) {
                boolean expected = p.allows(id);
                assertThat((mask[id >>> 6] >>> id & 1) != 0).as("token %d %s after %s", id, v.token(id), prefix).isEqualTo(expected);
                if (expected) allowed++;
            }
            assertThat(allowed).as(prefix).isPositive();
        }
        assertThat(m.isComplete()).isFalse();
    }

    private static long[] onlyEog() {
        long[] bits = new long[(ByteVocabulary.INSTANCE.size() + 63) / 64];
        bits[ByteVocabulary.EOS >>> 6] |= 1L << ByteVocabulary.EOS;
        return bits;
    }
}
