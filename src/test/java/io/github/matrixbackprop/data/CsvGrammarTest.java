package io.github.matrixbackprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV grammar: quotes, line breaks, byte-order marks, numbers, and bounded messages. */
class CsvGrammarTest {

    private static LabeledData read(String text, CsvOptions o) throws IOException {
        return CsvReader.read(new StringReader(text), o, "t.csv");
    }

    private static MalformedDataException fails(String text, CsvOptions o) {
        return assertThrows(MalformedDataException.class, () -> read(text, o));
    }

    @Test
    void aLongRunOfQuotesInAnUnquotedFieldIsRejectedInLinearTime() {
        String csv = "x,y\n1a" + "\"".repeat(1_000_000) + ",c\n";
        MalformedDataException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> fails(csv, CsvOptions.defaults()));
        assertTrue(e.getMessage().startsWith("t.csv line 2, column 1 ('x'): '1a\"\"\""), e.getMessage());
        assertTrue(e.getMessage().endsWith("...' (1000002 characters) is not a number"), e.getMessage());
    }

    @Test
    void messagesStayShortWhateverTheInput() {
        String huge = "a".repeat(5_000_000);
        MalformedDataException value = fails("x,y\n" + huge + ",c\n", CsvOptions.defaults());
        assertTrue(value.getMessage().length() < 500, "message of " + value.getMessage().length() + " characters");
        assertTrue(value.getMessage().endsWith("(5000000 characters) is not a number"), value.getMessage());
        MalformedDataException column = fails(huge + ",y\n,c\n", CsvOptions.defaults());
        assertTrue(column.getMessage().length() < 500, "message of " + column.getMessage().length() + " characters");
        assertTrue(column.getMessage().contains("the value is missing"), column.getMessage());
        MalformedDataException label = fails("x,y\n1," + huge + "\n",
                CsvOptions.defaults().withClasses(List.of("a", "b")));
        assertTrue(label.getMessage().length() < 500, "message of " + label.getMessage().length() + " characters");
        StringBuilder wide = new StringBuilder();
        for (int c = 0; c < 5000; c++) {
            wide.append(c == 0 ? "" : ",").append("column_").append(c);
        }
        String row = "1,".repeat(4999) + "1\n";
        MalformedDataException name = fails(wide + "\n" + row, CsvOptions.defaults().withTarget("target"));
        assertTrue(name.getMessage().length() < 500, "message of " + name.getMessage().length() + " characters");
        assertTrue(name.getMessage().endsWith("'column_9' and 4990 more"), name.getMessage());
    }

    @Test
    void aByteOrderMarkAtTheStartIsDropped() throws IOException {
        LabeledData d = read("\uFEFFx1,y\n1,a\n2,b\n", CsvOptions.defaults());
        assertEquals(List.of("x1"), d.featureNames());
        LabeledData noHeader = read("\uFEFF1,a\n2,b\n", CsvOptions.defaults().withHeader(false));
        assertEquals(1.0, noHeader.dataset().features().get(0, 0));
    }

    @Test
    void onlyDecimalNumbersAreNumbers() throws IOException {
        for (String s : new String[] {"0x1p3", "1d", "2f", "1e", "1e+", ".", "+", "-", "1.2.3", "--1", "e5", "1_000",
            "\u0661"}) {
            MalformedDataException e = fails("x,y\n" + s + ",a\n", CsvOptions.defaults());
            assertEquals("t.csv line 2, column 1 ('x'): '" + s + "' is not a number", e.getMessage());
        }
        String[] good = {"+1", "-1.5", ".5", "5.", "1E3", "1e-3", "  2 ", "-0", "007"};
        double[] values = {1, -1.5, 0.5, 5, 1000, 0.001, 2, -0.0, 7};
        StringBuilder csv = new StringBuilder("x,y\n");
        for (String s : good) {
            csv.append(s).append(",a\n");
        }
        assertArrayEquals(values, read(csv.toString(), CsvOptions.defaults()).dataset().features().data);
    }

    @Test
    void infinityIsNotAValueAndNaNIsMissing() throws IOException {
        for (String s : new String[] {"inf", "-Infinity", "INF", "+infinity"}) {
            MalformedDataException e = fails("x,y\n" + s + ",a\n", CsvOptions.defaults());
            assertEquals("t.csv line 2, column 1 ('x'): '" + s + "' is not finite", e.getMessage());
        }
        MalformedDataException overflow = fails("x,y\n1,a\n1e999,b\n", CsvOptions.defaults());
        assertEquals("t.csv line 3, column 1 ('x'): '1e999' is not finite (beyond the range of a double)",
                overflow.getMessage());
        MalformedDataException target = fails("x,y\n1,-1e400\n",
                CsvOptions.defaults().withTask(CsvOptions.Task.REGRESSION));
        assertEquals("t.csv line 2, column 2 ('y'): '-1e400' is not finite (beyond the range of a double)",
                target.getMessage());
        // NaN stays a missing value, handled by the policy
        MalformedDataException missing = fails("x,y\nNaN,a\n", CsvOptions.defaults());
        assertTrue(missing.getMessage().startsWith("t.csv line 2, column 1 ('x'): the value is missing"),
                missing.getMessage());
        LabeledData skipped = read("x,y\nNaN,a\n3,b\n",
                CsvOptions.defaults().withMissing(CsvOptions.MissingValues.SKIP_ROW));
        assertEquals(1, skipped.dataset().size());
    }

    @Test
    void aQuotedFieldEndsAtADelimiterOrTheEndOfTheRecord() throws IOException {
        MalformedDataException e = fails("x,y\n\"1\"2,a\n", CsvOptions.defaults());
        assertEquals("t.csv line 2, column 1: '2' after the closing quote of a quoted field (a quoted field ends at"
                + " a delimiter or the end of the record)", e.getMessage());
        // whitespace after the closing quote is fine
        LabeledData d = read("x,y\n \"1\"  ,\"a\" \n", CsvOptions.defaults());
        assertEquals(1.0, d.dataset().features().get(0, 0));
        assertEquals(List.of("a"), d.classNames());
    }

    @Test
    void quotedFieldsMayHoldLineBreaks() throws IOException {
        LabeledData d = read("x,label\n1,\"two\nlines\"\n2,\"cr\r\nlf\"\r\n3,\"old\rmac\"\n",
                CsvOptions.defaults());
        assertEquals(List.of("cr\nlf", "old\nmac", "two\nlines"), d.classNames());
        assertArrayEquals(new double[] {1, 2, 3}, d.dataset().features().data);
        // lines count physical lines: the record after a two-line record starts on line 4
        MalformedDataException after = fails("x,label\n1,\"p\nq\"\nbad,z\n", CsvOptions.defaults());
        assertEquals("t.csv line 4, column 1 ('x'): 'bad' is not a number", after.getMessage());
        // a record is named by the line it starts on
        MalformedDataException within = fails("x,label\n1,\"p\r\nq\"\r\n\"a\nb\",z\n", CsvOptions.defaults());
        assertEquals("t.csv line 4, column 1 ('x'): 'a\nb' is not a number", within.getMessage());
        MalformedDataException quote = fails("x,label\n1,\"p\nq\"\n2,\"r\ns\"x\n", CsvOptions.defaults());
        assertEquals("t.csv line 4, column 2: 'x' after the closing quote of a quoted field (a quoted field ends at"
                + " a delimiter or the end of the record)", quote.getMessage());
    }

    @Test
    void anUnclosedQuoteIsNamedWhereItOpens() {
        MalformedDataException e = fails("x,y\n1,a\n2,\"b\n3,c\n", CsvOptions.defaults());
        assertEquals("t.csv line 3, column 2: the quoted field that opens here is not closed before the end of the"
                + " input", e.getMessage());
        // the record starts on line 2; the unclosed quote opens on line 3
        MalformedDataException later = fails("x,y\n\"1\n\",\"b\n", CsvOptions.defaults());
        assertTrue(later.getMessage().startsWith("t.csv line 3, column 2: the quoted field that opens here"),
                later.getMessage());
    }

    @Test
    void blankLinesAreSkippedWhateverTheirLineBreaks() throws IOException {
        LabeledData d = read("x,y\r\n\r\n1,a\r\r2,b\n  \n3,c", CsvOptions.defaults());
        assertArrayEquals(new double[] {1, 2, 3}, d.dataset().features().data);
        MalformedDataException e = fails("x,y\r\n\r\n1,a\r\rbad,b\n", CsvOptions.defaults());
        assertEquals("t.csv line 5, column 1 ('x'): 'bad' is not a number", e.getMessage());
    }
}
