package dev.jollama.engine.sampling;

/** One step of the sampler chain: narrows or reweights the candidates. */
public interface SamplerStage {
    void apply(Candidates candidates);

    /** Told about every token that enters the sequence (prompt and generated), for stages with memory. */
    default void accept(int token) {}
}
