package dev.jollama.api;

/** A status line of pull, push and create: {@code {"status":"pulling 6a0746a1ec1a","digest":"sha256:..","total":N,"completed":M}}. */
public record ProgressResponse(String status, @OmitEmpty String digest, @OmitEmpty long total, @OmitEmpty long completed) {

    public static ProgressResponse of(String status) {
        return new ProgressResponse(status, null, 0, 0);
    }

    public static final ProgressResponse SUCCESS = of("success");
}
