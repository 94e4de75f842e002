package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * The shared part of every optimizer: the network's parameter tensors in the order
 * {@code W^1, b^1, W^2, b^2, ...}, the step count, the learning rate, which tensors get weight
 * decay, and the per-tensor state buffers ("slots").
 */
abstract class AbstractOptimizer implements Optimizer {

    private final String name;
    private final Network network;
    private final DMatrixRMaj[] params;
    private final boolean[] bias;
    private final List<String> slotNames;
    /** slots[s][p] = buffer s of parameter tensor p. */
    protected final double[][][] slots;
    private double lr;
    private long step;

    AbstractOptimizer(String name, Network network, double lr, String... slotNames) {
        this.name = name;
        this.network = Checks.notNull(network, "network");
        int n = 2 * network.depth();
        params = new DMatrixRMaj[n];
        bias = new boolean[n];
        for (int l = 1; l <= network.depth(); l++) {
            params[2 * l - 2] = network.layer(l).weights();
            params[2 * l - 1] = network.layer(l).bias();
            bias[2 * l - 1] = true;
        }
        this.slotNames = List.of(slotNames);
        slots = new double[slotNames.length][n][];
        for (int s = 0; s < slotNames.length; s++) {
            for (int p = 0; p < n; p++) {
                slots[s][p] = new double[params[p].getNumElements()];
            }
        }
        setLearningRate(lr);
    }

    @Override
    public final Network network() {
        return network;
    }

    @Override
    public final double learningRate() {
        return lr;
    }

    @Override
    public final void setLearningRate(double newLr) {
        Checks.nonNegative(newLr, name + " lr");
        lr = newLr;
    }

    @Override
    public final long stepCount() {
        return step;
    }

    @Override
    public final void step(Gradients g) {
        Checks.notNull(g, "gradients");
        g.requireShapeOf(network);
        step++;
        for (int p = 0; p < params.length; p++) {
            int l = p / 2 + 1;
            DMatrixRMaj grad = bias[p] ? g.bias(l) : g.weights(l);
            update(p, bias[p], params[p].data, grad.data, params[p].getNumElements());
        }
    }

    /**
     * Updates tensor {@code p}: {@code theta[0..n)} in place from {@code grad[0..n)} with the
     * current {@link #learningRate()} and step {@code t = }{@link #stepCount()}.
     */
    abstract void update(int p, boolean isBias, double[] theta, double[] grad, int n);

    @Override
    public final OptimizerState state() {
        List<List<double[]>> copy = new ArrayList<>();
        for (double[][] slot : slots) {
            copy.add(List.of(slot));
        }
        return new OptimizerState(name, step, lr, slotNames, copy);
    }

    @Override
    public final void restore(OptimizerState state) {
        Checks.notNull(state, "optimizer state");
        if (!state.optimizer().equals(name) || !state.slots().equals(slotNames)) {
            throw new IllegalArgumentException("the state is of optimizer " + state.optimizer() + " with slots "
                    + state.slots() + " but this is " + name + " with slots " + slotNames);
        }
        for (int s = 0; s < slots.length; s++) {
            List<double[]> tensors = state.buffers().get(s);
            if (tensors.size() != params.length) {
                throw new IllegalArgumentException("slot " + slotNames.get(s) + " has " + tensors.size()
                        + " tensors but the network has " + params.length + " parameter tensors");
            }
            for (int p = 0; p < params.length; p++) {
                if (tensors.get(p).length != slots[s][p].length) {
                    throw new IllegalArgumentException("slot " + slotNames.get(s) + ", tensor " + p + ": "
                            + tensors.get(p).length + " values but the parameter has " + slots[s][p].length);
                }
            }
        }
        if (state.step() < 0) {
            throw new IllegalArgumentException("step count must be >= 0 but was " + state.step());
        }
        setLearningRate(state.learningRate());
        for (int s = 0; s < slots.length; s++) {
            for (int p = 0; p < params.length; p++) {
                System.arraycopy(state.buffers().get(s).get(p), 0, slots[s][p], 0, slots[s][p].length);
            }
        }
        step = state.step();
    }

    /** Saves into buffers of the slots' shapes, allocated on the first save. */
    @Override
    public final Checkpoint checkpoint() {
        return new Checkpoint() {
            private double[][][] savedSlots;
            private long savedStep;
            private double savedLr;

            @Override
            public void save() {
                if (savedSlots == null) {
                    savedSlots = new double[slots.length][params.length][];
                    for (int s = 0; s < slots.length; s++) {
                        for (int p = 0; p < params.length; p++) {
                            savedSlots[s][p] = new double[slots[s][p].length];
                        }
                    }
                }
                for (int s = 0; s < slots.length; s++) {
                    for (int p = 0; p < params.length; p++) {
                        System.arraycopy(slots[s][p], 0, savedSlots[s][p], 0, slots[s][p].length);
                    }
                }
                savedStep = step;
                savedLr = lr;
            }

            @Override
            public void restore() {
                if (savedSlots == null) {
                    throw new IllegalStateException("the checkpoint of " + name + " holds no state: save() was"
                            + " never called");
                }
                for (int s = 0; s < slots.length; s++) {
                    for (int p = 0; p < params.length; p++) {
                        System.arraycopy(savedSlots[s][p], 0, slots[s][p], 0, slots[s][p].length);
                    }
                }
                step = savedStep;
                lr = savedLr;
            }
        };
    }
}
