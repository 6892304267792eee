// What llama.cpp's ggml computes for the kernel golden files (see make-goldens.sh):
//   ggml-reference dequant  TYPE IN.bin  OUT.f32   blocks -> floats (ggml's to_float)
//   ggml-reference quantize TYPE IN.f32  OUT.bin   floats -> blocks (ggml_quantize_chunk, no importance matrix)
//   ggml-reference round    TYPE IN.f32  OUT.f32   floats -> TYPE's vec_dot_type (the CPU backend's from_float) -> floats
// TYPE is ggml's type id. Rows are 256 values; files are raw little-endian.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ggml.h"
#include "ggml-cpu.h"

static void * slurp(const char * path, size_t * size) {
    FILE * f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END); *size = ftell(f); fseek(f, 0, SEEK_SET);
    void * p = malloc(*size);
    if (fread(p, 1, *size, f) != *size) { perror(path); exit(1); }
    fclose(f);
    return p;
}

static void spit(const char * path, const void * p, size_t size) {
    FILE * f = fopen(path, "wb");
    if (!f || fwrite(p, 1, size, f) != size) { perror(path); exit(1); }
    fclose(f);
}

int main(int argc, char ** argv) {
    if (argc != 5) { fprintf(stderr, "usage: %s dequant|quantize|round TYPE IN OUT\n", argv[0]); return 2; }
    ggml_cpu_init();
    enum ggml_type type = (enum ggml_type) atoi(argv[2]);
    size_t size;
    void * in = slurp(argv[3], &size);
    const int64_t row = 256;
    if (strcmp(argv[1], "dequant") == 0) {
        int64_t n = (int64_t) (size / ggml_type_size(type) * ggml_blck_size(type));
        float * out = malloc(n * sizeof(float));
        if (type == GGML_TYPE_F32) memcpy(out, in, n * sizeof(float)); // F32 has no to_float
        else ggml_get_type_traits(type)->to_float(in, out, n);
        spit(argv[4], out, n * sizeof(float));
    } else if (strcmp(argv[1], "quantize") == 0) {
        int64_t n = (int64_t) (size / sizeof(float));
        size_t bytes = ggml_row_size(type, row) * (n / row);
        void * out = malloc(bytes);
        size_t written = ggml_quantize_chunk(type, in, out, 0, n / row, row, NULL);
        spit(argv[4], out, written);
    } else if (strcmp(argv[1], "round") == 0) {
        int64_t n = (int64_t) (size / sizeof(float));
        enum ggml_type dot = ggml_get_type_traits_cpu(type)->vec_dot_type;
        void * q = malloc(ggml_row_size(dot, n));
        float * out = malloc(n * sizeof(float));
        if (dot == GGML_TYPE_F32) memcpy(out, in, n * sizeof(float));
        else {
            ggml_get_type_traits_cpu(dot)->from_float(in, q, n);
            if (dot == GGML_TYPE_Q8_K) { // no to_float: block_q8_K is {float d; int8_t qs[256]; int16_t bsums[16]}
                for (int64_t b = 0; b < n / 256; b++) {
                    const char * blk = (const char *) q + b * ggml_type_size(dot);
                    float d; memcpy(&d, blk, 4);
                    for (int i = 0; i < 256; i++) out[b * 256 + i] = d * ((const int8_t *) (blk + 4))[i];
                }
            } else ggml_get_type_traits(dot)->to_float(q, out, n);
        }
        spit(argv[4], out, n * sizeof(float));
    } else {
        fprintf(stderr, "unknown mode %s\n", argv[1]);
        return 2;
    }
    return 0;
}
