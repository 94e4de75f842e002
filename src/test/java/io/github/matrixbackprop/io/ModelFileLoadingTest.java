package io.github.matrixbackprop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.matrixbackprop.io.ModelFormatException.Problem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader's frame checks: bounded memory whatever the file's size, and errors that name the file. */
class ModelFileLoadingTest {

    /** 3 GiB: more than any Java array, far more than the test JVM's heap. */
    static final long HUGE = 3L << 30;

    /** A sparse file of {@code size} bytes starting with a header that declares {@code length} bytes. */
    private static Path sparse(Path file, int kind, long length, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(TestFiles.header(kind, length));
            raf.setLength(size);
        }
        return file;
    }

    private static ModelFormatException loadQuickly(Path file) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(ModelFormatException.class, () -> ModelFiles.loadNetwork(file)));
    }

    @Test
    void aHugeFileWithAShortDeclaredContentIsRejectedWithoutReadingIt(@TempDir Path dir) throws IOException {
        Path file = sparse(dir.resolve("sparse.mxbp"), ModelFiles.KIND_NETWORK, 100, HUGE);
        ModelFormatException e = loadQuickly(file);
        assertEquals(Problem.CORRUPTED, e.problem());
        assertEquals(file + ": " + (HUGE - 16 - 100 - 4) + " bytes follow the content the header declares",
                e.getMessage());
    }

    @Test
    void aHugeFileDeclaringAllOfItIsRefusedBeforeAnythingIsAllocated(@TempDir Path dir) throws IOException {
        Path file = sparse(dir.resolve("sparse.mxbp"), ModelFiles.KIND_NETWORK, HUGE - 20, HUGE);
        ModelFormatException e = loadQuickly(file);
        assertEquals(Problem.INVALID, e.problem());
        assertEquals(file + ": invalid content: the header declares 3221225452 bytes of content, more than this"
                + " library reads (at most 2147483631)", e.getMessage());
    }

    private static Path withLength(Path file, int kind, long length, int contentBytes) throws IOException {
        byte[] bytes = Arrays.copyOf(TestFiles.header(kind, length), ModelFiles.HEADER + contentBytes);
        return Files.write(file, bytes);
    }

    @Test
    void aLengthLargerThanTheFileIsTruncation(@TempDir Path dir) throws IOException {
        Path file = withLength(dir.resolve("short.mxbp"), ModelFiles.KIND_NETWORK, 1000, 100);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.loadNetwork(file));
        assertEquals(Problem.TRUNCATED, e.problem());
        assertEquals(file + ": truncated: the header declares 1000 bytes of content but the file has room for only 96"
                + " (116 bytes in all)", e.getMessage());
    }

    @Test
    void aLengthThatOverflowsIsTruncationWithThePlainNumbers(@TempDir Path dir) throws IOException {
        Path max = withLength(dir.resolve("max.mxbp"), ModelFiles.KIND_NETWORK, Long.MAX_VALUE, 96);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.loadNetwork(max));
        assertEquals(Problem.TRUNCATED, e.problem());
        assertEquals(max + ": truncated: the header declares 9223372036854775807 bytes of content but the file has"
                + " room for only 92 (112 bytes in all)", e.getMessage());

        Path negative = withLength(dir.resolve("negative.mxbp"), ModelFiles.KIND_OPTIMIZER, -1, 96);
        ModelFormatException n = assertThrows(ModelFormatException.class,
                () -> ModelFiles.loadOptimizerState(negative));
        assertEquals(Problem.TRUNCATED, n.problem());
        assertEquals(negative + ": truncated: the header declares 18446744073709551615 bytes of content but the file"
                + " has room for only 92 (112 bytes in all)", n.getMessage());
    }

    @Test
    void aFileEndingInsideTheChecksumIsTruncated(@TempDir Path dir) throws IOException {
        // 18 bytes: the header and 2 of the 4 checksum bytes of an empty payload
        Path file = withLength(dir.resolve("crc.mxbp"), ModelFiles.KIND_NETWORK, 0, 2);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.loadNetwork(file));
        assertEquals(Problem.TRUNCATED, e.problem());
        assertEquals(file + ": truncated: the header declares 0 bytes of content but the file has room for only 0"
                + " (18 bytes in all)", e.getMessage());
    }

    @Test
    void aValidFileStillLoadsAfterTheHeaderIsReadSeparately(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.mxbp");
        ModelFiles.save(ModelFilesTest.network(), file);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(bytes.length - 20, ByteBuffer.wrap(bytes).getLong(8), "the header declares the payload");
        assertEquals(ModelFilesTest.network().toString(), ModelFiles.loadNetwork(file).toString());
    }

    @Test
    void aDirectoryIsNamed(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> ModelFiles.loadNetwork(dir));
        assertEquals(dir + ": is a directory, not a model file", e.getMessage());
        IOException s = assertThrows(IOException.class, () -> ModelFiles.loadOptimizerState(dir));
        assertEquals(dir + ": is a directory, not a model file", s.getMessage());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("missing.mxbp");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ModelFiles.loadNetwork(missing));
        assertEquals(missing + ": no such file", e.getMessage());
        assertEquals(missing.toString(), e.getFile());
        NoSuchFileException s = assertThrows(NoSuchFileException.class,
                () -> ModelFiles.loadOptimizerState(missing));
        assertEquals(missing + ": no such file", s.getMessage());
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt(@TempDir Path dir) throws InterruptedException {
        Path fifo = TestFiles.fifo(dir.resolve("fifo.mxbp"));
        // opening a FIFO that has no writer blocks: the time limit catches a loader that tries
        FileSystemException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(FileSystemException.class, () -> ModelFiles.loadNetwork(fifo)));
        assertEquals(fifo + ": is not a regular file", e.getMessage());
    }
}
