package io.github.matrixbackprop.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the file readers share: errors about the file itself name its path. */
final class DataFiles {

    private DataFiles() {
    }

    /**
     * Refuses a directory before it is opened (opening one works on some systems, and reading it
     * then fails with a message that names nothing).
     *
     * @param file the file to read
     * @return {@code file}
     * @throws FileSystemException naming {@code file} if it is a directory
     */
    static Path readable(Path file) throws FileSystemException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory, not a file");
        }
        return file;
    }

    /**
     * An I/O error while reading {@code file}, with its path in the message.
     *
     * @param file the file being read
     * @param cause the error, whose message may not name the file
     * @return an exception to throw, with {@code cause} as its cause
     */
    static IOException failed(Path file, IOException cause) {
        String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new IOException("cannot read " + file + ": " + why, cause);
    }

    /**
     * The file as UTF-8 text, with bytes that are not UTF-8 reported as a
     * {@link java.nio.charset.CharacterCodingException} rather than replaced.
     *
     * @param file the file
     * @return a reader of its text, to be closed by the caller
     * @throws IOException if the file cannot be opened
     */
    static Reader utf8(Path file) throws IOException {
        return new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder());
    }

    /**
     * The number of lines of {@code file} that hold at least one character besides their line
     * break ({@code LF}, {@code CR} or {@code CRLF}), counted over the raw bytes: a bound on the
     * number of records of a CSV file, each of which takes at least one such line.
     *
     * @param file the file
     * @return the number of non-empty lines
     * @throws IOException if the file cannot be read
     */
    static long nonEmptyLines(Path file) throws IOException {
        long lines = 0;
        boolean lineStart = true;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int i = 0;
                for (; i + 8 <= n; i += 8) {
                    long word = (long) LONGS.get(buffer, i);
                    if (!hasLineBreak(word)) {
                        // eight characters that are not line breaks: a line starts here unless one is going on
                        lines += lineStart ? 1 : 0;
                        lineStart = false;
                        continue;
                    }
                    for (int k = i; k < i + 8; k++) {
                        boolean lineBreak = buffer[k] == '\n' || buffer[k] == '\r';
                        lines += lineStart && !lineBreak ? 1 : 0;
                        lineStart = lineBreak;
                    }
                }
                for (; i < n; i++) {
                    boolean lineBreak = buffer[i] == '\n' || buffer[i] == '\r';
                    lines += lineStart && !lineBreak ? 1 : 0;
                    lineStart = lineBreak;
                }
            }
        }
        return lines;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** Whether one of the eight bytes of {@code word} is {@code LF} or {@code CR}: a zero byte after an xor. */
    private static boolean hasLineBreak(long word) {
        return hasZeroByte(word ^ (ONES * '\n')) || hasZeroByte(word ^ (ONES * '\r'));
    }

    /** Whether a byte of {@code v} is zero (exact: a borrow starts only at a zero byte). */
    private static boolean hasZeroByte(long v) {
        return ((v - ONES) & ~v & HIGHS) != 0;
    }
}
