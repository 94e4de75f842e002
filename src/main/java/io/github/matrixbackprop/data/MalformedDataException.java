package io.github.matrixbackprop.data;

import java.io.IOException;

/**
 * A data file does not have the format it claims (the message says where and how): what the CSV
 * and IDX readers throw for malformed content. It is an {@link IOException}, so one
 * {@code catch (IOException e)} handles both a file that cannot be read and one that cannot be
 * understood.
 */
public final class MalformedDataException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * With a message naming the file and the problem.
     *
     * @param message what is wrong, and where
     */
    public MalformedDataException(String message) {
        super(message);
    }

    /**
     * With a message naming the file and the problem, and the exception that revealed it.
     *
     * @param message what is wrong, and where
     * @param cause the lower-level exception, e.g. a {@link NumberFormatException}
     */
    public MalformedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
