/* Reads one golden case's x.npy (float32), positions.npy (int64) and expected.npy (float64) with
 * nothing but the C standard library, recomputes RoPE in double precision and prints the largest
 * difference from the expected output.
 *
 *   golden_reader CASE_DIR LAYOUT DIM ROTARY_DIM BASE
 *
 * LAYOUT is "half" or "interleaved"; x is read as rows of DIM features, row r at position
 * positions[r % npositions] (positions broadcast over the leading batch and head axes).
 * Exit 0 and "max_abs_error E" on stdout; exit 1 with a message on any malformed file. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *read_npy(const char *dir, const char *name, const char *descr, size_t item, size_t *count) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "%s: cannot open\n", path); exit(1); }
    unsigned char magic[10];
    if (fread(magic, 1, 10, f) != 10 || memcmp(magic, "\x93NUMPY", 6) != 0 || magic[6] != 1) {
        fprintf(stderr, "%s: not a version 1 .npy file\n", path); exit(1);
    }
    size_t header_len = magic[8] | (magic[9] << 8);
    char *header = calloc(header_len + 1, 1);
    if (fread(header, 1, header_len, f) != header_len) { fprintf(stderr, "%s: short header\n", path); exit(1); }
    char want[64];
    snprintf(want, sizeof want, "'descr': '%s'", descr);
    if (!strstr(header, want) || !strstr(header, "'fortran_order': False")) {
        fprintf(stderr, "%s: expected %s in C order; header %s\n", path, descr, header); exit(1);
    }
    char *shape = strstr(header, "'shape': (");
    if (!shape) { fprintf(stderr, "%s: no shape\n", path); exit(1); }
    size_t n = 1;
    for (char *p = shape + 10; *p && *p != ')';) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p) { p++; continue; }
        n *= (size_t)v;
        p = end;
    }
    void *data = malloc(n * item + 1);
    if (fread(data, item, n, f) != n || fgetc(f) != EOF) { fprintf(stderr, "%s: wrong data size\n", path); exit(1); }
    fclose(f);
    free(header);
    *count = n;
    return data;
}

int main(int argc, char **argv) {
    if (argc != 6) { fprintf(stderr, "usage: %s CASE_DIR LAYOUT DIM ROTARY_DIM BASE\n", argv[0]); return 2; }
    const char *dir = argv[1];
    int interleaved = strcmp(argv[2], "interleaved") == 0;
    int dim = atoi(argv[3]), rot = atoi(argv[4]);
    double base = atof(argv[5]);
    size_t nx, np_, ne;
    float *x = read_npy(dir, "x.npy", "<f4", 4, &nx);
    int64_t *pos = read_npy(dir, "positions.npy", "<i8", 8, &np_);
    double *expected = read_npy(dir, "expected.npy", "<f8", 8, &ne);
    if (ne != nx || nx % dim != 0 || np_ == 0) { fprintf(stderr, "%s: shapes do not agree\n", dir); return 1; }
    double worst = 0.0;
    for (size_t r = 0; r < nx / dim; r++) {
        const float *row = x + r * dim;
        double y[4096];
        for (int k = 0; k < dim; k++) y[k] = row[k];
        double m = (double)pos[r % np_];
        for (int j = 0; j < rot / 2; j++) {
            double angle = m * pow(base, -2.0 * j / rot);
            int a = interleaved ? 2 * j : j, b = interleaved ? 2 * j + 1 : j + rot / 2;
            y[a] = row[a] * cos(angle) - row[b] * sin(angle);
            y[b] = row[b] * cos(angle) + row[a] * sin(angle);
        }
        for (int k = 0; k < dim; k++) {
            double e = fabs(y[k] - expected[r * dim + k]);
            if (e > worst) worst = e;
        }
    }
    printf("max_abs_error %.3e\n", worst);
    return 0;
}
