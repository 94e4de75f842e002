package io.github.matrixbackprop.train;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.BundledDatasets;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.ejml.data.DMatrixRMaj;

/**
 * A seeded training run whose result is printed as the SHA-256 of every parameter's bits; run
 * in-process and in other JDKs by {@link CrossJdkDeterminismTest}.
 */
public final class DeterminismProbe {

    private DeterminismProbe() {
    }

    /** Prints the digest. */
    public static void main(String[] args) throws Exception {
        System.out.println(digest());
    }

    static String digest() throws Exception {
        Dataset digits = BundledDatasets.digits().dataset();
        Dataset train = Scaler.standardize(digits.features()).apply(digits);
        Network net = Network.builder(64).dense(32, Activations.gelu()).dense(16, Activations.tanh())
                .dense(10, Activations.softmax()).seed(123).build();
        new Trainer(net, Losses.softmaxCrossEntropy(), Adam.defaults().withLr(3e-3),
                TrainerConfig.defaults().withEpochs(3).withBatchSize(64).withSeed(9)).fit(train);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteBuffer b = ByteBuffer.allocate(8);
        for (int l = 1; l <= net.depth(); l++) {
            for (DMatrixRMaj m : new DMatrixRMaj[] {net.layer(l).weights(), net.layer(l).bias()}) {
                for (int i = 0; i < m.getNumElements(); i++) {
                    b.clear();
                    b.putLong(Double.doubleToRawLongBits(m.data[i]));
                    sha.update(b.array());
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
