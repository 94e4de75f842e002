package io.github.matrixbackprop.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/** Files for the model-file tests: headers, FIFOs, links, directory listings. */
final class TestFiles {

    private TestFiles() {
    }

    /** Whether the default file system has POSIX permissions. */
    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** A 16-byte model-file header of version 1 declaring {@code length} bytes of content. */
    static byte[] header(int kind, long length) {
        return ByteBuffer.allocate(ModelFiles.HEADER).put(ModelFiles.MAGIC).putShort((short) 1).put((byte) kind)
                .put((byte) 0).putLong(length).array();
    }

    /**
     * A whole model file built by hand from docs/model-format.md: the header ({@code MXBP},
     * {@code version}, {@code kind}, flags 0, the payload's length), the payload, and the CRC-32
     * of everything before it.
     */
    static byte[] file(int version, int kind, byte[] body) {
        ByteBuffer file = ByteBuffer.allocate(16 + body.length + 4);
        file.put(new byte[] {'M', 'X', 'B', 'P'}).putShort((short) version).put((byte) kind).put((byte) 0)
                .putLong(body.length).put(body);
        CRC32 crc = new CRC32();
        crc.update(file.array(), 0, 16 + body.length);
        file.putInt((int) crc.getValue());
        return file.array();
    }

    /** Creates a FIFO at {@code path} with {@code mkfifo}; skips the test where that is not possible. */
    static Path fifo(Path path) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            boolean done = p.waitFor(30, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            assumeTrue(done && p.exitValue() == 0, "mkfifo failed");
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo: " + e.getMessage());
        }
        return path;
    }

    /** Creates a symbolic link; skips the test where links cannot be created. */
    static Path symlink(Path link, Path target) {
        try {
            return Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links: " + e);
            return link;
        }
    }

    /** The names of the entries of {@code dir}. */
    static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
