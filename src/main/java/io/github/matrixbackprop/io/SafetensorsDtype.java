package io.github.matrixbackprop.io;

import java.nio.ByteBuffer;

/**
 * The element types of safetensors files this library reads, each widened exactly to a double:
 * every {@code F32}, {@code F16} and {@code BF16} value is a double too.
 */
enum SafetensorsDtype {

    /** IEEE 754 binary64. */
    F64(8),
    /** IEEE 754 binary32. */
    F32(4),
    /** IEEE 754 binary16: 1 sign bit, 5 exponent bits, 10 fraction bits. */
    F16(2),
    /** bfloat16: the upper 16 bits of a binary32. */
    BF16(2);

    /** Bytes per element. */
    final int size;

    SafetensorsDtype(int size) {
        this.size = size;
    }

    /** The dtype named {@code name} in a header, or null if this library does not read it. */
    static SafetensorsDtype of(String name) {
        for (SafetensorsDtype d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /**
     * Widens the elements of {@code b} (little-endian) into {@code out}, from index {@code from} on;
     * a partial element at the end of {@code b} stays unread.
     *
     * @param b the elements, position to limit; the position advances past them
     * @param out receives the values
     * @param from the index of {@code out} the first value goes to
     * @return the index after the last value written
     */
    int decode(ByteBuffer b, double[] out, int from) {
        int i = from;
        while (b.remaining() >= size) {
            out[i++] = switch (this) {
                case F64 -> b.getDouble();
                case F32 -> b.getFloat();
                case F16 -> half(Short.toUnsignedInt(b.getShort()));
                case BF16 -> Float.intBitsToFloat(Short.toUnsignedInt(b.getShort()) << 16);
            };
        }
        return i;
    }

    /** The binary16 value with these bits, exactly. */
    static double half(int bits) {
        int exponent = (bits >>> 10) & 0x1f;
        int fraction = bits & 0x3ff;
        double magnitude;
        if (exponent == 0) {
            magnitude = fraction * 0x1p-24; // subnormal: fraction * 2^-14 / 2^10
        } else if (exponent == 0x1f) {
            magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            magnitude = Math.scalb((double) (0x400 | fraction), exponent - 25); // 1.fraction * 2^(e - 15)
        }
        return (bits & 0x8000) != 0 ? -magnitude : magnitude;
    }
}
