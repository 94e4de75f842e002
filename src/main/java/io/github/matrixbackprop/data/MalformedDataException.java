package io.github.matrixbackprop.data;

import java.io.IOException;

/** A data file does not have the format it claims (the message says where and how). */
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
}
