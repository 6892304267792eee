package dev.jollama.engine.quantize;

import dev.jollama.engine.gguf.GgufArray;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.gguf.GgufTensorInfo;
import dev.jollama.engine.tensor.GgmlType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type each tensor gets in a file of a {@link FileType}, decided as llama.cpp's llama-quantize decides it without
 * an importance matrix or overrides (llama_tensor_get_type, for the file types Ollama offers): 1-D tensors, norms,
 * embeddings of positions and token types, and a list of small special tensors keep their type; the others get the
 * file type's default type, except that Q4_K_M and Q4_K_S give more bits to the output (and a tied token embedding),
 * to some attention value projections and to some FFN down projections, chosen by their position among the layers;
 * and a row length that is not a multiple of the type's block falls back to a type whose block fits.
 *
 * <p>Position counters advance in the order tensors are written (non-layer tensors by name, then layer by layer, by
 * name within a layer), so {@link #of} must be given the tensors in that order.
 */
final class TensorTypes {
    private static final Pattern LAYER = Pattern.compile("^blk\\.(\\d+)\\.");
    /** Tensors that stay as they are although 2-D and named "...weight" (substrings of the name). */
    private static final List<String> KEPT = List.of("_norm.weight", "ffn_gate_inp.weight", "ffn_gate_tid2eid.weight",
            "altup", "laurel", "per_layer_model_proj", "ssm_conv1d", "shortconv.conv.weight", "indexer.k_proj.weight",
            "indexer.q_proj.weight", "time_mix_first.weight", "time_mix_w0.weight", "time_mix_w1.weight",
            "time_mix_w2.weight", "time_mix_v0.weight", "time_mix_v1.weight", "time_mix_v2.weight", "time_mix_a0.weight",
            "time_mix_a1.weight", "time_mix_a2.weight", "time_mix_g1.weight", "time_mix_g2.weight",
            "time_mix_decay_w1.weight", "time_mix_decay_w2.weight", "time_mix_lerp_fused.weight", "attn_rel_b.weight",
            ".position_embd", "sam.pos_embd", "sam.neck.", "sam.net_", ".rel_pos", ".patch_embd", ".patch_merger",
            "a.rvq.codebook", "mm.a.code_embd");
    /** Architectures whose 80-layer (jais2: 68) models llama.cpp calls 70B, where attn_v gets Q5_K for Q4_K. */
    private static final Map<String, Integer> LAYERS_OF_70B = Map.of("qwen2", 80, "deci", 80, "olmo", 80, "jais2", 68);

    private final FileType fileType;
    private final String arch;
    private final int layers;
    private final int experts;
    private final boolean is70B;
    private final boolean tiedEmbeddings;
    private final int attentionVCount;
    private int attentionV;
    private int ffnDown;

    private TensorTypes(FileType fileType, GgufMetadata md, List<GgufTensorInfo> tensors) {
        this.fileType = fileType;
        this.arch = md.getString("general.architecture", "");
        this.layers = md.getInt(arch + ".block_count", 0);
        this.experts = md.getInt(arch + ".expert_count", 0);
        int heads = first(md, arch + ".attention.head_count"), kvHeads = first(md, arch + ".attention.head_count_kv");
        this.is70B = arch.equals("llama") ? layers == 80 && experts != 8 && heads != kvHeads
                : LAYERS_OF_70B.getOrDefault(arch, -1) == layers;
        this.tiedEmbeddings = tensors.stream().noneMatch(t -> t.name().equals("output.weight"));
        this.attentionVCount = (int) tensors.stream().filter(t -> TensorCategory.of(t.name()).isAttentionV()).count();
    }

    /** The new type of each tensor, in order; {@code tensors} in file order (see the class comment). */
    static List<GgmlType> of(FileType fileType, GgufMetadata md, List<GgufTensorInfo> tensors) {
        TensorTypes chooser = new TensorTypes(fileType, md, tensors);
        List<GgmlType> types = new ArrayList<>(tensors.size());
        for (GgufTensorInfo t : tensors) types.add(chooser.next(t));
        return types;
    }

    /** Whether llama.cpp converts this tensor at all (tensor_allows_quantization). */
    static boolean converts(GgufTensorInfo t) {
        String name = t.name();
        if (dimensions(t) < 2 || !name.endsWith("weight")) return false;
        if (name.equals("position_embd.weight") || name.equals("token_types.weight")) return false;
        for (String kept : KEPT) if (name.contains(kept)) return false;
        return true;
    }

    private GgmlType next(GgufTensorInfo t) {
        if (!converts(t)) return t.type();
        GgmlType type = fileType.defaultType;
        if (!type.isQuantized()) return type;
        return fallback(t, mixture(t, TensorCategory.of(t.name()), type));
    }

    /** The Q4_K_M / Q4_K_S (and 8-expert) adjustments of llama_tensor_get_type_impl. */
    private GgmlType mixture(GgufTensorInfo t, TensorCategory category, GgmlType type) {
        boolean falcon = arch.equals("falcon");
        if (category == TensorCategory.OUTPUT || tiedEmbeddings && category == TensorCategory.TOKEN_EMBD) {
            if (falcon || t.rowLength() % type.blockSize != 0) return GgmlType.Q8_0;
            return type != GgmlType.Q8_0 ? GgmlType.Q6_K : type;
        }
        if (category.isAttentionV()) {
            if (fileType == FileType.Q4_K_M && moreBits(attentionV, attentionVCount)) type = GgmlType.Q6_K;
            else if (fileType == FileType.Q4_K_S && attentionV < 4) type = GgmlType.Q5_K;
            if (is70B && type == GgmlType.Q4_K) type = GgmlType.Q5_K;
            if (experts == 8) type = GgmlType.Q8_0;
            attentionV++;
            return type;
        }
        if (category == TensorCategory.ATTENTION_K) return experts == 8 ? GgmlType.Q8_0 : type;
        if (category == TensorCategory.FFN_DOWN) {
            int layer = layerOf(t.name(), ffnDown);
            ffnDown++;
            if (fileType == FileType.Q4_K_M) {
                if (falcon) return layer < layers / 16 ? GgmlType.Q6_K : moreBits(layer, layers) ? GgmlType.Q5_K : GgmlType.Q4_K;
                return moreBits(layer, layers) ? GgmlType.Q6_K : type;
            }
            if (fileType == FileType.Q4_K_S && !falcon && layer < layers / 8) return GgmlType.Q5_K;
            return type;
        }
        if (category == TensorCategory.ATTENTION_OUTPUT && !falcon && experts == 8
                && (fileType == FileType.Q4_K_M || fileType == FileType.Q4_K_S)) {
            return GgmlType.Q5_K;
        }
        return type;
    }

    /** The first and last eighth of the layers and every third one between them (use_more_bits). */
    private static boolean moreBits(int layer, int count) {
        return layer < count / 8 || layer >= 7 * count / 8 || (layer - count / 8) % 3 == 2;
    }

    /** The layer of an FFN down projection: its position, or with experts (not consecutive in files) its name. */
    private int layerOf(String name, int position) {
        if (experts <= 1) return position;
        Matcher m = LAYER.matcher(name);
        if (!m.find()) throw new IllegalArgumentException("failed to determine the layer of tensor " + name);
        int layer = Integer.parseInt(m.group(1));
        if (layer >= layers) throw new IllegalArgumentException("bad layer " + layer + " for tensor " + name + ", the model has " + layers);
        return layer;
    }

    /** A row that is not whole blocks of the chosen type gets a type with 32-element blocks, or F16 (tensor_type_fallback). */
    private static GgmlType fallback(GgufTensorInfo t, GgmlType type) {
        long cols = t.rowLength();
        if (cols % type.blockSize == 0) return type;
        GgmlType smaller = switch (type) {
            case Q4_K -> GgmlType.Q5_0;
            case Q5_K -> GgmlType.Q5_1;
            case Q6_K -> GgmlType.Q8_0;
            default -> type;
        };
        return cols % smaller.blockSize == 0 ? smaller : GgmlType.F16;
    }

    /** ggml_n_dims: dimensions up to the last one larger than 1. */
    private static int dimensions(GgufTensorInfo t) {
        for (int i = t.shape().length - 1; i > 0; i--) if (t.shape()[i] > 1) return i + 1;
        return 1;
    }

    /** A per-layer value (head counts may be arrays): the first layer's. */
    private static int first(GgufMetadata md, String key) {
        Object v = md.get(key);
        if (v instanceof GgufArray a) return a.length() == 0 ? 0 : ((Number) a.get(0)).intValue();
        return md.getInt(key, 0);
    }
}
