package io.github.matrixbackprop.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The CSV reader's number parser against {@link Double#parseDouble}, the correctly rounded reference. */
class DecimalTextTest {

    private static void same(String s) {
        double expected = Double.parseDouble(s);
        double actual = DecimalText.parse(s.toCharArray(), 0, s.length());
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                () -> s + ": " + actual + " but Double.parseDouble gives " + expected);
    }

    @Test
    void randomDecimalsParseToTheSameBitsAsParseDouble() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder sb = new StringBuilder();
            if (r.nextInt(3) == 0) {
                sb.append(r.nextBoolean() ? '-' : '+');
            }
            int intDigits = r.nextInt(12);
            for (int k = 0; k < intDigits; k++) {
                sb.append((char) ('0' + r.nextInt(10)));
            }
            int fracDigits = r.nextInt(intDigits == 0 ? 1 : 0, 20);
            if (fracDigits > 0 || r.nextBoolean()) {
                sb.append('.');
            }
            for (int k = 0; k < fracDigits; k++) {
                sb.append((char) ('0' + r.nextInt(10)));
            }
            if (r.nextInt(3) == 0) {
                sb.append(r.nextBoolean() ? 'e' : 'E');
                if (r.nextBoolean()) {
                    sb.append(r.nextBoolean() ? '-' : '+');
                }
                sb.append(r.nextInt(r.nextBoolean() ? 40 : 330));
            }
            same(sb.toString());
        }
    }

    @Test
    void shortestRepresentationsOfRandomDoublesRoundTrip() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 40_000; i++) {
            double v = switch (i % 4) {
                case 0 -> r.nextDouble();
                case 1 -> Math.round(r.nextGaussian() * 1e5) / 1e5;
                case 2 -> Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL);
                default -> r.nextInt(1_000_000) * Math.pow(10, r.nextInt(-30, 31));
            };
            same(Double.toString(v));
            same(String.format(java.util.Locale.ROOT, "%.6f", v));
        }
    }

    @Test
    void longSignificandsOverTheWholeExponentRangeParseToTheSameBits() {
        // the 128-bit path: 16 to 19 significant digits, exponents from subnormal to overflow
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            int digits = r.nextInt(16, 20);
            StringBuilder sb = new StringBuilder();
            sb.append((char) ('1' + r.nextInt(9)));
            for (int k = 1; k < digits; k++) {
                sb.append((char) ('0' + r.nextInt(10)));
            }
            if (r.nextBoolean()) {
                sb.insert(r.nextInt(1, digits), '.');
            }
            sb.append('e').append(r.nextInt(-345, 310));
            same(sb.toString());
        }
        // halfway and near-halfway between two doubles: 2^53 + 1 and neighbours, scaled
        for (String s : new String[] {"9007199254740993", "9007199254740993e10", "9007199254740995",
            "18014398509481985", "2.2250738585072012e-308", "2.4703282292062327e-324", "1.7976931348623158e308",
            "7.2057594037927933e16", "1.00000000000000011102230246251565404236316680908203125",
            "9999999999999999999e-400", "1844674407370955161", "1000000000000000000000e-21"}) {
            same(s);
        }
    }

    @Test
    void edgeCasesOfTheFastPath() {
        for (String s : new String[] {"0", "-0", "-0.0e5", "9007199254740992", "9007199254740993", "9007199254740991e22",
            "1e22", "1e23", "123e30", "999999999999999e22", "1e-22", "1e-23", "4.9e-324", "2.5e-324", "1e-400",
            "1.7976931348623157e308", "0.000000000000000000000000000001", "123456789012345678", "1234567890123456789",
            "00000000000000000000001.5", "1.50000000000000000000000", "8.98846567431158e307", "2.2250738585072011e-308",
            "0.1", "0.2", "0.3", "3.141592653589793", ".5", "5.", "1E3", "+1"}) {
            same(s);
        }
        assertTrue(Double.isInfinite(DecimalText.parse("1e999".toCharArray(), 0, 5)));
    }

    @Test
    void textThatIsNotDecimalIsNaN() {
        for (String s : new String[] {"", ".", "+", "-", "e5", "1e", "1e+", "1.2.3", "--1", "0x1p3", "1d", "2f", "Infinity",
            "NaN", "1_000", "\u0661", " 1", "1 "}) {
            assertTrue(Double.isNaN(DecimalText.parse(s.toCharArray(), 0, s.length())), s);
        }
    }
}
