package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits delimited text into records of fields in one pass over its characters (a state
 * machine, so the work is linear in the length of the text).
 *
 * <p>Grammar (RFC 4180 with two allowances): a record ends at a line break ({@code LF},
 * {@code CR} or {@code CRLF}) or at the end of the input; fields are separated by the delimiter.
 * A field that starts with a double quote (after optional whitespace) is quoted: it runs to the
 * next lone quote, {@code ""} inside it is one quote, and it may hold delimiters and line breaks
 * (each kept as {@code \n}); after its closing quote only whitespace may come before the next
 * delimiter or the end of the record. In an unquoted field a quote is an ordinary character. A
 * byte-order mark ({@code U+FEFF}) at the very start is dropped. Records of whitespace only are
 * skipped.
 *
 * <p>Lines are counted from 1, each physical line break counting once (also inside quoted
 * fields); {@link #line()} is the line on which the last record starts. Not thread-safe.
 */
final class CsvRecords {

    private static final int FIELD = 0;
    private static final int QUOTED = 1;
    private static final int QUOTE_IN_QUOTED = 2;
    private static final int AFTER_QUOTED = 3;

    private final Reader in;
    private final char delimiter;
    private final String source;
    private final char[] buffer = new char[8192];
    private int position;
    private int end;
    private boolean started;
    private boolean afterCr;
    private int line = 1;
    private int recordLine;

    /**
     * Reads from {@code in} (not closed).
     *
     * @param in the text
     * @param delimiter the field separator: not a quote or a line break
     * @param source the name of the input in error messages
     */
    CsvRecords(Reader in, char delimiter, String source) {
        this.in = in;
        this.delimiter = delimiter;
        this.source = source;
    }

    /**
     * The line on which the record last returned by {@link #next()} starts.
     *
     * @return a line number from 1
     */
    int line() {
        return recordLine;
    }

    /**
     * The fields of the next record that is not blank.
     *
     * @return the fields, or {@code null} at the end of the input
     * @throws IOException if reading fails, or a {@link MalformedDataException} for text after a
     *     closing quote or a quote that is never closed
     */
    String[] next() throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            fields.clear();
            field.setLength(0);
            recordLine = line;
            boolean blank = true;      // whitespace only so far, no quote
            boolean fieldBlank = true; // the current field holds whitespace only so far
            int state = FIELD;
            int quoteLine = 0;
            int c;
            while (true) {
                c = read();
                if (state == QUOTED) {
                    if (c < 0) {
                        throw new MalformedDataException(source + " line " + quoteLine + ", column "
                                + (fields.size() + 1) + ": the quoted field that opens here is not closed before the"
                                + " end of the input");
                    }
                    if (c == '"') {
                        state = QUOTE_IN_QUOTED;
                    } else {
                        field.append((char) c);
                        if (c == '\n') {
                            line++;
                        }
                    }
                    continue;
                }
                if (state == QUOTE_IN_QUOTED) {
                    if (c == '"') {
                        field.append('"');
                        state = QUOTED;
                        continue;
                    }
                    state = AFTER_QUOTED;
                }
                if (c < 0 || c == '\n') {
                    break;
                }
                if (c == delimiter) {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldBlank = true;
                    blank &= Character.isWhitespace(c);
                    state = FIELD;
                } else if (state == AFTER_QUOTED) {
                    if (!Character.isWhitespace(c)) {
                        throw new MalformedDataException(source + " line " + recordLine + ", column "
                                + (fields.size() + 1) + ": " + Checks.quote(String.valueOf((char) c))
                                + " after the closing quote of a quoted field (a quoted field ends at a delimiter"
                                + " or the end of the record)");
                    }
                } else if (c == '"' && fieldBlank) {
                    field.setLength(0);
                    state = QUOTED;
                    quoteLine = line;
                    blank = false;
                } else {
                    field.append((char) c);
                    if (!Character.isWhitespace(c)) {
                        fieldBlank = false;
                        blank = false;
                    }
                }
            }
            if (c == '\n') {
                line++;
            }
            if (!blank) {
                fields.add(field.toString());
                return fields.toArray(String[]::new);
            }
            if (c < 0) {
                return null;
            }
        }
    }

    /** The next character with every line break as {@code \n}, or -1 at the end; drops a leading BOM. */
    private int read() throws IOException {
        while (true) {
            if (position == end && !fill()) {
                return -1;
            }
            char c = buffer[position++];
            boolean first = !started;
            started = true;
            if (c == '\n' && afterCr) {
                afterCr = false;
                continue;
            }
            afterCr = c == '\r';
            if (first && c == '\uFEFF') {
                continue;
            }
            return afterCr ? '\n' : c;
        }
    }

    private boolean fill() throws IOException {
        int n;
        try {
            do {
                n = in.read(buffer, 0, buffer.length);
            } while (n == 0);
        } catch (CharacterCodingException e) {
            throw new MalformedDataException(source + ": bytes that are not valid text in its character set (UTF-8"
                    + " for a file), at or after line " + line, e);
        }
        position = 0;
        end = Math.max(n, 0);
        return n > 0;
    }
}
