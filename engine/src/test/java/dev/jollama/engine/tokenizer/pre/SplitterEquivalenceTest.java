package dev.jollama.engine.tokenizer.pre;

import dev.jollama.engine.tokenizer.IntList;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hand-written splitters against the regex llama.cpp runs for the same pattern ({@link RegexSplitter} reproduces
 * llama.cpp's std::regex setup), on 20,000 random strings built from the characters that matter: ASCII upper and lower
 * case, non-ASCII letters, marks, digits, Unicode white space, newlines, punctuation, symbols, emoji, apostrophes.
 */
class SplitterEquivalenceTest {
    private static final String[] PIECES = {"a", "b", "z", "A", "Z", "Q", "é", "É", "ß", "Ω", "ω", "中", "ǅ", "\u0301", "\u0915\u094D",
            "0", "7", "٣", "²", " ", " ", "  ", "\t", "\n", "\r\n", "\r", "\u00A0", "\u3000", "\u2028", ".", ",", "!", "/", "-", "'",
            "'s", "'LL", "'Re", "'d", "'", "€", "+", "😀", "\u200B", "\u0001", "_", "`", "\"", "Hello", "WORLD", "ÉCOLE", "ieÉ",
            "12", "345", "6789", "000"};

    private static List<int[]> strings() {
        Random r = new Random(11);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(12);
            for (int k = 0; k < n; k++) b.append(PIECES[r.nextInt(PIECES.length)]);
            out.add(b.toString().codePoints().toArray());
        }
        return out;
    }

    private static void assertSameSplits(Splitter handWritten, Splitter regex) {
        for (int[] cps : strings()) {
            IntList a = new IntList(), b = new IntList();
            handWritten.split(cps, 0, cps.length, a);
            regex.split(cps, 0, cps.length, b);
            assertThat(a.toArray()).as(new String(cps, 0, cps.length).replace("\n", "\\n").replace("\r", "\\r"))
                    .isEqualTo(b.toArray());
        }
    }

    @Test
    void gpt4o() {
        assertSameSplits(new CasedWordSplitter(3, true, false), new RegexSplitter(PreTokenizers.gpt4oRegex("[\\p{L}]", true, "{1,3}")));
    }

    @Test
    void tekken() {
        assertSameSplits(new CasedWordSplitter(1, false, false), new RegexSplitter(PreTokenizers.gpt4oRegex("[\\p{L}]", false, "")));
    }

    @Test
    void graniteMultilingual() {
        assertSameSplits(new CasedWordSplitter(3, true, true), new RegexSplitter(PreTokenizers.gpt4oRegex("[\\p{L}\\p{M}]", true, "{1,3}")));
    }

    @Test
    void classRuns() {
        assertSameSplits(new ClassRunSplitter(CharClass.WHITESPACE, CharClass.category(dev.jollama.engine.tokenizer.Unicode.LETTER), 1, Integer.MAX_VALUE),
                new RegexSplitter("\\s?\\p{L}+"));
        assertSameSplits(new ClassRunSplitter(null, CharClass.category(dev.jollama.engine.tokenizer.Unicode.NUMBER), 1, 3), new RegexSplitter("\\p{N}{1,3}"));
        assertSameSplits(ClassRunSplitter.exactly(CharClass.ranges('0', '9'), 3), new RegexSplitter("[0-9][0-9][0-9]"));
        assertSameSplits(new TrailingWhitespaceSplitter(), new RegexSplitter("\\s+\\z"));
        assertSameSplits(new DigitTripletSplitter(), new RegexSplitter("(?=(\\d{3})+(?!\\d))"));
    }

    @Test
    void llama3CustomSplitterAgreesWithItsRegex() {
        assertSameSplits(new Llama3Splitter(3, false), new RegexSplitter("(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])"
                + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"));
    }

    @Test
    void exaoneMoePossessiveRewriteMeansTheSameAndSurvivesLongWords() {
        assertSameSplits(new RegexSplitter(PreTokenizers.EXAONE_MOE), new RegexSplitter(
                "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?(?:\\p{L}\\p{M}*(?: \\p{L}\\p{M}*)*)+"
                        + "|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]?|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+"));
        int[] longWord = "a\u0301 b".repeat(100_000).codePoints().toArray();
        IntList ends = new IntList();
        new RegexSplitter(PreTokenizers.EXAONE_MOE).split(longWord, 0, longWord.length, ends);
        assertThat(ends.toArray()).containsExactly(longWord.length);
    }

    @Test
    void everyPreTokenizerSurvivesLongRuns() {
        String[] inputs = {"a".repeat(20_000), "aé ".repeat(7_000), " ".repeat(20_000) + "x", "!".repeat(20_000),
                "1".repeat(20_000), "A".repeat(20_000), "a\u0301".repeat(10_000), "\n".repeat(20_000)};
        java.util.Set<List<Splitter>> seen = new java.util.HashSet<>();
        for (String name : PreTokenizers.names()) {
            PreTokenizer pre = PreTokenizers.forName(name);
            if (!seen.add(pre.splitters())) continue;
            for (String s : inputs) {
                int[] cps = s.codePoints().toArray();
                assertThat(pre.split(cps)).as(name).endsWith(cps.length);
            }
        }
    }
}
