package dev.jollama.api;

/** A tensor of a model as /api/show lists it: name, GGML type name ("Q4_K", "F32") and shape. */
public record TensorInfo(String name, String type, long[] shape) {
}
