package io.github.matrixbackprop.data;

import java.io.IOException;
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
}
