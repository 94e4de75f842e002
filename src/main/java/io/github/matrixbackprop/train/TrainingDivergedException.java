package io.github.matrixbackprop.train;

/**
 * Training produced a non-finite cost, gradient or parameter. When it is thrown, the network
 * holds the parameters of the last step that left every value finite.
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The epoch in which training diverged, from 1. */
    private final int epoch;
    /** The batch within the epoch, from 1. */
    private final int batch;

    TrainingDivergedException(int epoch, int batch, String what) {
        super("training diverged in epoch " + epoch + ", batch " + batch + ": " + what
                + "; the parameters were restored to the last finite state");
        this.epoch = epoch;
        this.batch = batch;
    }

    /**
     * The epoch, from 1.
     *
     * @return the epoch in which training diverged
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The batch within the epoch, from 1.
     *
     * @return the batch in which training diverged
     */
    public int batch() {
        return batch;
    }
}
