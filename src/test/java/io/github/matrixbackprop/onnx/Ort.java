package io.github.matrixbackprop.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.matrixbackprop.kernel.Precision;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/** Runs exported models in ONNX Runtime's Java API (CPU), one sample per row in and out. */
final class Ort {

    private Ort() {
    }

    /**
     * Runs the model on {@code x} ({@code m x n_0}); in float32 the inputs are rounded to float and the
     * outputs widened.
     */
    static DMatrixRMaj run(byte[] model, DMatrixRMaj x, Precision precision) throws OrtException {
        return run(model, x, precision, OrtSession.SessionOptions.OptLevel.ALL_OPT);
    }

    /** As {@link #run(byte[], DMatrixRMaj, Precision)} with ONNX Runtime's graph optimisations at {@code level}. */
    static DMatrixRMaj run(byte[] model, DMatrixRMaj x, Precision precision, OrtSession.SessionOptions.OptLevel level)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(level);
            try (OrtSession session = env.createSession(model, options)) {
                return run(env, session, x, precision);
            }
        }
    }

    /** Runs an open session on {@code x}. */
    static DMatrixRMaj run(OrtEnvironment env, OrtSession session, DMatrixRMaj x, Precision precision)
            throws OrtException {
        long[] shape = {x.numRows, x.numCols};
        int n = x.getNumElements();
        OnnxTensor input;
        if (precision == Precision.FLOAT64) {
            input = OnnxTensor.createTensor(env, DoubleBuffer.wrap(x.data, 0, n), shape);
        } else {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = (float) x.data[i];
            }
            input = OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
        }
        try (input; OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, input))) {
            OnnxTensor out = (OnnxTensor) result.get(OnnxExporter.OUTPUT).orElseThrow();
            long[] outShape = out.getInfo().getShape();
            DMatrixRMaj y = new DMatrixRMaj((int) outShape[0], (int) outShape[1]);
            if (precision == Precision.FLOAT64) {
                out.getDoubleBuffer().get(y.data, 0, y.getNumElements());
            } else {
                FloatBuffer fb = out.getFloatBuffer();
                for (int i = 0; i < y.getNumElements(); i++) {
                    y.data[i] = fb.get(i);
                }
            }
            return y;
        }
    }
}
