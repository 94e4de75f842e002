package io.github.matrixbackprop.io;

import io.github.matrixbackprop.util.Checks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * Replaces a file atomically (see "Saving" in {@code docs/model-format.md}). Model files and the
 * exported formats (e.g. {@code io.github.matrixbackprop.onnx}) are all written through it.
 *
 * <ol>
 *   <li>A symbolic link is followed (link by link, also when it dangles); the file it leads to is
 *       replaced and the link is kept. A directory, FIFO, device or socket is refused.</li>
 *   <li>Stale temporary files of the same target, left by saves that crashed, are removed.</li>
 *   <li>The bytes go to a new temporary file next to the target, named
 *       {@code .<first 32 characters of the name>.<CRC-32 of the name>.<random tag>.mxbp-tmp} (at
 *       most 60 characters, so every valid target name works). It is created with the default
 *       permissions (the process's umask applies, as for {@code Files.write}); when the target
 *       exists, its POSIX permissions (and, if allowed, its group) are copied onto it first.</li>
 *   <li>The temporary file is forced to disk and renamed over the target in one atomic move, then
 *       the directory is forced to disk so that the rename survives a crash too.</li>
 * </ol>
 *
 * <p>Concurrent saves of one target (threads or processes) each write their own temporary file and
 * rename it: every rename installs a complete file, and the last rename wins. A save holds an
 * exclusive lock on its temporary file until the rename, and the clean-up removes only files that
 * nobody holds a lock on, so it never removes the temporary file of a running save (except in the
 * instant between another process creating and locking it; that save then fails with an
 * {@code IOException}, and the target is still a complete file).
 */
public final class AtomicFileWriter {

    /** The ending of every temporary file. */
    static final String TEMP_SUFFIX = ".mxbp-tmp";

    /** How many characters of the target's name the temporary file's name repeats. */
    static final int PREFIX_CHARS = 32;

    /** Hex digits of the random tag that makes every temporary file's name unique. */
    static final int TAG_DIGITS = 8;

    /** Symbolic links followed at most, like the usual operating system limit. */
    private static final int MAX_LINKS = 40;

    /** Bytes per write call: large heap buffers would make the channel allocate as much native memory. */
    private static final int CHUNK = 1 << 20;

    /** Names of the temporary files this JVM is writing now: the clean-up does not even open them. */
    private static final Set<String> WRITING = ConcurrentHashMap.newKeySet();

    private AtomicFileWriter() {
    }

    /** What an existing target passes on to its replacement: POSIX permissions and group, or nothing. */
    private record Existing(Set<PosixFilePermission> permissions, GroupPrincipal group) {
    }

    /**
     * Replaces {@code target} by a file holding {@code parts}, one after the other.
     *
     * @param target the file to replace or create; a symbolic link is followed and kept
     * @param parts the content; read from position to limit, positions advanced
     * @throws IllegalArgumentException if {@code target} has no file name (e.g. {@code /})
     * @throws IOException naming {@code target}: its folder does not exist, it is a directory or not a
     *     regular file, or the file cannot be written
     */
    public static void write(Path target, ByteBuffer... parts) throws IOException {
        Checks.notNull(target, "file");
        Path name = target.getFileName();
        if (name == null || name.toString().isEmpty()) {
            throw new IllegalArgumentException("cannot save to " + Checks.quote(target.toString())
                    + ": the path names no file");
        }
        Path file = followLinks(target);
        String via = file.equals(target.toAbsolutePath()) ? null : file.toString();
        Path dir = file.getParent();
        if (dir == null || file.getFileName() == null) { // a link to the root
            throw new FileSystemException(target.toString(), via, "is a directory, not a file");
        }
        requireFolder(target, dir);
        Existing existing = inspect(target, via, file);
        String fileName = file.getFileName().toString();
        removeStale(dir, fileName);

        String tmpName = null;
        Path tmp = null;
        FileChannel ch = null;
        for (int attempt = 1; ch == null; attempt++) {
            tmpName = tempName(fileName, randomTag());
            if (!WRITING.add(tmpName)) {
                continue; // another thread of this JVM drew the same tag
            }
            tmp = dir.resolve(tmpName);
            boolean created = false;
            try {
                // no attributes: the default permissions, as for Files.write
                ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                created = true;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw cannotSave(target, e);
                }
            } catch (IOException e) {
                throw cannotSave(target, e);
            } finally {
                if (!created) {
                    WRITING.remove(tmpName);
                }
            }
        }
        boolean moved = false;
        try (FileChannel c = ch) {
            lock(c);
            if (existing != null) {
                copyAttributes(existing, tmp);
            }
            for (ByteBuffer b : parts) {
                writeFully(c, b);
            }
            c.force(true);
            move(tmp, file);
            moved = true;
        } catch (IOException e) {
            throw cannotSave(target, e);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the next save of this target removes it
                }
            }
            WRITING.remove(tmpName);
        }
        forceFolder(dir);
    }

    /**
     * The name of a temporary file for a target named {@code fileName}.
     *
     * @param fileName the target's file name
     * @param tag {@value #TAG_DIGITS} hex digits
     * @return {@code .<first 32 characters>.<CRC-32 of the name, 8 hex digits>.<tag>.mxbp-tmp}
     */
    static String tempName(String fileName, String tag) {
        return stem(fileName) + tag + TEMP_SUFFIX;
    }

    /** The part of a temporary file's name that depends on the target only. */
    private static String stem(String fileName) {
        int cut = Math.min(fileName.length(), PREFIX_CHARS);
        if (cut < fileName.length() && Character.isHighSurrogate(fileName.charAt(cut - 1))) {
            cut--; // do not split a surrogate pair
        }
        CRC32 crc = new CRC32();
        crc.update(fileName.getBytes(StandardCharsets.UTF_8));
        return "." + fileName.substring(0, cut) + "." + String.format("%08x", crc.getValue()) + ".";
    }

    private static String randomTag() {
        return String.format("%08x", ThreadLocalRandom.current().nextInt());
    }

    private static boolean isTempOf(String name, String stem) {
        return name.length() == stem.length() + TAG_DIGITS + TEMP_SUFFIX.length() && name.startsWith(stem)
                && name.endsWith(TEMP_SUFFIX);
    }

    /** The file that {@code target} leads to, absolute; {@code target} itself when it is no link. */
    private static Path followLinks(Path target) throws IOException {
        Path p = target.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == MAX_LINKS) {
                throw new FileSystemException(target.toString(), null, "too many levels of symbolic links");
            }
            p = p.resolveSibling(Files.readSymbolicLink(p)); // an absolute link target replaces p
        }
        return p;
    }

    private static void requireFolder(Path target, Path dir) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(dir, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            NoSuchFileException named = new NoSuchFileException(target.toString(), null,
                    "cannot save: the folder " + dir + " does not exist");
            named.initCause(e);
            throw named;
        } catch (IOException e) {
            throw new FileSystemException(target.toString(), null, "cannot save: " + describe(e));
        }
        if (!a.isDirectory()) {
            throw new FileSystemException(target.toString(), null, "cannot save: " + dir + " is not a folder");
        }
    }

    /** Refuses a target that is no regular file; returns what an existing one passes on, or null. */
    private static Existing inspect(Path target, String via, Path file) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (a.isDirectory()) {
            throw new FileSystemException(target.toString(), via, "is a directory, not a file");
        }
        if (!a.isRegularFile()) {
            throw new FileSystemException(target.toString(), via,
                    "is not a regular file (a FIFO, device or socket); a model is saved only to a regular file");
        }
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new Existing(null, null);
        }
        PosixFileAttributes p = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return new Existing(p.permissions(), p.group());
    }

    private static void copyAttributes(Existing existing, Path tmp) throws IOException {
        if (existing.permissions() == null) {
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        try {
            if (!view.readAttributes().group().equals(existing.group())) {
                view.setGroup(existing.group());
            }
        } catch (IOException e) {
            // not a member of the target's group: the new file keeps the process's group
        }
        view.setPermissions(existing.permissions());
    }

    /** Removes the temporary files of {@code fileName} in {@code dir} that no running save holds. */
    private static void removeStale(Path dir, String fileName) {
        String stem = stem(fileName);
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir,
                p -> isTempOf(p.getFileName().toString(), stem))) {
            for (Path p : files) {
                stale.add(p);
            }
        } catch (IOException | DirectoryIteratorException e) {
            return; // best effort: the save itself does not need it
        }
        for (Path p : stale) {
            if (!WRITING.contains(p.getFileName().toString()) && unlocked(p)) {
                try {
                    Files.deleteIfExists(p); // the random tag is never reused, so the name cannot be a newer file
                } catch (IOException e) {
                    // best effort
                }
            }
        }
    }

    /** Whether no running save holds {@code tmp}: a shared lock on it can be taken. */
    private static boolean unlocked(Path tmp) {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ)) {
            return ch.tryLock(0, Long.MAX_VALUE, true) != null; // closing the channel releases it
        } catch (OverlappingFileLockException e) {
            return false; // held in this JVM
        } catch (IOException | UnsupportedOperationException e) {
            return false; // unreadable, or no locks on this file system: cannot tell, keep it
        }
    }

    /** Takes an exclusive lock, which marks the file as in use; file systems without locks go without. */
    private static void lock(FileChannel ch) {
        try {
            ch.lock();
        } catch (IOException | UnsupportedOperationException e) {
            // no locks here: the save works, but a concurrent clean-up cannot see that the file is in use
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        int end = b.limit();
        while (b.position() < end) {
            b.limit((int) Math.min(end, (long) b.position() + CHUNK));
            ch.write(b);
            b.limit(end);
        }
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Forces the directory entry of the rename to disk. Some platforms (Windows) cannot open a
     * directory, and some file systems refuse to force one: then the rename is as durable as the
     * operating system makes it, and the save still succeeded.
     */
    private static void forceFolder(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // see above
        }
    }

    private static IOException cannotSave(Path target, IOException e) {
        if (e instanceof FileSystemException f && target.toString().equals(f.getFile())) {
            return e; // names the target already
        }
        return new IOException("cannot save " + target + ": " + describe(e), e);
    }

    /** The message of {@code e}, with the reason a bare {@code AccessDeniedException} leaves out. */
    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException a && a.getReason() == null) {
            return a.getMessage() + ": permission denied";
        }
        return e.getMessage();
    }
}
