package io.github.matrixbackprop.data;

/**
 * The numbers the CSV reader accepts: decimal text only, as
 * {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?} with ASCII digits. Java's
 * other forms ({@code 0x1p3}, {@code 1d}, {@code 2f}, {@code Infinity}, {@code NaN}) are not
 * numbers here. The caller strips surrounding whitespace first.
 */
final class DecimalText {

    private DecimalText() {
    }

    /**
     * Whether {@code s} follows the decimal grammar (whatever its magnitude); one pass.
     *
     * @param s stripped text
     * @return whether it is a decimal number
     */
    static boolean matches(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    /**
     * The value of a decimal number that a double can hold, with {@code -0} as {@code 0}; NaN for
     * anything else (not decimal text, or beyond the range of a double).
     *
     * @param s stripped text
     * @return its finite value, or NaN
     */
    static double finiteValue(String s) {
        if (!matches(s)) {
            return Double.NaN;
        }
        double v = Double.parseDouble(s);
        return Double.isFinite(v) ? v + 0.0 : Double.NaN;
    }

    /**
     * The value of the decimal text {@code s[from..to)} (stripped), correctly rounded, bit for bit
     * what {@link Double#parseDouble} returns for the same text; {@code NaN} if the text is not
     * decimal text (see the class comment), and an infinity if it is beyond the range of a double.
     *
     * <p>Fast path (Clinger's): with at most 18 significant digits {@code w} below {@code 2^53}
     * and a decimal exponent {@code e} with {@code |e| <= 22} (or {@code e} up to 37 when
     * {@code w 10^(e-22)} stays below {@code 2^53}), {@code w} and {@code 10^|e|} are exact
     * doubles and one multiplication or division rounds once, correctly. Up to 19 significant
     * digits otherwise: {@link EiselLemire}, correctly rounded where it can decide. The rest (more
     * digits, subnormals, overflow, the rare cases too close to call) go to
     * {@link Double#parseDouble}.
     *
     * @param s the characters
     * @param from the first character of the text
     * @param to the position after the last one
     * @return the value; NaN for text that is not a decimal number
     */
    static double parse(char[] s, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        // digits: leading zeros, then the significant ones (w overflows beyond 18 of them, and is then not used)
        long w = 0;
        int start = i;
        while (i < to && s[i] == '0') {
            i++;
        }
        int first = i;
        char c;
        while (i < to && (c = s[i]) >= '0' && c <= '9') {
            w = w * 10 + (c - '0');
            i++;
        }
        int significant = i - first;
        int digits = i - start;
        int scale = 0;
        if (i < to && s[i] == '.') {
            i++;
            int fraction = i;
            if (significant == 0) {
                while (i < to && s[i] == '0') {
                    i++;
                }
            }
            first = i;
            while (i < to && (c = s[i]) >= '0' && c <= '9') {
                w = w * 10 + (c - '0');
                i++;
            }
            significant += i - first;
            digits += i - fraction;
            scale = fraction - i;
        }
        if (digits == 0) {
            return Double.NaN;
        }
        int exponent = 0;
        if (i < to && (s[i] == 'e' || s[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (s[i] == '+' || s[i] == '-')) {
                negativeExponent = s[i] == '-';
                i++;
            }
            int exponentDigits = 0;
            while (i < to && (c = s[i]) >= '0' && c <= '9') {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (c - '0');
                }
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return Double.NaN;
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (i != to) {
            return Double.NaN;
        }
        if (significant == 0) {
            return negative ? -0.0 : 0.0;
        }
        if (significant <= MAX_DIGITS && w < EXACT) {
            int e = scale + exponent;
            double v = Double.NaN;
            if (e >= 0 && e <= 22) {
                v = w * POWERS[e];
            } else if (e < 0 && e >= -22) {
                v = w / POWERS[-e];
            } else if (e > 22 && e <= 22 + 15) {
                // w 10^(e-22) may still be an exact integer below 2^53: then one rounding as well
                long scaled = w;
                for (int k = 0; k < e - 22 && scaled < EXACT; k++) {
                    scaled *= 10;
                }
                if (scaled < EXACT) {
                    v = scaled * POWERS[22];
                }
            }
            if (!Double.isNaN(v)) {
                return negative ? -v : v;
            }
        }
        if (significant <= MAX_UNSIGNED_DIGITS) {
            long bits = EiselLemire.bits(w, scale + exponent);
            if (bits >= 0) {
                double v = Double.longBitsToDouble(bits);
                return negative ? -v : v;
            }
        }
        return Double.parseDouble(new String(s, from, to - from));
    }

    /** Significant digits that fit a long whatever they are (10^18 - 1 is below 2^63). */
    private static final int MAX_DIGITS = 18;

    /** Significant digits that fit an unsigned long whatever they are (10^19 - 1 is below 2^64). */
    private static final int MAX_UNSIGNED_DIGITS = 19;

    /** {@code 2^53}: every integer below it is an exact double. */
    private static final long EXACT = 1L << 53;

    /** {@code 10^0 .. 10^22}, all exact doubles. */
    private static final double[] POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * Whether {@code s} spells infinity the way other tools write it: {@code inf} or
     * {@code infinity} in any case, with an optional sign.
     *
     * @param s stripped text
     * @return whether it names infinity
     */
    static boolean isInfinity(String s) {
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity");
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
