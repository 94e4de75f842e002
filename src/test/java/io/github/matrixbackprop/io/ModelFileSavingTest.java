package io.github.matrixbackprop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.network.Network;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How {@code ModelFiles.save} replaces files: temporary files, permissions, links, special files, odd paths. */
class ModelFileSavingTest {

    private static Network small() {
        return TestNets.random(9, new int[] {2, 2}, Activations.tanh());
    }

    /** The temporary file name of docs/model-format.md, built from its description. */
    private static String documentedTempName(String target, String tag) {
        CRC32 crc = new CRC32();
        crc.update(target.getBytes(StandardCharsets.UTF_8));
        String prefix = target.length() <= 32 ? target : target.substring(0, 32);
        return "." + prefix + "." + String.format("%08x", crc.getValue()) + "." + tag + ".mxbp-tmp";
    }

    @Test
    void theTemporaryFileNameIsTheDocumentedOne() {
        assertEquals(documentedTempName("m.mxbp", "0badc0de"), AtomicFileWriter.tempName("m.mxbp", "0badc0de"));
        String longName = "x".repeat(250);
        String tmp = AtomicFileWriter.tempName(longName, "0badc0de");
        assertEquals(documentedTempName(longName, "0badc0de"), tmp);
        assertEquals(60, tmp.length(), tmp);
    }

    @Test
    void aCrashedSavesTemporaryFileIsRemovedByTheNextSave(@TempDir Path dir) throws IOException {
        // what a save killed before its rename leaves: a partial temporary file nobody holds
        Path stale = Files.write(dir.resolve(documentedTempName("m.mxbp", "0badc0de")), new byte[1000]);
        Path otherTarget = Files.write(dir.resolve(documentedTempName("other.mxbp", "0badc0de")), new byte[10]);
        Path file = dir.resolve("m.mxbp");
        ModelFiles.save(small(), file);
        assertFalse(Files.exists(stale), "the stale temporary file of m.mxbp is removed");
        assertTrue(Files.exists(otherTarget), "a temporary file of another target is left alone");
        assertEquals(Set.of("m.mxbp", otherTarget.getFileName().toString()), TestFiles.names(dir));
        assertEquals("Network(2 -> 2 tanh)", ModelFiles.loadNetwork(file).toString());
    }

    @Test
    void aTemporaryFileThatARunningSaveHoldsIsKept(@TempDir Path dir) throws IOException {
        Path busy = dir.resolve(documentedTempName("m.mxbp", "00c0ffee"));
        try (FileChannel ch = FileChannel.open(busy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            ModelFiles.save(small(), dir.resolve("m.mxbp"));
            assertTrue(Files.exists(busy), "the locked temporary file belongs to a save in progress");
            assertTrue(lock.isValid());
        }
        assertEquals("Network(2 -> 2 tanh)", ModelFiles.loadNetwork(dir.resolve("m.mxbp")).toString());
    }

    @Test
    void concurrentSavesOfOneTargetEachInstallACompleteFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.mxbp");
        List<Network> nets = List.of(ModelFilesTest.network(), small());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> saves = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Network n = nets.get(i % 2);
                saves.add(pool.submit(() -> {
                    ModelFiles.save(n, file);
                    return null;
                }));
            }
            for (Future<?> f : saves) {
                f.get(); // rethrows a failed save
            }
        } finally {
            pool.shutdownNow();
        }
        String loaded = ModelFiles.loadNetwork(file).toString();
        assertTrue(loaded.equals(nets.get(0).toString()) || loaded.equals(nets.get(1).toString()), loaded);
        assertEquals(Set.of("m.mxbp"), TestFiles.names(dir), "no temporary file is left");
    }

    @Test
    void aNewFileGetsTheDefaultPermissionsLikeFilesWrite(@TempDir Path dir) throws IOException {
        Path reference = Files.write(dir.resolve("reference"), new byte[] {1});
        Path file = dir.resolve("m.mxbp");
        ModelFiles.save(small(), file);
        assertEquals("Network(2 -> 2 tanh)", ModelFiles.loadNetwork(file).toString());
        assumeTrue(TestFiles.posix(), "POSIX permissions");
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(file));
        Path state = dir.resolve("opt.mxbp");
        ModelFiles.save(io.github.matrixbackprop.optim.Adam.defaults().create(small()).state(), state);
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(state));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw-rw-r--", "r--------"})
    void anExistingFileKeepsItsPermissions(String permissions, @TempDir Path dir) throws IOException {
        assumeTrue(TestFiles.posix(), "POSIX permissions");
        Path file = dir.resolve("m.mxbp");
        ModelFiles.save(ModelFilesTest.network(), file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        ModelFiles.save(small(), file);
        assertEquals(permissions, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("Network(2 -> 2 tanh)", ModelFiles.loadNetwork(file).toString());
    }

    @Test
    void aSymbolicLinkIsFollowedAndKept(@TempDir Path dir) throws IOException {
        Path real = dir.resolve("real.mxbp");
        ModelFiles.save(ModelFilesTest.network(), real);
        Path link = TestFiles.symlink(dir.resolve("link.mxbp"), Path.of("real.mxbp"));
        ModelFiles.save(small(), link);
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertEquals(Path.of("real.mxbp"), Files.readSymbolicLink(link));
        assertEquals("Network(2 -> 2 tanh)", ModelFiles.loadNetwork(real).toString());
        assertEquals(Set.of("link.mxbp", "real.mxbp"), TestFiles.names(dir));

        // a dangling link: the file it names is created, as Files.write would
        Path dangling = TestFiles.symlink(dir.resolve("dangling.mxbp"), dir.resolve("new.mxbp"));
        ModelFiles.save(small(), dangling);
        assertTrue(Files.isSymbolicLink(dangling));
        assertTrue(Files.isRegularFile(dir.resolve("new.mxbp"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("Network(2 -> 2 tanh)", ModelFiles.loadNetwork(dir.resolve("new.mxbp")).toString());
    }

    @Test
    void aFifoIsNotReplaced(@TempDir Path dir) throws InterruptedException, IOException {
        Path fifo = TestFiles.fifo(dir.resolve("fifo.mxbp"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> ModelFiles.save(small(), fifo));
        assertEquals(fifo + ": is not a regular file (a FIFO, device or socket); a model is saved only to a regular"
                + " file", e.getMessage());
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(fifo), "still a FIFO");
        assertEquals(Set.of("fifo.mxbp"), TestFiles.names(dir), "no temporary file");

        Path link = TestFiles.symlink(dir.resolve("link"), fifo);
        FileSystemException l = assertThrows(FileSystemException.class, () -> ModelFiles.save(small(), link));
        assertTrue(l.getMessage().startsWith(link + " -> " + fifo + ": is not a regular file"), l.getMessage());
    }

    @Test
    void aDirectoryIsNotReplaced(@TempDir Path dir) throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> ModelFiles.save(small(), sub));
        assertEquals(sub + ": is a directory, not a file", e.getMessage());
        assertTrue(Files.isDirectory(sub));
        assertEquals(Set.of("sub"), TestFiles.names(dir));
    }

    @Test
    void aNameOf250CharactersCanBeSaved(@TempDir Path dir) throws IOException {
        String name = "m".repeat(245) + ".mxbp";
        assertEquals(250, name.length());
        Path file = dir.resolve(name);
        ModelFiles.save(small(), file);
        assertEquals("Network(2 -> 2 tanh)", ModelFiles.loadNetwork(file).toString());
        assertEquals(Set.of(name), TestFiles.names(dir));
    }

    @Test
    void aPathWithoutAFileNameIsRefusedWithItsName(@TempDir Path dir) {
        Path root = dir.getRoot();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(small(), root));
        assertEquals("cannot save to '" + root + "': the path names no file", e.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> ModelFiles.save(small(), Path.of("")));
        assertEquals("cannot save to '': the path names no file", empty.getMessage());
    }

    @Test
    void aMissingFolderIsNamedWithTheTarget(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("missing").resolve("m.mxbp");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ModelFiles.save(small(), file));
        assertEquals(file + ": cannot save: the folder " + dir.resolve("missing") + " does not exist", e.getMessage());
        assertEquals(file.toString(), e.getFile());
        assertEquals(Set.of(), TestFiles.names(dir));
    }
}
