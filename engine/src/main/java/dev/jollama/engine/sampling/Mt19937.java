package dev.jollama.engine.sampling;

/**
 * The 32-bit Mersenne Twister (std::mt19937) with libstdc++'s {@code uniform_real_distribution<double>(0, 1)}, the
 * random source of llama.cpp's sampler, so a seed means the same draws here as there.
 */
final class Mt19937 {
    private final int[] mt = new int[624];
    private int index;

    Mt19937(int seed) {
        mt[0] = seed;
        for (int i = 1; i < 624; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        index = 624;
    }

    int next() {
        if (index >= 624) twist();
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        return y ^ (y >>> 18);
    }

    private void twist() {
        for (int i = 0; i < 624; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7FFFFFFF);
            int v = mt[(i + 397) % 624] ^ (y >>> 1);
            mt[i] = (y & 1) != 0 ? v ^ 0x9908B0DF : v;
        }
        index = 0;
    }

    /** A double in [0, 1) from two draws, as {@code std::generate_canonical<double, 53>} makes it. */
    double nextDouble() {
        double lo = Integer.toUnsignedLong(next());
        double hi = Integer.toUnsignedLong(next());
        double r = (lo + hi * 4294967296.0) / 18446744073709551616.0;
        return r >= 1.0 ? Math.nextDown(1.0) : r;
    }
}
