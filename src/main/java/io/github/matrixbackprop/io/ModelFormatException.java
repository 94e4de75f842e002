package io.github.matrixbackprop.io;

import java.io.IOException;

/**
 * A model file or a safetensors file cannot be loaded; {@link #problem()} says why, the message
 * says where.
 */
public final class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The kinds of failure. */
    public enum Problem {
        /**
         * The file does not start with the format's magic bytes (a safetensors file: it is shorter than its
         * 8-byte header length, or its header does not start with an opening brace).
         */
        NOT_A_MODEL_FILE,
        /** The file was written by a newer version of the format. */
        NEWER_VERSION,
        /** The file holds another kind of content (e.g. an optimizer state, not a network). */
        WRONG_KIND,
        /**
         * The file ends before the length its header declares (a negative length counts as a huge one), or
         * before the end of a safetensors file's last tensor.
         */
        TRUNCATED,
        /** The checksum does not match, or bytes follow the declared content (or a safetensors file's last tensor). */
        CORRUPTED,
        /**
         * The checksum matches but the content is inconsistent, or the header declares more content
         * than this library reads (2^31 - 17 bytes).
         */
        INVALID,
        /**
         * The content uses an activation that is neither built in nor registered
         * ({@code Activations.register}); the message names it. The file may be fine: register the
         * activation and load it again.
         */
        UNKNOWN_ACTIVATION
    }

    /** Why loading failed. */
    private final Problem problem;

    ModelFormatException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    /**
     * Why loading failed.
     *
     * @return the kind of problem
     */
    public Problem problem() {
        return problem;
    }
}
