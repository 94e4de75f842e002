package io.github.matrixbackprop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void readsEveryKindOfValue() throws Exception {
        Object v = Json.parse(" {\"a\": [1, -2.5e-3, 0, true, false, null], \"b\": {\"c\": \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"
                + "\\ud83d\\ude00\u00fc\"}, \"\": []}\n", 8);
        Map<?, ?> root = (Map<?, ?>) v;
        assertEquals(List.of("a", "b", ""), new ArrayList<>(root.keySet()), "keys keep their order");
        List<?> a = (List<?>) root.get("a");
        assertEquals(new Json.Num("1"), a.get(0));
        assertEquals(-2.5e-3, ((Json.Num) a.get(1)).doubleValue());
        assertEquals(0, ((Json.Num) a.get(2)).nonNegativeLong());
        assertEquals(Boolean.TRUE, a.get(3));
        assertEquals(Boolean.FALSE, a.get(4));
        assertEquals(Json.NULL, a.get(5));
        assertEquals("x\"\\/\b\f\n\r\t\u00e9\ud83d\ude00\u00fc", ((Map<?, ?>) root.get("b")).get("c"));
        assertEquals(List.of(), root.get(""));
    }

    @Test
    void integersAreReadOnlyWhenTheyAreWholeNonNegativeAndFitALong() {
        assertEquals(9223372036854775807L, new Json.Num("9223372036854775807").nonNegativeLong());
        assertEquals(-1, new Json.Num("9223372036854775808").nonNegativeLong());
        assertEquals(-1, new Json.Num("-1").nonNegativeLong());
        assertEquals(-1, new Json.Num("1.0").nonNegativeLong());
        assertEquals(-1, new Json.Num("1e2").nonNegativeLong());
        assertTrue(new Json.Num("12").isInteger());
        assertFalse(new Json.Num("1E2").isInteger());
    }

    /** The message and the character index of every kind of error. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``| 0 | the text ends where a value was expected",
        "`{\"a\":1,}`| 7 | expected a string key but found '}'",
        "`[1,]`| 3 | unexpected ']' where a value was expected",
        "`[1 2]`| 3 | expected ',' or ']' after a value in an array but found '2'",
        "`{\"a\" 1}`| 5 | expected ':' after the key 'a' but found '1'",
        "`{\"a\":1 \"b\":2}`| 7 | expected ',' or '}' after a value in an object but found '\"'",
        "`{\"a\":1,\"a\":2}`| 7 | the key 'a' appears twice in one object",
        "`{'a':1}`| 1 | expected a string key but found '''",
        "`[01]`| 1 | a number must not have a leading zero",
        "`[-]`| 2 | a number needs a digit here",
        "`[1.]`| 3 | a number needs a digit after its decimal point",
        "`[1e+]`| 4 | a number needs a digit in its exponent",
        "`[.5]`| 1 | unexpected '.' where a value was expected",
        "`[+1]`| 1 | unexpected '+' where a value was expected",
        "`[NaN]`| 1 | unexpected 'N' where a value was expected",
        "`[nul]`| 1 | unexpected 'n' where a value was expected",
        "`\"abc`| 0 | the string that starts here is not closed",
        "`\"a\\x\"`| 2 | unknown escape \\x in a string",
        "`\"\\u12g4\"`| 5 | a \\u escape needs 4 hex digits but has 'g'",
        "`\"\\ud800\"`| 1 | the escape \\uD800 is half of a surrogate pair whose other half does not follow",
        "`\"\\udc00\"`| 1 | the escape \\uDC00 is half of a surrogate pair whose first half does not precede it",
        "`{} []`| 3 | unexpected '[' after the JSON value",
        "`[1] // c`| 4 | unexpected '/' after the JSON value",
    })
    void errorsSayWhatAndWhere(String text, int position, String message) {
        Json.SyntaxException e = assertThrows(Json.SyntaxException.class, () -> Json.parse(text, 8));
        assertEquals(message, e.getMessage());
        assertEquals(position, e.position);
    }

    @Test
    void controlCharactersInStringsMustBeEscaped() {
        Json.SyntaxException e = assertThrows(Json.SyntaxException.class, () -> Json.parse("\"a\tb\"", 8));
        assertEquals("the control character U+0009 must be escaped in a string", e.getMessage());
        assertEquals(2, e.position);
        Json.SyntaxException nul = assertThrows(Json.SyntaxException.class, () -> Json.parse("[\u0001]", 8));
        assertEquals("unexpected 'U+0001' where a value was expected", nul.getMessage());
    }

    @Test
    void nestingIsBoundedWithoutExhaustingTheStack() throws Exception {
        assertEquals(List.of(List.of(List.of())), Json.parse("[[[]]]", 3));
        Json.SyntaxException e = assertThrows(Json.SyntaxException.class, () -> Json.parse("[[[[]]]]", 3));
        assertEquals("arrays and objects nest more than 3 deep", e.getMessage());
        assertEquals(3, e.position);
        String deep = "[".repeat(1_000_000);
        Json.SyntaxException d = assertThrows(Json.SyntaxException.class, () -> Json.parse(deep, 16));
        assertEquals(16, d.position);
    }

    @Test
    void printedDoublesReadBackExactlyHereAndInJackson() throws Exception {
        SplittableRandom rnd = new SplittableRandom(17);
        double[] values = new double[2000];
        for (int i = 0; i < values.length; i++) {
            double v;
            do {
                v = Double.longBitsToDouble(rnd.nextLong()); // every exponent, subnormals included
            } while (!Double.isFinite(v));
            values[i] = v;
        }
        values[0] = -0.0;
        values[1] = Double.MIN_VALUE;
        values[2] = Double.MAX_VALUE;
        values[3] = 0.1;
        values[4] = 2e23; // JDK 17 prints 1.9999999999999998E23, not the shortest digits, but they read back exactly
        String text = Json.numbers(values);
        List<?> ours = (List<?>) Json.parse(text, 2);
        JsonNode theirs = JACKSON.readTree(text);
        for (int i = 0; i < values.length; i++) {
            long bits = Double.doubleToRawLongBits(values[i]);
            assertEquals(bits, Double.doubleToRawLongBits(((Json.Num) ours.get(i)).doubleValue()), text);
            assertEquals(bits, Double.doubleToRawLongBits(theirs.get(i).asDouble()), "Jackson reads " + values[i]);
        }
        assertThrows(IllegalArgumentException.class, () -> Json.number(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.numbers(new double[] {1, Double.NEGATIVE_INFINITY}));
    }

    @Test
    void writtenStringsReadBackHereAndInJackson() throws Exception {
        List<String> texts = List.of("", "plain", "quote \" backslash \\ slash /", "\u0000\u0001\u001f\u007f",
                "tab\tline\nreturn\r", "\u00e9\u4e2d\ud83d\ude00", "\u2028\u2029");
        String text = Json.strings(texts);
        assertEquals(texts, Json.parse(text, 2));
        JsonNode theirs = JACKSON.readTree(text);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(texts.get(i), theirs.get(i).asText());
        }
        assertEquals("\"a\\u0001\\\"\"", Json.string("a\u0001\""));
    }
}
