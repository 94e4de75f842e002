package io.github.matrixbackprop.io;

import io.github.matrixbackprop.io.ModelFormatException.Problem;
import io.github.matrixbackprop.util.Checks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.CRC32;

/**
 * Reads the frame of a model file (header, payload, CRC-32) with bounded memory: the 16-byte
 * header first, then the declared length is checked against the file's size and
 * {@link ModelFiles#MAX_CONTENT}, and only then exactly that many bytes are read, in chunks. So
 * a file never costs more memory than its declared and present content, whatever its size.
 * {@link #read} opens a file the same way for the other readers of the package.
 */
final class FrameReader {

    /** Bytes per read call: large heap buffers would make the channel allocate as much native memory. */
    private static final int CHUNK = 1 << 16;

    /** The size of the CRC-32 after the payload. */
    private static final int CHECKSUM = 4;

    private FrameReader() {
    }

    /**
     * Reads and checks the frame of {@code file}.
     *
     * @param file the file to read
     * @param kind the kind of content the caller expects
     * @return the payload, position 0, limit its length
     * @throws IOException naming {@code file}: it is missing, a directory or not a regular file, cannot
     *     be read, or (a {@link ModelFormatException}) its frame is not valid
     */
    static ByteBuffer payload(Path file, int kind) throws IOException {
        return frame(file, kind).payload();
    }

    /**
     * A checked frame: its version, its kind and its payload.
     *
     * @param version the format version of the header, {@code 1..ModelFiles.VERSION}
     * @param kind the kind of content
     * @param payload the payload, position 0, limit its length
     */
    record Frame(int version, int kind, ByteBuffer payload) {
    }

    /**
     * Reads and checks the frame of {@code file}, which may hold any of {@code kinds}.
     *
     * @param file the file to read
     * @param kinds the kinds of content the caller accepts, the one it asks for first
     * @return the frame
     * @throws IOException as {@link #payload(Path, int)}
     */
    static Frame frame(Path file, int... kinds) throws IOException {
        return read(file, (ch, src) -> frame(ch, src, kinds));
    }

    /** Reads the content of an open file. */
    @FunctionalInterface
    interface ChannelReader<T> {
        /**
         * Reads what the caller needs from {@code ch}.
         *
         * @param ch the file, open for reading, at position 0
         * @param src the file's name for messages
         * @return what was read
         * @throws IOException naming the file
         */
        T read(FileChannel ch, String src) throws IOException;
    }

    /**
     * Opens {@code file} (a regular file only: a FIFO or a device is refused before it is opened)
     * and hands it to {@code reader}; every {@code IOException} names the file.
     *
     * @param file the file to read
     * @param reader reads the content
     * @param <T> what the reader gives
     * @return what the reader gave
     * @throws IOException naming {@code file}: it is missing, a directory or not a regular file, cannot
     *     be read, or the reader's {@link ModelFormatException}
     */
    static <T> T read(Path file, ChannelReader<T> reader) throws IOException {
        Checks.notNull(file, "file");
        String src = file.toString();
        requireRegularFile(file, src);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return reader.read(ch, src);
        } catch (AccessDeniedException e) {
            if (e.getReason() != null) {
                throw e;
            }
            AccessDeniedException named = new AccessDeniedException(src, null, "permission denied");
            named.initCause(e);
            throw named;
        } catch (ModelFormatException | FileSystemException e) {
            throw e; // they name the file
        } catch (IOException e) {
            throw new IOException(src + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void requireRegularFile(Path file, String src) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            NoSuchFileException named = new NoSuchFileException(src, null, "no such file");
            named.initCause(e);
            throw named;
        }
        if (a.isDirectory()) {
            throw new FileSystemException(src, null, "is a directory, not a model file");
        }
        if (!a.isRegularFile()) {
            // a FIFO or a device: reading it could block or never end
            throw new FileSystemException(src, null, "is not a regular file");
        }
    }

    private static Frame frame(FileChannel ch, String src, int[] kinds) throws IOException {
        long size = ch.size();
        if (size < ModelFiles.MAGIC.length) {
            throw new ModelFormatException(Problem.NOT_A_MODEL_FILE,
                    src + ": " + size + " bytes, too short to be a model file");
        }
        ByteBuffer header = ByteBuffer.allocate(ModelFiles.HEADER);
        header.limit((int) Math.min(size, ModelFiles.HEADER));
        readFully(ch, header, src);
        for (int i = 0; i < ModelFiles.MAGIC.length; i++) {
            if (header.get(i) != ModelFiles.MAGIC[i]) {
                throw new ModelFormatException(Problem.NOT_A_MODEL_FILE,
                        src + ": not a matrix-backprop model file (it does not start with MXBP)");
            }
        }
        if (size < ModelFiles.HEADER) {
            throw new ModelFormatException(Problem.TRUNCATED, src + ": truncated: the file ends inside the "
                    + ModelFiles.HEADER + "-byte header (" + size + " bytes)");
        }
        int version = Short.toUnsignedInt(header.getShort(4));
        if (version > ModelFiles.VERSION) {
            throw new ModelFormatException(Problem.NEWER_VERSION, src + ": format version " + version
                    + " is newer than this library reads (up to " + ModelFiles.VERSION + ")");
        }
        if (version == 0) {
            throw new ModelFormatException(Problem.CORRUPTED, src + ": format version 0 does not exist");
        }
        int fileKind = Byte.toUnsignedInt(header.get(6));
        if (java.util.Arrays.stream(kinds).noneMatch(k -> k == fileKind)) {
            StringBuilder wanted = new StringBuilder(kindName(kinds[0]));
            for (int i = 1; i < kinds.length; i++) {
                wanted.append(" or ").append(kindName(kinds[i]));
            }
            throw new ModelFormatException(Problem.WRONG_KIND,
                    src + ": the file holds " + kindName(fileKind) + ", not " + wanted);
        }
        long length = header.getLong(8);
        long room = size - ModelFiles.HEADER - CHECKSUM; // >= -4, no overflow
        if (length < 0 || length > room) { // a negative length read as unsigned is larger than any file
            throw new ModelFormatException(Problem.TRUNCATED, src + ": truncated: the header declares "
                    + Long.toUnsignedString(length) + " bytes of content but the file has room for only "
                    + Math.max(0, room) + " (" + size + " bytes in all)");
        }
        if (length < room) {
            throw new ModelFormatException(Problem.CORRUPTED,
                    src + ": " + (room - length) + " bytes follow the content the header declares");
        }
        if (length > ModelFiles.MAX_CONTENT) {
            throw new ModelFormatException(Problem.INVALID, src + ": invalid content: the header declares "
                    + length + " bytes of content, more than this library reads (at most " + ModelFiles.MAX_CONTENT
                    + ")");
        }
        int n = (int) length;
        ByteBuffer body = ByteBuffer.allocate(n + CHECKSUM);
        readFully(ch, body, src);
        CRC32 crc = new CRC32();
        crc.update(header.array(), 0, ModelFiles.HEADER);
        crc.update(body.array(), 0, n);
        int stored = body.getInt(n);
        if (stored != (int) crc.getValue()) {
            throw new ModelFormatException(Problem.CORRUPTED, String.format(
                    "%s: corrupted: the CRC-32 is %08x but the content gives %08x", src, stored, (int) crc.getValue()));
        }
        return new Frame(version, fileKind, ByteBuffer.wrap(body.array(), 0, n).slice());
    }

    /** Fills {@code b} from the channel's position, at most {@link #CHUNK} bytes per read. */
    static void readFully(FileChannel ch, ByteBuffer b, String src) throws IOException {
        int end = b.limit();
        while (b.position() < end) {
            b.limit((int) Math.min(end, (long) b.position() + CHUNK));
            int n = ch.read(b);
            b.limit(end);
            if (n < 0) { // the file shrank while it was read
                throw new ModelFormatException(Problem.TRUNCATED,
                        src + ": truncated: the file ended after " + ch.position() + " bytes while it was read");
            }
        }
    }

    static String kindName(int kind) {
        return switch (kind) {
            case ModelFiles.KIND_NETWORK -> "a network";
            case ModelFiles.KIND_OPTIMIZER -> "an optimizer state";
            case ModelFiles.KIND_MODEL -> "a model";
            default -> "content of unknown kind " + kind;
        };
    }
}
