package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.Arrays;

/**
 * Splits delimited text into records of fields, reading the characters in large blocks and
 * handing out each field as a range of its buffer (no string per field), in one pass over the
 * characters (the work is linear in the length of the text).
 *
 * <p>Grammar (RFC 4180 with two allowances): a record ends at a line break ({@code LF},
 * {@code CR} or {@code CRLF}) or at the end of the input; fields are separated by the delimiter.
 * A field that starts with a double quote (after optional whitespace) is quoted: it runs to the
 * next lone quote, {@code ""} inside it is one quote, and it may hold delimiters and line breaks
 * (each kept as {@code \n}); after its closing quote only whitespace may come before the next
 * delimiter or the end of the record. In an unquoted field a quote is an ordinary character. A
 * byte-order mark ({@code U+FEFF}) at the very start is dropped. Records of whitespace only are
 * skipped. Whitespace is what {@link Character#isWhitespace} says.
 *
 * <p>A field's range is its text as read: an unquoted field with its surrounding whitespace, a
 * quoted one without its quotes and with {@code ""} and line breaks already turned into
 * {@code "} and {@code \n} (rewritten in place, which only ever shortens the text). The ranges
 * stay valid until the next call of {@link #next()}. A record must fit in the buffer, which
 * grows for a longer one.
 *
 * <p>Lines are counted from 1, each physical line break counting once (also inside quoted
 * fields); {@link #line()} is the line on which the current record starts. Not thread-safe.
 */
final class CsvRecords {

    /** The characters read per block. */
    private static final int BLOCK = 1 << 16;

    private final Reader in;
    private final char delimiter;
    private final boolean whitespaceDelimiter;
    private final String source;
    private char[] buffer = new char[BLOCK];
    /** The first character not yet consumed by a record. */
    private int position;
    /** The end of the characters in the buffer. */
    private int end;
    private boolean eof;
    /** Bytes that are not valid text, met after the characters in the buffer: thrown once those are used. */
    private CharacterCodingException badText;
    /** The line at the end of the buffer when a record needed more characters. */
    private int scanLine = 1;
    private boolean started;
    /** The line of the character at {@link #position}. */
    private int line = 1;
    private int recordLine;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] rewrite = new boolean[16];
    private int count;

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
        this.whitespaceDelimiter = Character.isWhitespace(delimiter);
        this.source = source;
    }

    /**
     * The line on which the current record starts.
     *
     * @return a line number from 1
     */
    int line() {
        return recordLine;
    }

    /**
     * The number of fields of the current record.
     *
     * @return at least 1
     */
    int fields() {
        return count;
    }

    /**
     * The buffer the field ranges refer to (valid until the next call of {@link #next()}).
     *
     * @return the characters
     */
    char[] chars() {
        return buffer;
    }

    /**
     * Where field {@code i} of the current record starts in {@link #chars()}.
     *
     * @param i the field, from 0
     * @return the position of its first character
     */
    int start(int i) {
        return starts[i];
    }

    /**
     * Where field {@code i} of the current record ends in {@link #chars()}.
     *
     * @param i the field, from 0
     * @return the position after its last character
     */
    int end(int i) {
        return ends[i];
    }

    /**
     * Field {@code i} of the current record as a string, as read (not stripped).
     *
     * @param i the field, from 0
     * @return its text
     */
    String field(int i) {
        return new String(buffer, starts[i], ends[i] - starts[i]);
    }

    /**
     * Moves to the next record that is not blank.
     *
     * @return whether there is one; {@code false} at the end of the input
     * @throws IOException if reading fails, or a {@link MalformedDataException} for text after a
     *     closing quote, a quote that is never closed, or bytes that are not valid text
     */
    boolean next() throws IOException {
        if (!started) {
            started = true;
            more();
            if (end > 0 && buffer[0] == '\uFEFF') {
                position = 1;
            }
        }
        while (true) {
            int state = scan();
            if (state == NEED_MORE) {
                if (badText != null) {
                    throw new MalformedDataException(source + ": bytes that are not valid text in its character set"
                            + " (UTF-8 for a file), at or after line " + scanLine, badText);
                }
                more();
            } else if (state == BLANK) {
                if (position == end && eof) {
                    return false;
                }
            } else {
                return true;
            }
        }
    }

    private static final int RECORD = 0;
    private static final int BLANK = 1;
    private static final int NEED_MORE = 2;

    /**
     * Scans one record from {@link #position}. On success moves past its line break; when the
     * buffer ends before the record does (and the input does not), changes nothing and asks for
     * more, and the record is scanned again from its start.
     */
    private int scan() throws MalformedDataException {
        char[] b = buffer;
        int p = position;
        int n = end;
        int ln = line;
        int fields = 0;
        boolean blank = true;        // whitespace only so far, no quote
        int fixes = 0;               // quoted fields with "" or a CR to rewrite (marked in rewrite[])
        boolean atEnd;               // the record ends at the end of the input
        while (true) {
            // one field from p
            int fieldStart = p;
            boolean quoted = false;
            boolean fix = false;         // a quoted field with "" or a CR
            char c = 0;
            // leading whitespace, then a quote opens a quoted field, anything else an unquoted one
            while (p < n && (c = b[p]) != delimiter && c != '\n' && c != '\r' && isWhitespace(c)) {
                p++;
            }
            if (p < n && c == '"') {
                quoted = true;
            } else if (p < n && c != delimiter && c != '\n' && c != '\r') {
                blank = false;
                p++;
                while (p < n && (c = b[p]) != delimiter && c != '\n' && c != '\r') {
                    p++;
                }
            }
            int fieldEnd = p;
            if (quoted) {
                blank = false;
                int quoteLine = ln;
                p++;
                fieldStart = p;
                while (true) {
                    if (p == n) {
                        if (!eof) {
                            return needMore(ln);
                        }
                        throw new MalformedDataException(source + " line " + quoteLine + ", column "
                                + (fields + 1) + ": the quoted field that opens here is not closed before the"
                                + " end of the input");
                    }
                    c = b[p];
                    if (c == '"') {
                        if (p + 1 == n && !eof) {
                            return needMore(ln);
                        }
                        if (p + 1 < n && b[p + 1] == '"') {
                            fix = true;
                            p += 2;
                            continue;
                        }
                        break;
                    }
                    if (c == '\r') {
                        fix = true;
                        ln++;
                        if (p + 1 == n && !eof) {
                            return needMore(ln);
                        }
                        if (p + 1 < n && b[p + 1] == '\n') {
                            p++;
                        }
                    } else if (c == '\n') {
                        ln++;
                    }
                    p++;
                }
                fieldEnd = p;
                p++; // the closing quote
                // only whitespace up to the delimiter or the end of the record
                while (p < n) {
                    c = b[p];
                    if (c == delimiter || c == '\n' || c == '\r') {
                        break;
                    }
                    if (!isWhitespace(c)) {
                        throw new MalformedDataException(source + " line " + line + ", column " + (fields + 1)
                                + ": " + Checks.quote(String.valueOf(c)) + " after the closing quote of a quoted"
                                + " field (a quoted field ends at a delimiter or the end of the record)");
                    }
                    p++;
                }
            }
            if (p == n && !eof) {
                return needMore(ln);
            }
            if (fields == starts.length) {
                starts = Arrays.copyOf(starts, 2 * fields);
                ends = Arrays.copyOf(ends, 2 * fields);
                rewrite = Arrays.copyOf(rewrite, 2 * fields);
            }
            starts[fields] = fieldStart;
            ends[fields] = fieldEnd;
            rewrite[fields] = quoted && fix;
            fixes += quoted && fix ? 1 : 0;
            fields++;
            if (p == n) {
                atEnd = true;
                break;
            }
            c = b[p];
            if (c == delimiter) {
                blank &= whitespaceDelimiter;
                p++;
                continue;
            }
            // a line break: CR, LF or CRLF
            if (c == '\r') {
                if (p + 1 == n && !eof) {
                    return needMore(ln + 1); // the CR ends this line whatever follows
                }
                if (p + 1 < n && b[p + 1] == '\n') {
                    p++;
                }
            }
            p++;
            atEnd = false;
            break;
        }
        recordLine = line;
        position = p;
        line = atEnd ? ln : ln + 1;
        if (blank) {
            return BLANK;
        }
        count = fields;
        if (fixes > 0) {
            for (int i = 0; i < fields; i++) {
                if (rewrite[i]) {
                    unescape(i);
                }
            }
        }
        return RECORD;
    }

    private int needMore(int ln) {
        scanLine = ln;
        return NEED_MORE;
    }

    /** Rewrites a quoted field in place: {@code ""} to {@code "}, {@code CRLF} and {@code CR} to {@code \n}. */
    private void unescape(int i) {
        char[] b = buffer;
        int w = starts[i];
        for (int r = starts[i]; r < ends[i]; r++) {
            char c = b[r];
            if (c == '"') {
                r++; // the second quote of ""; a field with a single quote inside was never quoted
            } else if (c == '\r') {
                c = '\n';
                if (r + 1 < ends[i] && b[r + 1] == '\n') {
                    r++;
                }
            }
            b[w++] = c;
        }
        ends[i] = w;
    }

    /** Keeps the unconsumed characters (moved to the front, or in a larger buffer) and reads more. */
    private void more() throws IOException {
        if (eof) {
            return;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, end - position);
            end -= position;
            position = 0;
        } else if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        // fill the buffer (so that a long record is scanned again only after its text has doubled)
        try {
            while (end < buffer.length) {
                int n = in.read(buffer, end, buffer.length - end);
                if (n < 0) {
                    eof = true;
                    return;
                }
                end += n;
            }
        } catch (CharacterCodingException e) {
            badText = e; // the characters before them come first
        }
    }

    /** {@link Character#isWhitespace}, with the printable ASCII characters decided at once. */
    static boolean isWhitespace(char c) {
        return (c <= ' ' || c >= 0x7f) && Character.isWhitespace(c);
    }
}
