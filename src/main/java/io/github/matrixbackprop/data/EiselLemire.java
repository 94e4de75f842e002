package io.github.matrixbackprop.data;

import java.math.BigInteger;

/**
 * The correctly rounded double nearest {@code w 10^q} for a decimal significand {@code w} of up
 * to 19 digits, by the Eisel-Lemire algorithm (D. Lemire, "Number parsing at a gigabyte per
 * second", Software: Practice and Experience 51(8), 2021): one or two 64 x 128-bit products with
 * a 128-bit approximation of {@code 10^q}, and a proof that the rounding is decided; where it is
 * not (rare: inputs too close to halfway between two doubles, subnormals, overflow), it says so
 * and the caller falls back to an exact method.
 *
 * <p>The table holds, for {@code q} in {@code [-348, 347]}, {@code 10^q} scaled by a power of two
 * into {@code [2^127, 2^128)} and rounded down, computed exactly with {@link BigInteger} when
 * the class is loaded; the power of two is {@code floor(q log2 10)} as {@code (217706 q) >> 16}
 * gives it. Stateless and thread-safe.
 */
final class EiselLemire {

    private static final int MIN_Q = -348;
    private static final int MAX_Q = 347;
    /** {@code [2 (q - MIN_Q)]}: the high 64 bits, {@code [2 (q - MIN_Q) + 1]}: the low 64 bits. */
    private static final long[] POWERS = table();

    private EiselLemire() {
    }

    private static long[] table() {
        long[] t = new long[2 * (MAX_Q - MIN_Q + 1)];
        BigInteger mask = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (int q = MIN_Q; q <= MAX_Q; q++) {
            int e2 = (217706 * q) >> 16; // floor(q log2 10)
            BigInteger m;
            if (q >= 0) {
                BigInteger p = BigInteger.TEN.pow(q);
                m = e2 >= 127 ? p.shiftRight(e2 - 127) : p.shiftLeft(127 - e2);
            } else {
                m = BigInteger.ONE.shiftLeft(127 - e2).divide(BigInteger.TEN.pow(-q));
            }
            if (m.bitLength() != 128) {
                throw new AssertionError("10^" + q + " is not normalised: " + m.bitLength() + " bits");
            }
            t[2 * (q - MIN_Q)] = m.shiftRight(64).longValue();
            t[2 * (q - MIN_Q) + 1] = m.and(mask).longValue();
        }
        return t;
    }

    /**
     * The bits of the double nearest {@code w 10^q}, or -1 when this method cannot decide it.
     *
     * @param w the significand, unsigned, not 0 (at most 19 decimal digits)
     * @param q the decimal exponent
     * @return the double's bits (positive), or -1
     */
    static long bits(long w, int q) {
        if (q < MIN_Q || q > MAX_Q) {
            return -1;
        }
        int clz = Long.numberOfLeadingZeros(w);
        long man = w << clz;
        long exp2 = ((217706L * q) >> 16) + 64 + 1023 - clz;
        int row = 2 * (q - MIN_Q);
        long hiPower = POWERS[row];
        long xHi = unsignedMultiplyHigh(man, hiPower);
        long xLo = man * hiPower;
        if ((xHi & 0x1FF) == 0x1FF && Long.compareUnsigned(xLo + man, man) < 0) {
            // the truncated power may have moved the result: add the product with its low half
            long loPower = POWERS[row + 1];
            long yHi = unsignedMultiplyHigh(man, loPower);
            long yLo = man * loPower;
            long mergedHi = xHi;
            long mergedLo = xLo + yHi;
            if (Long.compareUnsigned(mergedLo, xLo) < 0) {
                mergedHi++;
            }
            if ((mergedHi & 0x1FF) == 0x1FF && mergedLo == -1 && Long.compareUnsigned(yLo + man, man) < 0) {
                return -1;
            }
            xHi = mergedHi;
            xLo = mergedLo;
        }
        long msb = xHi >>> 63;
        long mantissa = xHi >>> (msb + 9);
        exp2 -= 1 ^ msb;
        if (xLo == 0 && (xHi & 0x1FF) == 0 && (mantissa & 3) == 1) {
            return -1; // exactly halfway between two doubles, perhaps: decided elsewhere
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if ((mantissa >>> 53) > 0) {
            mantissa >>>= 1;
            exp2++;
        }
        if (exp2 <= 0 || exp2 >= 0x7FF) {
            return -1; // subnormal, zero or beyond the range: decided elsewhere
        }
        return exp2 << 52 | (mantissa & 0x000FFFFFFFFFFFFFL);
    }

    /** The high 64 bits of the unsigned 128-bit product {@code a b}. */
    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}
