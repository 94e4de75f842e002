package io.github.matrixbackprop;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded generator of mutated files for fuzz tests: bit flips, random bytes, insertions,
 * deletions, truncations, duplicated ranges, and header-style fields overwritten with extreme
 * 32-bit values. The same seed gives the same sequence of inputs, so a failure is reproducible.
 */
public final class Mutator {

    private static final int[] EXTREMES = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7ffffff7, 255, 65536};

    private final SplittableRandom random;

    public Mutator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** One to four random mutations of {@code input} (not modified). */
    public byte[] mutate(byte[] input) {
        byte[] b = input.clone();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            b = once(b);
        }
        return b;
    }

    private byte[] once(byte[] b) {
        int n = b.length;
        switch (random.nextInt(8)) {
            case 0 -> {
                if (n > 0) {
                    int at = random.nextInt(n);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            }
            case 1 -> {
                if (n > 0) {
                    b[random.nextInt(n)] = (byte) random.nextInt(256);
                }
                return b;
            }
            case 2 -> {
                int at = random.nextInt(n + 1);
                byte[] extra = new byte[1 + random.nextInt(16)];
                random.nextBytes(extra);
                return splice(b, at, at, extra);
            }
            case 3 -> {
                if (n == 0) {
                    return b;
                }
                int from = random.nextInt(n);
                int to = Math.min(n, from + 1 + random.nextInt(32));
                return splice(b, from, to, new byte[0]);
            }
            case 4 -> {
                return Arrays.copyOf(b, n == 0 ? 0 : random.nextInt(n));
            }
            case 5 -> {
                if (n == 0) {
                    return b;
                }
                int from = random.nextInt(n);
                int to = Math.min(n, from + 1 + random.nextInt(64));
                return splice(b, to, to, Arrays.copyOfRange(b, from, to));
            }
            case 6 -> {
                if (n >= 4) {
                    int at = random.nextInt(Math.min(n - 3, 64));
                    int v = EXTREMES[random.nextInt(EXTREMES.length)];
                    b[at] = (byte) (v >>> 24);
                    b[at + 1] = (byte) (v >>> 16);
                    b[at + 2] = (byte) (v >>> 8);
                    b[at + 3] = (byte) v;
                }
                return b;
            }
            default -> {
                if (n > 0) {
                    byte[] text = String.valueOf(new String[] {"NaN", "-1e400", "\"", ",,", "\n", "1e308", "-0",
                        "?", "\r\n", "inf"}[random.nextInt(10)]).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    int at = random.nextInt(n);
                    return splice(b, at, at, text);
                }
                return b;
            }
        }
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }
}
