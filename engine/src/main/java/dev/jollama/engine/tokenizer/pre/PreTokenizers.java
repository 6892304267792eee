package dev.jollama.engine.tokenizer.pre;

import dev.jollama.engine.tokenizer.Unicode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.ADD_BOS;
import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.ADD_SEP;
import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.ESCAPE_SPACES;
import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.FORCE_BOS;
import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.IGNORE_MERGES;
import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.KEEP_SPACES;
import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.NEWLINE_WORDS;
import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.NO_DEFAULT_BOS;
import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.RAW_UTF8;

/**
 * The pre-tokenizers llama.cpp knows, by {@code tokenizer.ggml.pre} name, each as the chain of splitters for its
 * regexes plus the options llama.cpp attaches to the name. The frequent patterns (GPT-2, Llama 3, Qwen 2, digit and
 * category runs) are hand-written splitters; the rare ones run through {@link RegexSplitter}.
 */
public final class PreTokenizers {
    private static final Logger LOG = LoggerFactory.getLogger(PreTokenizers.class);
    private static final Map<String, PreTokenizer> BY_NAME = new HashMap<>();

    private static final String CONTRACTIONS = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])";
    private static final String ASCII_PUNCTUATION_THEN_LETTERS = "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+";
    private static final String UPPER = "[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]";
    private static final String LOWER = "[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]";
    private static final String SPACES_TAIL = "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /**
     * EXAONE MoE's pattern, its word part {@code (?:\p{L}\p{M}*(?: \p{L}\p{M}*)*)+} written as the equivalent
     * possessive {@code \p{L}(?:\p{L}|\p{M}| \p{L})*+}: java.util.regex recurses once per repetition of a group
     * and overflows the stack on a long word, except for possessive groups (nothing follows the group, so it never
     * needs to backtrack into it).
     */
    static final String EXAONE_MOE = CONTRACTIONS + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}(?:\\p{L}|\\p{M}| \\p{L})*+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]?|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+";

    private static final Splitter GPT2 = new Gpt2Splitter();
    private static final Splitter LLAMA3 = new Llama3Splitter(3, false);
    private static final Splitter QWEN2 = new Llama3Splitter(1, false);
    private static final Splitter NEWLINES = new NewlineRunSplitter();
    private static final Splitter DIGIT = ClassRunSplitter.exactly(CharClass.category(Unicode.NUMBER), 1);
    private static final Splitter DIGITS = ClassRunSplitter.runs(CharClass.category(Unicode.NUMBER));
    private static final Splitter DIGITS_1_3 = new ClassRunSplitter(null, CharClass.category(Unicode.NUMBER), 1, 3);
    private static final Splitter THREE_ASCII_DIGITS = ClassRunSplitter.exactly(CharClass.ranges('0', '9'), 3);
    private static final Splitter CR_OR_LF = ClassRunSplitter.exactly(CharClass.chars("\r\n"), 1);
    private static final Splitter CJK_HANGUL = ClassRunSplitter.runs(CharClass.ranges(0x4E00, 0x9FA5, 0x0800, 0x4E00, 0xAC00, 0xD7FF));
    private static final Splitter CJK_KANA = ClassRunSplitter.runs(CharClass.ranges(0x4E00, 0x9FA5, 0x3040, 0x309F, 0x30A0, 0x30FF));
    private static final Splitter DIGIT_GROUPS = new DigitGroupSplitter();
    private static final Splitter DEEPSEEK3_WORDS = new RegexSplitter(ASCII_PUNCTUATION_THEN_LETTERS
            + "|[^\\r\\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\\r\\n]*" + SPACES_TAIL);
    private static final Splitter NOT_PUNCTUATION_RUNS = new RegexSplitter(" ?[^(\\s|.,!?…。，、।۔،)]+");

    /** DeepSeek LLM's letter class (Latin, Greek, Cyrillic, Armenian, Georgian, Cherokee, ... cased scripts). */
    private static final CharClass DEEPSEEK_LETTERS = CharClass.ranges(
            0x41, 0x5A, 0x61, 0x7A, 0xB5, 0xB5, 0xC0, 0xD6, 0xD8, 0xF6, 0xF8, 0x1BA, 0x1BC, 0x1BF, 0x1C4, 0x293, 0x295,
            0x2AF, 0x370, 0x373, 0x376, 0x377, 0x37B, 0x37D, 0x37F, 0x37F, 0x386, 0x386, 0x388, 0x38A, 0x38C, 0x38C,
            0x38E, 0x3A1, 0x3A3, 0x3F5, 0x3F7, 0x481, 0x48A, 0x52F, 0x531, 0x556, 0x10A0, 0x10C5, 0x13A0, 0x13F5,
            0x13F8, 0x13FD, 0x1C90, 0x1CBA, 0x1CBD, 0x1CBF, 0x1D00, 0x1D2B, 0x1D6B, 0x1D77, 0x1D79, 0x1D9A, 0x1E00,
            0x1F15, 0x1F18, 0x1F1D, 0x1F20, 0x1F45, 0x1F48, 0x1F4D, 0x1F50, 0x1F57, 0x1F59, 0x1F59, 0x1F5B, 0x1F5B,
            0x1F5D, 0x1F5D, 0x1F5F, 0x1F7D, 0x1F80, 0x1FB4, 0x1FB6, 0x1FBC, 0x1FBE, 0x1FBE, 0x1FC2, 0x1FC4, 0x1FC6,
            0x1FCC, 0x1FD0, 0x1FD3, 0x1FD6, 0x1FDB, 0x1FE0, 0x1FEC, 0x1FF2, 0x1FF4, 0x1FF6, 0x1FFC, 0x2102, 0x2102,
            0x2107, 0x2107, 0x210A, 0x2113, 0x2115, 0x2115, 0x2119, 0x211D, 0x2124, 0x2124, 0x2126, 0x2126, 0x2128,
            0x2128, 0x212A, 0x212D, 0x212F, 0x2134, 0x2139, 0x2139, 0x213C, 0x213F, 0x2145, 0x2149, 0x214E, 0x214E,
            0x2183, 0x2184, 0x2C00, 0x2C7B, 0x2C7E, 0x2CE4, 0x2CEB, 0x2CEE, 0x2CF2, 0x2CF3, 0xA640, 0xA66D, 0xA680,
            0xA69B, 0xA722, 0xA76F, 0xA771, 0xA787, 0xA78B, 0xA78E, 0xAB70, 0xABBF, 0xFB00, 0xFB06, 0xFB13, 0xFB17,
            0xFF21, 0xFF3A, 0xFF41, 0xFF5A, 0x10400, 0x1044F, 0x104B0, 0x104D3, 0x104D8, 0x104FB, 0x10C80, 0x10CB2,
            0x10CC0, 0x10CF2, 0x118A0, 0x118DF, 0x1E900, 0x1E943);

    public static final PreTokenizer DEFAULT = new PreTokenizer("default", List.of(
            ClassRunSplitter.runs(CharClass.category(Unicode.PUNCTUATION).or(CharClass.chars("$+<=>^~|"))),
            GPT2, DIGITS, THREE_ASCII_DIGITS), Set.of());

    static {
        add(DEFAULT.splitters(), Set.of(), "default");
        add(List.of(LLAMA3), Set.of(IGNORE_MERGES, ADD_BOS),
                "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2", "jina-v5-nano");
        add(List.of(LLAMA3), Set.of(), "dbrx", "smaug-bpe");
        add(List.of(LLAMA3), Set.of(NO_DEFAULT_BOS), "glm4", "chatglm-bpe");
        add(List.of(new RegexSplitter(CONTRACTIONS + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
                + "|\\s*[\\r\\n]+|\\s{512}(?!\\S)|\\s{256}(?!\\S)|\\s{128}(?!\\S)|\\s{64}(?!\\S)|\\s{32}(?!\\S)"
                + "|\\s{16}(?!\\S)|\\s{8}(?!\\S)|\\s{4}(?!\\S)|\\s{1,2}(?!\\S)|\\s{1}")), Set.of(), "jais-2");
        add(List.of(CR_OR_LF, new ClassRunSplitter(CharClass.WHITESPACE, DEEPSEEK_LETTERS, 1, Integer.MAX_VALUE),
                new ClassRunSplitter(CharClass.WHITESPACE, CharClass.ranges(0x21, 0x2F, 0x3A, 0x7E, 0xFF01, 0xFF0F,
                        0xFF1A, 0xFF5E, 0x2018, 0x201F, 0x3000, 0x3002), 1, Integer.MAX_VALUE),
                new TrailingWhitespaceSplitter(), CJK_HANGUL, DIGITS), Set.of(KEEP_SPACES), "deepseek-llm");
        add(List.of(DIGITS_1_3, CJK_KANA, DEEPSEEK3_WORDS), Set.of(KEEP_SPACES), "deepseek-v3", "hunyuan-dense", "hy_v4", "joyai-llm");
        add(List.of(DIGITS_1_3, CJK_KANA, new RegexSplitter(ASCII_PUNCTUATION_THEN_LETTERS
                + "|[^\\r\\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+|[\\r\\n]|\\s+(?!\\S)|\\s+"), DIGIT),
                Set.of(KEEP_SPACES), "spark2_5");
        add(List.of(new RegexSplitter("[가-힣ㄱ-ㆎ]+|[！…“”‘’—：；，、-〿︰-﹏]+|[ㄅ-ㄯ]+|[一-龥぀-ゟ゠-ヿ]+"),
                new RegexSplitter("[^\\r\\n\\p{L}\\p{N}]?" + UPPER + "*" + LOWER + "+" + CONTRACTIONS + "?"
                        + "|[^\\r\\n\\p{L}\\p{N}]?" + UPPER + "+" + LOWER + "*" + CONTRACTIONS + "?"
                        + "|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*" + SPACES_TAIL)),
                Set.of(KEEP_SPACES, IGNORE_MERGES), "youtu");
        add(List.of(CR_OR_LF, new ClassRunSplitter(CharClass.WHITESPACE, CharClass.category(Unicode.LETTER), 1, Integer.MAX_VALUE),
                new ClassRunSplitter(CharClass.WHITESPACE, CharClass.category(Unicode.PUNCTUATION), 1, Integer.MAX_VALUE),
                CJK_HANGUL, DIGIT), Set.of(KEEP_SPACES), "deepseek-coder");
        add(List.of(ClassRunSplitter.runs(CharClass.category(Unicode.PUNCTUATION).or(CharClass.chars("$+<=>^~|`"))),
                GPT2, THREE_ASCII_DIGITS), Set.of(), "falcon");
        add(List.of(DIGIT, GPT2), Set.of(), "starcoder", "refact", "codeshell", "exaone", "minerva-7b", "mellum2");
        add(List.of(DIGIT, GPT2), Set.of(KEEP_SPACES), "command-r", "smollm");
        add(List.of(GPT2), Set.of(), "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de",
                "a.x-4.0", "mellum", "modern-bert", "mpt", "olmo", "jais", "exaone4");
        add(List.of(GPT2), Set.of(ADD_SEP), "jina-v1-en", "jina-v2-code", "roberta-bpe");
        add(List.of(GPT2), Set.of(KEEP_SPACES), "trillion", "granite-docling");
        add(List.of(QWEN2), Set.of(KEEP_SPACES), "qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "hunyuan", "solar-open", "grok-2");
        add(List.of(QWEN2), Set.of(), "stablelm2", "megrez");
        add(List.of(new Llama3Splitter(1, true)), Set.of(KEEP_SPACES), "qwen35");
        add(List.of(NOT_PUNCTUATION_RUNS), Set.of(KEEP_SPACES), "poro-chat");
        add(List.of(NOT_PUNCTUATION_RUNS), Set.of(), "bloom", "gpt3-finnish");
        add(List.of(NOT_PUNCTUATION_RUNS, DIGIT), Set.of(KEEP_SPACES), "viking");
        add(List.of(new CasedWordSplitter(1, false, false)), Set.of(KEEP_SPACES, IGNORE_MERGES, ADD_BOS), "tekken");
        add(List.of(new RegexSplitter("<sentinel:[0-9]+>"), new RegexSplitter("(IMGIMG)((A|B|C|D|E|F|G|H|I){1,4})Z"),
                new RegexSplitter("([\\t\\n]|    |  )"), DIGIT, new RegexSplitter("[\\p{P}!-/:-@\\[-`{-~]"), GPT2),
                Set.of(ADD_BOS, KEEP_SPACES), "chameleon");
        add(List.of(new CasedWordSplitter(3, true, false)), Set.of(KEEP_SPACES), "gpt-4o", "llama4", "kanana2", "talkie", "minimax-m2");
        add(List.of(new CasedWordSplitter(3, true, true)), Set.of(KEEP_SPACES, IGNORE_MERGES), "granite-embed-multi-97m");
        add(List.of(DIGIT_GROUPS, new RegexSplitter("[^\\r\\n\\p{L}\\p{N}]?" + UPPER + "*" + LOWER + "+" + CONTRACTIONS + "?"
                + "|[^\\r\\n\\p{L}\\p{N}]?" + UPPER + "+" + LOWER + "*" + CONTRACTIONS + "?"
                + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*" + SPACES_TAIL)), Set.of(KEEP_SPACES), "tiny_aya", "cohere2moe");
        add(List.of(new KimiK2Splitter()), Set.of(KEEP_SPACES), "kimi-k2");
        add(List.of(DIGITS, new DigitTripletSplitter()), Set.of(KEEP_SPACES), "superbpe");
        add(List.of(new RegexSplitter("'(?:[sSdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
                + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+")), Set.of(KEEP_SPACES),
                "bailingmoe", "bailingmoe2", "llada-moe");
        add(List.of(new RegexSplitter(CONTRACTIONS + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1}| ?[^\\s\\p{L}\\p{N}\\r\\n]+"
                + SPACES_TAIL)), Set.of(KEEP_SPACES), "seed-coder");
        add(List.of(new RegexSplitter("[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*" + SPACES_TAIL)),
                Set.of(KEEP_SPACES), "ufakzeka");
        add(List.of(DIGIT_GROUPS, new RegexSplitter("[一-鿿㐀-䶿豈-﫿぀-ゟ゠-ヿ･-ﾟ⼀-⿟เ-๿຀-໿ក-៿က-႟ꩠ-ꩿꧠ-꧿가-힯ᄀ-ᇿ]+"),
                DEEPSEEK3_WORDS), Set.of(KEEP_SPACES), "afmoe");
        add(List.of(NEWLINES, QWEN2), Set.of(KEEP_SPACES), "laguna");
        add(List.of(new RegexSplitter(EXAONE_MOE)), Set.of(), "exaone-moe");
        add(List.of(NEWLINES), Set.of(RAW_UTF8, ESCAPE_SPACES, FORCE_BOS, NEWLINE_WORDS), "gemma4", "granite-embed-multi-311m");
        add(List.of(NEWLINES), Set.of(RAW_UTF8, ESCAPE_SPACES, KEEP_SPACES), "sarvam-moe");
        add(List.of(DIGITS_1_3, new RegexSplitter(CONTRACTIONS + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}+"
                + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*" + SPACES_TAIL)), Set.of(IGNORE_MERGES), "minicpm5");
        add(List.of(ClassRunSplitter.runs(CharClass.NOT_WHITESPACE)), Set.of(RAW_UTF8), "whitespace");
    }

    private PreTokenizers() {}

    /** The pre-tokenizer for a {@code tokenizer.ggml.pre} value; absent or unknown names get the default one. */
    public static PreTokenizer forName(String name) {
        if (name == null || name.isEmpty()) {
            LOG.warn("the GGUF names no pre-tokenizer (tokenizer.ggml.pre); using 'default', tokenization may be degraded");
            return DEFAULT;
        }
        PreTokenizer p = BY_NAME.get(name);
        if (p == null) {
            LOG.warn("unknown pre-tokenizer '{}' (tokenizer.ggml.pre); using 'default'", name);
            return DEFAULT;
        }
        return p;
    }

    /** Whether llama.cpp knows this pre-tokenizer name. */
    public static boolean isKnown(String name) {
        return BY_NAME.containsKey(name);
    }

    /** Every name llama.cpp knows. */
    public static Set<String> names() {
        return Set.copyOf(BY_NAME.keySet());
    }

    /** The regex llama.cpp runs for the GPT-4o family (letters: the lookahead class), which CasedWordSplitter replaces. */
    static String gpt4oRegex(String letter, boolean contractions, String digits) {
        String notLower = "((?=" + letter + ")([^a-z]))", notUpper = "((?=" + letter + ")([^A-Z]))";
        String c = contractions ? CONTRACTIONS + "?" : "";
        return "[^\\r\\n\\p{L}\\p{N}]?" + notLower + "*" + notUpper + "+" + c
                + "|[^\\r\\n\\p{L}\\p{N}]?" + notLower + "+" + notUpper + "*" + c
                + "|\\p{N}" + digits + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*" + SPACES_TAIL;
    }

    private static void add(List<Splitter> splitters, Set<PreTokenizer.Option> options, String... names) {
        Set<PreTokenizer.Option> opts = options.isEmpty() ? EnumSet.noneOf(PreTokenizer.Option.class) : EnumSet.copyOf(options);
        for (String name : names) {
            if (BY_NAME.put(name, new PreTokenizer(name, splitters, opts)) != null) throw new IllegalStateException("duplicate " + name);
        }
    }
}
