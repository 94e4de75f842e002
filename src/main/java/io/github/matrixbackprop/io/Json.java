package io.github.matrixbackprop.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader and the writing helpers the safetensors header needs.
 *
 * <p>Reading gives {@code Map<String, Object>} (keys in file order) for objects, {@code List<Object>}
 * for arrays, {@code String}, {@link Num} (the number's text, converted on demand), {@code Boolean},
 * and {@link #NULL}. It refuses everything RFC 8259 does not allow (comments, trailing commas,
 * single quotes, leading zeros, unescaped control characters, unpaired surrogate escapes) and
 * duplicate keys, and it nests at most {@code maxDepth} arrays and objects, so a hostile text
 * cannot exhaust the stack. Errors are {@link SyntaxException}s that carry the character index.
 *
 * <p>Writing prints doubles with {@link Double#toString(double)}, whose digits read back as the
 * same double in Java, in Python's {@code json} and in any correctly rounding reader.
 */
final class Json {

    /** JSON's {@code null}. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /**
     * A JSON number, kept as its text until the reader knows what it needs.
     *
     * @param text the number as written, matching JSON's number grammar
     */
    record Num(String text) {

        /** Whether the text is an integer: no fraction, no exponent. */
        boolean isInteger() {
            return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        }

        /** The value as a non-negative long, or -1 if it is no integer or does not fit. */
        long nonNegativeLong() {
            if (!isInteger() || text.startsWith("-")) {
                return -1;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** The nearest double (infinite if the text is beyond the range of a double). */
        double doubleValue() {
            return Double.parseDouble(text);
        }
    }

    /** A text that is not JSON, or not the JSON this reader accepts; {@link #position} is the character index. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        /** Index of the character where the problem is. */
        final int position;

        SyntaxException(String message, int position) {
            super(message, null, false, false);
            this.position = position;
        }
    }

    private final String s;
    private final int maxDepth;
    private int pos;

    private Json(String s, int maxDepth) {
        this.s = s;
        this.maxDepth = maxDepth;
    }

    /**
     * Parses one JSON value that makes up all of {@code text} (whitespace around it allowed).
     *
     * @param text the text
     * @param maxDepth how many arrays and objects may nest
     * @return the value
     * @throws SyntaxException at the first problem
     */
    static Object parse(String text, int maxDepth) throws SyntaxException {
        Json p = new Json(text, maxDepth);
        Object v = p.value(0);
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error("unexpected " + p.describe(p.pos) + " after the JSON value");
        }
        return v;
    }

    private Object value(int depth) throws SyntaxException {
        skipWhitespace();
        if (pos >= s.length()) {
            throw error("the text ends where a value was expected");
        }
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected " + describe(pos) + " where a value was expected");
            }
        };
    }

    private Map<String, Object> object(int depth) throws SyntaxException {
        requireDepth(depth);
        pos++; // {
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (pos < s.length() && s.charAt(pos) == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (pos >= s.length() || s.charAt(pos) != '"') {
                throw error(pos >= s.length() ? "the text ends inside an object"
                        : "expected a string key but found " + describe(pos));
            }
            int keyAt = pos;
            String key = string();
            if (map.containsKey(key)) {
                throw new SyntaxException("the key " + quoted(key) + " appears twice in one object", keyAt);
            }
            skipWhitespace();
            expect(':', "after the key " + quoted(key));
            map.put(key, value(depth));
            skipWhitespace();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
            } else if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return map;
            } else {
                throw error(pos >= s.length() ? "the text ends inside an object"
                        : "expected ',' or '}' after a value in an object but found " + describe(pos));
            }
        }
    }

    private List<Object> array(int depth) throws SyntaxException {
        requireDepth(depth);
        pos++; // [
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (pos < s.length() && s.charAt(pos) == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(value(depth));
            skipWhitespace();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
            } else if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return list;
            } else {
                throw error(pos >= s.length() ? "the text ends inside an array"
                        : "expected ',' or ']' after a value in an array but found " + describe(pos));
            }
        }
    }

    private void requireDepth(int depth) throws SyntaxException {
        if (depth > maxDepth) {
            throw error("arrays and objects nest more than " + maxDepth + " deep");
        }
    }

    private String string() throws SyntaxException {
        int start = pos;
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw new SyntaxException("the string that starts here is not closed", start);
            }
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error(String.format("the control character U+%04X must be escaped in a string", (int) c));
            }
            if (c != '\\') {
                sb.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= s.length()) {
                throw new SyntaxException("the string that starts here is not closed", start);
            }
            char e = s.charAt(pos + 1);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    char u = unicodeEscape(pos);
                    if (Character.isHighSurrogate(u)) {
                        char low = s.startsWith("\\u", pos + 6) ? unicodeEscape(pos + 6) : 0;
                        if (!Character.isLowSurrogate(low)) {
                            throw error(String.format("the escape \\u%04X is half of a surrogate pair whose other half"
                                    + " does not follow", (int) u));
                        }
                        sb.append(u).append(low);
                        pos += 6;
                    } else if (Character.isLowSurrogate(u)) {
                        throw error(String.format("the escape \\u%04X is half of a surrogate pair whose first half"
                                + " does not precede it", (int) u));
                    } else {
                        sb.append(u);
                    }
                    pos += 4;
                }
                default -> throw error("unknown escape \\" + printable(e) + " in a string");
            }
            pos += 2;
        }
    }

    /** The character of the {@code \\uXXXX} escape at {@code at}. */
    private char unicodeEscape(int at) throws SyntaxException {
        if (at + 6 > s.length()) {
            throw new SyntaxException("a \\u escape needs 4 hex digits", at);
        }
        int v = 0;
        for (int i = at + 2; i < at + 6; i++) {
            char c = s.charAt(i);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                throw new SyntaxException("a \\u escape needs 4 hex digits but has " + describe(i), i);
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    private Num number() throws SyntaxException {
        int start = pos;
        if (s.charAt(pos) == '-') {
            pos++;
        }
        if (pos >= s.length() || !isDigit(s.charAt(pos))) {
            throw error("a number needs a digit here");
        }
        if (s.charAt(pos) == '0' && pos + 1 < s.length() && isDigit(s.charAt(pos + 1))) {
            throw error("a number must not have a leading zero");
        }
        digits();
        if (pos < s.length() && s.charAt(pos) == '.') {
            pos++;
            if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                throw error("a number needs a digit after its decimal point");
            }
            digits();
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            pos++;
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                pos++;
            }
            if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                throw error("a number needs a digit in its exponent");
            }
            digits();
        }
        return new Num(s.substring(start, pos));
    }

    private void digits() {
        while (pos < s.length() && isDigit(s.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) throws SyntaxException {
        if (!s.startsWith(word, pos)) {
            throw error("unexpected " + describe(pos) + " where a value was expected");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c, String where) throws SyntaxException {
        if (pos >= s.length() || s.charAt(pos) != c) {
            throw error("expected '" + c + "' " + where + " but found " + (pos >= s.length() ? "the end" : describe(pos)));
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private SyntaxException error(String message) {
        return new SyntaxException(message, pos);
    }

    /** The character at {@code i} for a message, e.g. {@code 'x'} or {@code U+0001}. */
    private String describe(int i) {
        return i >= s.length() ? "the end" : "'" + printable(s.charAt(i)) + "'";
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("U+%04X", (int) c);
    }

    /** A key or string value for a message: quoted, at most 64 characters. */
    private static String quoted(String text) {
        return io.github.matrixbackprop.util.Checks.quote(text);
    }

    /**
     * {@code text} as a JSON string: in double quotes, with {@code "} and {@code \} escaped and control
     * characters as {@code \\uXXXX}; other characters as they are.
     *
     * @param text the text
     * @return the JSON string
     */
    static String string(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /**
     * {@code values} as a JSON array of numbers, each printed by {@link Double#toString(double)}.
     *
     * @param values finite numbers
     * @return the JSON array
     */
    static String numbers(double[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ",").append(number(values[i]));
        }
        return sb.append(']').toString();
    }

    /**
     * {@code value} as a JSON number, printed by {@link Double#toString(double)}.
     *
     * @param value a finite number
     * @return its digits
     * @throws IllegalArgumentException if {@code value} is NaN or infinite (JSON has no number for it)
     */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no number for " + value);
        }
        return Double.toString(value);
    }

    /**
     * {@code values} as a JSON array of strings.
     *
     * @param values the strings
     * @return the JSON array
     */
    static String strings(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(string(values.get(i)));
        }
        return sb.append(']').toString();
    }
}
