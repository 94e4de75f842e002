package io.github.matrixbackprop.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * The payload of a model file while it is being serialised: an in-memory byte stream that
 * refuses to grow past {@link ModelFiles#MAX_CONTENT} bytes, the most a loader of this library
 * reads, so that every file {@code save} writes can be loaded again.
 */
final class PayloadBuffer extends ByteArrayOutputStream {

    /** What is being serialised, for the message (e.g. {@code "the network"}). */
    private final String what;

    PayloadBuffer(String what) {
        super(1 << 12);
        this.what = what;
    }

    @Override
    public void write(int b) {
        ensureRoom(1);
        super.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensureRoom(len);
        super.write(b, off, len);
    }

    private void ensureRoom(int more) {
        if ((long) count + more > ModelFiles.MAX_CONTENT) {
            throw new IllegalArgumentException(what + " needs more than " + ModelFiles.MAX_CONTENT
                    + " bytes, more than a model file holds");
        }
    }

    /** The bytes written so far, without a copy; position 0, limit the size. */
    ByteBuffer contents() {
        return ByteBuffer.wrap(buf, 0, count);
    }
}
