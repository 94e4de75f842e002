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
