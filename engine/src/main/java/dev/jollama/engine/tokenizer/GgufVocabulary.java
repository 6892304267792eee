package dev.jollama.engine.tokenizer;

import dev.jollama.engine.gguf.GgufMetadata;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The vocabulary of a GGUF file, read from its {@code tokenizer.ggml.*} metadata as llama.cpp reads it: token texts,
 * scores and types; llama.cpp's token attributes (including the end-of-generation and FIM tokens it recognises by
 * text, and the lstrip/rstrip attributes it derives from the model name); special ids; BOS/EOS/SEP rules; and the bytes
 * each token contributes to text.
 */
public final class GgufVocabulary implements Vocabulary {
    // llama.cpp's llama_token_attr bits
    public static final int ATTR_UNKNOWN = 1;
    public static final int ATTR_UNUSED = 1 << 1;
    public static final int ATTR_NORMAL = 1 << 2;
    public static final int ATTR_CONTROL = 1 << 3;
    public static final int ATTR_USER_DEFINED = 1 << 4;
    public static final int ATTR_BYTE = 1 << 5;
    public static final int ATTR_NORMALIZED = 1 << 6;
    public static final int ATTR_LSTRIP = 1 << 7;
    public static final int ATTR_RSTRIP = 1 << 8;
    public static final int ATTR_SINGLE_WORD = 1 << 9;

    private static final String KEY = "tokenizer.ggml.";

    /**
     * Texts llama.cpp takes as end-of-turn, FIM prefix, ... when the metadata gives no id. llama.cpp takes the first it
     * meets in hash order; we take them in this order, which picks the chat end-of-turn token over a plain end-of-text.
     */
    private static final List<String> EOT_TEXTS = List.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>",
            "<|endoftext|>", "<|end_of_text|>", "<EOT>", "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>");
    private static final List<String> FIM_PRE_TEXTS = List.of("<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>",
            "<｜fim▁begin｜>", "<PRE>", "▁<PRE>", "<|code_prefix|>", "<|prefix|>");
    private static final List<String> FIM_SUF_TEXTS = List.of("<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>",
            "<｜fim▁hole｜>", "<SUF>", "▁<SUF>", "<|code_suffix|>", "<|suffix|>");
    private static final List<String> FIM_MID_TEXTS = List.of("<|fim_middle|>", "<fim-middle>", "<fim_middle>",
            "<｜fim▁end｜>", "<MID>", "▁<MID>", "<|code_middle|>", "<|middle|>");
    private static final List<String> FIM_PAD_TEXTS = List.of("<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]");
    private static final List<String> FIM_REP_TEXTS = List.of("<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>");
    /** Texts of tokens that end generation, whatever the metadata says. */
    private static final Set<String> EOG_TEXTS = Set.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>",
            "<|flush|>", "<|calls|>", "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]",
            "[EOS]", "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>",
            "<｜end▁of▁sentence｜>", "[e~[");
    /** gpt-oss's channel tokens, which llama.cpp always renders. */
    private static final Set<String> ALWAYS_RENDERED = Set.of("<|channel|>", "<|message|>", "<|start|>", "<|constrain|>");

    private final String model;
    private final String pre;
    private final String[] tokens;
    private final byte[][] utf8;
    private final float[] scores;
    private final TokenType[] types;
    private final int[] attrs;
    private final ByteStringMap ids;
    private final int maxTokenBytes;
    private final byte[][] pieces;
    private final int[] specialTokens;
    private final boolean[] endOfGeneration;
    private final int[] byteTokens = new int[256];
    private final int[] hexByteTokens = new int[256];

    private int bos, eos, eot = -1, eom = -1, unk, sep, pad, mask;
    private int fimPre = -1, fimSuf = -1, fimMid = -1, fimPad = -1, fimRep = -1, fimSep = -1;
    private boolean addBos, addEos, addSep;
    private final boolean addSpacePrefix, removeExtraWhitespaces, cleanSpaces, byteLevel;
    private final boolean lowercase, stripAccents;

    GgufVocabulary(GgufMetadata m, String model, String pre, VocabDefaults d) {
        this.model = model;
        this.pre = pre;
        String[] texts = m.getStringArray(KEY + "tokens");
        if (texts == null) throw new IllegalArgumentException("the GGUF has no " + KEY + "tokens array of strings");
        tokens = texts.clone();
        int n = tokens.length;
        scores = readScores(m, n);
        int[] typeIds = m.contains(KEY + "token_type") ? m.getIntArray(KEY + "token_type") : null;
        if (m.contains(KEY + "token_type") && (typeIds == null || typeIds.length < n)) {
            throw new IllegalArgumentException(KEY + "token_type must be an integer array with an entry per token");
        }
        addSpacePrefix = m.getBool(KEY + "add_space_prefix", d.addSpacePrefix());
        removeExtraWhitespaces = m.getBool(KEY + "remove_extra_whitespaces", false);
        cleanSpaces = d.cleanSpaces();
        byteLevel = d.byteLevel();

        utf8 = new byte[n][];
        types = new TokenType[n];
        attrs = new int[n];
        ids = new ByteStringMap(n);
        int maxBytes = 0;
        for (int i = 0; i < n; i++) {
            if (tokens[i] == null || tokens[i].isEmpty()) tokens[i] = "[EMPTY_" + i + "]";
            utf8[i] = tokens[i].getBytes(StandardCharsets.UTF_8);
            ids.put(utf8[i], i);
            maxBytes = Math.max(maxBytes, utf8[i].length);
            types[i] = typeIds == null ? TokenType.NORMAL : TokenType.byId(typeIds[i]);
            attrs[i] = typeIds == null ? ATTR_NORMAL : attrOf(types[i]);
        }
        maxTokenBytes = maxBytes;

        bos = validDefault(d.bos(), n);
        eos = validDefault(d.eos(), n);
        unk = validDefault(d.unk(), n);
        sep = validDefault(d.sep(), n);
        pad = validDefault(d.pad(), n);
        mask = validDefault(d.mask(), n);
        bos = idFrom(m, "bos_token_id", bos, n);
        eos = idFrom(m, "eos_token_id", eos, n);
        eot = idFrom(m, "eot_token_id", eot, n);
        eom = idFrom(m, "eom_token_id", eom, n);
        unk = idFrom(m, "unknown_token_id", unk, n);
        sep = idFrom(m, "seperator_token_id", sep, n);
        pad = idFrom(m, "padding_token_id", pad, n);
        mask = idFrom(m, "mask_token_id", mask, n);
        fimPre = idFrom(m, "prefix_token_id", idFrom(m, "fim_pre_token_id", fimPre, n), n);
        fimSuf = idFrom(m, "suffix_token_id", idFrom(m, "fim_suf_token_id", fimSuf, n), n);
        fimMid = idFrom(m, "middle_token_id", idFrom(m, "fim_mid_token_id", fimMid, n), n);
        fimPad = idFrom(m, "fim_pad_token_id", fimPad, n);
        fimRep = idFrom(m, "fim_rep_token_id", fimRep, n);
        fimSep = idFrom(m, "fim_sep_token_id", fimSep, n);

        addBos = m.getBool(KEY + "add_bos_token", d.addBos()) || d.forceAddBos();
        addEos = m.getBool(KEY + "add_eos_token", d.addEos());
        addSep = m.getBool(KEY + "add_sep_token", d.addSep());
        lowercase = m.getBool(KEY + "normalizer.lowercase", !"whitespace".equals(pre));
        stripAccents = m.getBool(KEY + "normalizer.strip_accents", lowercase);

        detectSpecialTokensByText();
        endOfGeneration = collectEndOfGeneration();
        specialTokens = specialTokensLongestFirst();
        pieces = new byte[n][];
        for (int i = 0; i < n; i++) pieces[i] = piece(i);
        applyStripAttributes(m);
        for (int b = 0; b < 256; b++) {
            hexByteTokens[b] = ids.get(String.format("<0x%02X>", b).getBytes(StandardCharsets.US_ASCII));
            byteTokens[b] = hexByteTokens[b] >= 0 ? hexByteTokens[b] : ids.get(new byte[] {(byte) b});
        }
    }

    private static float[] readScores(GgufMetadata m, int n) {
        if (!m.contains(KEY + "scores")) return new float[n];
        float[] f = m.getFloatArray(KEY + "scores");
        if (f == null) {
            int[] ints = m.getIntArray(KEY + "scores");
            if (ints == null) throw new IllegalArgumentException(KEY + "scores must be an array of float32 or int32");
            f = new float[ints.length];
            for (int i = 0; i < ints.length; i++) f[i] = ints[i];
        }
        if (f.length < n) throw new IllegalArgumentException(KEY + "scores has " + f.length + " entries for " + n + " tokens");
        return f;
    }

    private static int attrOf(TokenType t) {
        return switch (t) {
            case UNKNOWN -> ATTR_UNKNOWN;
            case UNUSED -> ATTR_UNUSED;
            case NORMAL -> ATTR_NORMAL;
            case CONTROL -> ATTR_CONTROL;
            case USER_DEFINED -> ATTR_USER_DEFINED;
            case BYTE -> ATTR_BYTE;
            case UNDEFINED -> 0;
        };
    }

    private static int validDefault(int id, int n) {
        return id >= n ? -1 : id;
    }

    private static int idFrom(GgufMetadata m, String key, int fallback, int n) {
        if (!m.contains(KEY + key)) return fallback;
        long id = m.getLong(KEY + key, -1);
        return id >= 0 && id < n ? (int) id : fallback;
    }

    private void detectSpecialTokensByText() {
        if (eot < 0) eot = firstPresent(EOT_TEXTS);
        if (eom < 0) eom = firstPresent(List.of("<|eom_id|>"));
        if (fimPre < 0) fimPre = firstPresent(FIM_PRE_TEXTS);
        if (fimSuf < 0) fimSuf = firstPresent(FIM_SUF_TEXTS);
        if (fimMid < 0) fimMid = firstPresent(FIM_MID_TEXTS);
        if (fimPad < 0) fimPad = firstPresent(FIM_PAD_TEXTS);
        if (fimRep < 0) fimRep = firstPresent(FIM_REP_TEXTS);
        if (fimSep < 0) fimSep = firstPresent(List.of("<|file_sep|>"));
        for (int i = 0; i < tokens.length; i++) {
            if ((attrs[i] & ATTR_CONTROL) != 0 && tokens[i].contains("unused")) attrs[i] |= ATTR_UNUSED;
        }
    }

    /** The first of these texts that is a token, marked as a control token; -1 if none is. */
    private int firstPresent(List<String> texts) {
        for (String t : texts) {
            int id = id(t);
            if (id >= 0) return markControl(id);
        }
        return -1;
    }

    private int markControl(int id) {
        attrs[id] |= ATTR_CONTROL;
        return id;
    }

    private boolean[] collectEndOfGeneration() {
        boolean[] eog = new boolean[tokens.length];
        for (int id : new int[] {fimPad, fimRep, fimSep}) if (id >= 0) eog[id] = true;
        for (int i = 0; i < tokens.length; i++) {
            if (EOG_TEXTS.contains(tokens[i])) {
                eog[i] = true;
                attrs[i] |= ATTR_CONTROL;
            }
        }
        for (int i = 0; i < tokens.length; i++) if (ALWAYS_RENDERED.contains(tokens[i])) attrs[i] = ATTR_USER_DEFINED;
        for (int id : new int[] {eos, eot, eom}) if (id >= 0) eog[id] = true;

        // gpt-oss (harmony) and solar-open end a message with <|end|> but a turn with <|return|> or <|call|>
        int end = eogWithText(eog, "<|end|>");
        boolean hasCall = eogWithText(eog, "<|call|>") >= 0 || eogWithText(eog, "<|calls|>") >= 0;
        if (end >= 0 && hasCall && (eogWithText(eog, "<|return|>") >= 0 || eogWithText(eog, "<|flush|>") >= 0)) {
            eog[end] = false;
            attrs[end] = ATTR_USER_DEFINED;
        }
        // Gemma 4 and PaddleOCR use </s> as text when they have <|tool_response>
        int s = eogWithText(eog, "</s>");
        if (s >= 0 && eogWithText(eog, "<|tool_response>") >= 0) {
            eog[s] = false;
            attrs[s] = ATTR_NORMAL;
        }
        return eog;
    }

    private int eogWithText(boolean[] eog, String text) {
        int id = ids.get(text.getBytes(StandardCharsets.UTF_8));
        return id >= 0 && eog[id] ? id : -1;
    }

    private int[] specialTokensLongestFirst() {
        List<Integer> special = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            if ((attrs[i] & (ATTR_CONTROL | ATTR_USER_DEFINED | ATTR_UNKNOWN)) != 0) special.add(i);
        }
        special.sort(Comparator.comparingInt((Integer id) -> -utf8[id].length).thenComparingInt(id -> id));
        return special.stream().mapToInt(Integer::intValue).toArray();
    }

    /** llama.cpp's token_to_piece with special tokens rendered. */
    private byte[] piece(int id) {
        int a = attrs[id];
        if ((a & (ATTR_UNKNOWN | ATTR_CONTROL | ATTR_USER_DEFINED)) != 0) return utf8[id];
        if ((a & ATTR_NORMAL) != 0) {
            return byteLevel ? byteLevelPiece(tokens[id]) : tokens[id].replace('▁', ' ').getBytes(StandardCharsets.UTF_8);
        }
        if ((a & ATTR_BYTE) != 0) return new byte[] {(byte) byteValue(id)};
        return new byte[0];
    }

    /** Byte tokens are written "&lt;0xAB&gt;"; llama.cpp reads the two hex digits after "&lt;0x". */
    private int byteValue(int id) {
        String t = tokens[id];
        try {
            return Integer.parseInt(t.substring(3, Math.min(5, t.length())), 16);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("byte token " + id + " is not of the form <0xXX>: " + t);
        }
    }

    private static byte[] byteLevelPiece(String text) {
        byte[] raw = ByteLevel.decode(text);
        if (raw != null) return raw;
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        text.codePoints().forEach(cp -> {
            int b = ByteLevel.byteOf(cp);
            if (b >= 0) {
                out.write(b);
            } else { // llama.cpp spells out characters that stand for no byte
                StringBuilder s = new StringBuilder("[UNK_BYTE_0x");
                for (byte x : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) s.append(String.format("%02x", x & 0xFF));
                out.writeBytes(s.append(text).append(']').toString().getBytes(StandardCharsets.UTF_8));
            }
        });
        return out.toByteArray();
    }

    /** llama.cpp sets lstrip/rstrip only for a few models it recognises by name. */
    private void applyStripAttributes(GgufMetadata m) {
        String name = m.getString("general.name", "").toLowerCase(Locale.ROOT);
        String arch = m.getString("general.architecture", "");
        String declaredPre = m.getString(KEY + "pre", "");
        if (containsAny(declaredPre, "jina-v2-de", "jina-v2-es", "jina-v2-code") || containsAny(arch, "nomic-bert-moe", "jina-bert-v3")) {
            setAttr("<mask>", ATTR_LSTRIP, true);
        } else if (containsAny(name, "phi-3", "phi3")) {
            for (int id : specialTokens) attrs[id] |= ATTR_RSTRIP;
            setAttr("</s>", ATTR_RSTRIP, true);
            for (String t : new String[] {"<unk>", "<s>", "<|endoftext|>"}) setAttr(t, ATTR_RSTRIP, false);
        } else if (name.contains("modern-bert")) {
            setAttr("[MASK]", ATTR_LSTRIP, true);
        }
    }

    private void setAttr(String token, int attr, boolean on) {
        int id = id(token);
        if (id < 0) return;
        attrs[id] = on ? attrs[id] | attr : attrs[id] & ~attr;
    }

    private static boolean containsAny(String s, String... parts) {
        for (String p : parts) if (s.contains(p)) return true;
        return false;
    }

    // --- Vocabulary ---

    @Override
    public int size() {
        return tokens.length;
    }

    @Override
    public String token(int id) {
        return tokens[check(id)];
    }

    @Override
    public TokenType type(int id) {
        return types[check(id)];
    }

    /** The shared byte array of the token's piece; callers must not modify it. */
    @Override
    public byte[] bytes(int id) {
        return pieces[check(id)];
    }

    @Override
    public int bos() {
        return bos;
    }

    @Override
    public int eos() {
        return eos;
    }

    /** End-of-turn id (from metadata, else recognised by text), or -1. */
    public int eot() {
        return eot;
    }

    /** End-of-message id (Llama 3.1's &lt;|eom_id|&gt;), or -1. */
    public int eom() {
        return eom;
    }

    public int unknown() {
        return unk;
    }

    public int separator() {
        return sep;
    }

    public int padding() {
        return pad;
    }

    public int mask() {
        return mask;
    }

    @Override
    public boolean isEndOfGeneration(int id) {
        return id >= 0 && id < endOfGeneration.length && endOfGeneration[id];
    }

    @Override
    public boolean isSpecial(int id) {
        return (attrs[check(id)] & (ATTR_CONTROL | ATTR_USER_DEFINED)) != 0;
    }

    @Override
    public boolean isControl(int id) {
        return (attrs[check(id)] & (ATTR_CONTROL | ATTR_UNKNOWN)) != 0;
    }

    /** The id of the token whose text is {@code text}, or -1. */
    public int id(String text) {
        return ids.get(text.getBytes(StandardCharsets.UTF_8));
    }

    /** llama.cpp's attribute bits of a token (ATTR_*). */
    public int attributes(int id) {
        return attrs[check(id)];
    }

    public float score(int id) {
        return scores[check(id)];
    }

    /** The value of {@code tokenizer.ggml.model}. */
    public String model() {
        return model;
    }

    /** The pre-tokenizer in effect ("default" when the metadata names none). */
    public String preTokenizer() {
        return pre;
    }

    public boolean addBos() {
        return addBos;
    }

    public boolean addEos() {
        return addEos;
    }

    public boolean addSep() {
        return addSep;
    }

    public boolean addSpacePrefix() {
        return addSpacePrefix;
    }

    public boolean removeExtraWhitespaces() {
        return removeExtraWhitespaces;
    }

    /** Whether detokenization removes spaces before punctuation (clean_up_tokenization_spaces). */
    public boolean cleanSpaces() {
        return cleanSpaces;
    }

    public boolean lowercase() {
        return lowercase;
    }

    public boolean stripAccents() {
        return stripAccents;
    }

    /** Ids of control, user-defined and unknown tokens, longest text first (the order special tokens are parsed in). */
    int[] specialTokens() {
        return specialTokens;
    }

    /** UTF-8 bytes of the token's text as stored; shared, must not be modified. */
    byte[] utf8(int id) {
        return utf8[id];
    }

    /** The token whose text is the bytes {@code buf[from, to)}, or -1. */
    int id(byte[] buf, int from, int to) {
        return ids.get(buf, from, to);
    }

    int maxTokenBytes() {
        return maxTokenBytes;
    }

    /** The token for a raw byte: "&lt;0xAB&gt;", else the one-byte text itself, else -1. */
    int byteToken(int b) {
        return byteTokens[b & 0xFF];
    }

    /** The "&lt;0xAB&gt;" token of a raw byte, or -1. */
    int hexByteToken(int b) {
        return hexByteTokens[b & 0xFF];
    }

    private int check(int id) {
        if (id < 0 || id >= tokens.length) {
            throw new IllegalArgumentException("token id " + id + " is out of range (vocabulary of " + tokens.length + ")");
        }
        return id;
    }

    @Override
    public String toString() {
        return "GgufVocabulary[" + model + "/" + pre + ", " + tokens.length + " tokens]";
    }

    /** All ids that end generation. */
    public int[] endOfGenerationIds() {
        return java.util.stream.IntStream.range(0, endOfGeneration.length).filter(i -> endOfGeneration[i]).toArray();
    }
}
