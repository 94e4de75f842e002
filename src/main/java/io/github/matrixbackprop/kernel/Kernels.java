package io.github.matrixbackprop.kernel;

import io.github.matrixbackprop.util.Checks;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Chooses the matrix kernel. The fast micro-kernel uses the JDK Vector API, an incubator module
 * in JDK 17-25: it is used only when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}; otherwise the portable scalar micro-kernel is used
 * and one log line (through {@link System.Logger}, at INFO) says how to enable the fast one.
 *
 * <p>Kernels are cached per thread count and shared, so engines do not each start threads. A
 * kernel's worker threads start on the first product that needs them and end after 5 seconds
 * without work: engines and kernels need no closing, and an idle program holds no worker threads
 * whatever thread counts it used. At most {@link PackedKernel#MAX_THREADS} threads per kernel.
 */
public final class Kernels {

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_CLASS = "io.github.matrixbackprop.kernel.vector.VectorMicroKernel";
    private static final String VECTOR_FLOAT_CLASS = "io.github.matrixbackprop.kernel.vector.VectorFloatMicroKernel";
    private static final ConcurrentMap<Integer, PackedKernel> FAST = new ConcurrentHashMap<>();
    private static final ConcurrentMap<Integer, PackedKernel> SCALAR = new ConcurrentHashMap<>();
    private static final ConcurrentMap<Integer, PackedKernel> FAST_FLOAT = new ConcurrentHashMap<>();
    private static final ConcurrentMap<Integer, PackedKernel> SCALAR_FLOAT = new ConcurrentHashMap<>();
    private static volatile MicroKernel fastest;
    private static volatile FloatMicroKernel fastestFloat;

    private Kernels() {
    }

    /**
     * Whether the Vector API module is in the boot layer (the JVM was started with it).
     *
     * @return whether the Vector API kernel can be used
     */
    public static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /**
     * The fastest micro-kernel this JVM can run.
     *
     * @return the Vector API micro-kernel when it can be used, else the portable scalar one
     */
    public static MicroKernel fastestMicroKernel() {
        MicroKernel m = fastest;
        if (m == null) {
            synchronized (Kernels.class) {
                m = fastest;
                if (m == null) {
                    m = loadFastest();
                    fastest = m;
                }
            }
        }
        return m;
    }

    /**
     * The fastest float32 micro-kernel this JVM can run.
     *
     * @return the Vector API float micro-kernel when it can be used, else the portable scalar one
     */
    public static FloatMicroKernel fastestFloatMicroKernel() {
        FloatMicroKernel m = fastestFloat;
        if (m == null) {
            synchronized (Kernels.class) {
                m = fastestFloat;
                if (m == null) {
                    fastestMicroKernel(); // logs once how to enable the Vector API, if it is missing
                    m = ScalarFloatMicroKernel.INSTANCE;
                    if (vectorApiAvailable()) {
                        try {
                            m = (FloatMicroKernel) Class.forName(VECTOR_FLOAT_CLASS).getDeclaredConstructor()
                                    .newInstance();
                        } catch (ReflectiveOperationException | LinkageError e) {
                            System.getLogger("io.github.matrixbackprop.kernel").log(System.Logger.Level.WARNING,
                                    "the Vector API float kernel could not be loaded (" + e
                                            + "); using the portable scalar kernel");
                        }
                    }
                    fastestFloat = m;
                }
            }
        }
        return m;
    }

    private static MicroKernel loadFastest() {
        System.Logger log = System.getLogger("io.github.matrixbackprop.kernel");
        if (!vectorApiAvailable()) {
            log.log(System.Logger.Level.INFO, "matrix-backprop uses its portable scalar kernel; start the JVM with"
                    + " --add-modules jdk.incubator.vector for the faster Vector API kernel");
            return ScalarMicroKernel.INSTANCE;
        }
        try {
            return (MicroKernel) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            log.log(System.Logger.Level.WARNING, "the Vector API kernel could not be loaded (" + e
                    + "); using the portable scalar kernel");
            return ScalarMicroKernel.INSTANCE;
        }
    }

    /**
     * The default: the fastest kernel on as many threads as there are processors.
     *
     * @return the default kernel (shared instance)
     */
    public static MatrixKernel defaultKernel() {
        return withThreads(Runtime.getRuntime().availableProcessors());
    }

    /**
     * The fastest kernel on {@code threads} threads (shared instance).
     *
     * @param threads the number of threads, in {@code [1, }{@value PackedKernel#MAX_THREADS}{@code ]}
     * @return the kernel
     * @throws IllegalArgumentException if {@code threads} is outside that range
     */
    public static MatrixKernel withThreads(int threads) {
        checkThreads(threads);
        return FAST.computeIfAbsent(threads, t -> new PackedKernel(fastestMicroKernel(), t));
    }

    /**
     * The fastest kernel of this precision on {@code threads} threads (shared instance).
     *
     * @param threads the number of threads, in {@code [1, }{@value PackedKernel#MAX_THREADS}{@code ]}
     * @param precision the precision of the products
     * @return the kernel
     * @throws IllegalArgumentException if {@code threads} is outside that range
     */
    public static MatrixKernel withThreads(int threads, Precision precision) {
        Checks.notNull(precision, "precision");
        if (precision == Precision.FLOAT64) {
            return withThreads(threads);
        }
        checkThreads(threads);
        return FAST_FLOAT.computeIfAbsent(threads, t -> new PackedKernel(fastestFloatMicroKernel(), t));
    }

    /**
     * The default kernel of this precision: the fastest, on as many threads as there are processors.
     *
     * @param precision the precision of the products
     * @return the kernel (shared instance)
     */
    public static MatrixKernel defaultKernel(Precision precision) {
        return withThreads(Runtime.getRuntime().availableProcessors(), precision);
    }

    /**
     * The portable scalar kernel of this precision on {@code threads} threads, whether or not the
     * Vector API is available.
     *
     * @param threads the number of threads, in {@code [1, }{@value PackedKernel#MAX_THREADS}{@code ]}
     * @param precision the precision of the products
     * @return the kernel
     * @throws IllegalArgumentException if {@code threads} is outside that range
     */
    public static MatrixKernel scalar(int threads, Precision precision) {
        Checks.notNull(precision, "precision");
        if (precision == Precision.FLOAT64) {
            return scalar(threads);
        }
        checkThreads(threads);
        return SCALAR_FLOAT.computeIfAbsent(threads, t -> new PackedKernel(ScalarFloatMicroKernel.INSTANCE, t));
    }

    /**
     * The portable scalar kernel on {@code threads} threads, whether or not the Vector API is available.
     *
     * @param threads the number of threads, in {@code [1, }{@value PackedKernel#MAX_THREADS}{@code ]}
     * @return the kernel
     * @throws IllegalArgumentException if {@code threads} is outside that range
     */
    public static MatrixKernel scalar(int threads) {
        checkThreads(threads);
        return SCALAR.computeIfAbsent(threads, t -> new PackedKernel(ScalarMicroKernel.INSTANCE, t));
    }

    private static void checkThreads(int threads) {
        Checks.positive(threads, "threads");
        if (threads > PackedKernel.MAX_THREADS) {
            throw new IllegalArgumentException("threads must be at most " + PackedKernel.MAX_THREADS + " but was "
                    + threads);
        }
    }

    /**
     * EJML's {@code CommonOps_DDRM} products: the plain reference.
     *
     * @return the EJML kernel
     */
    public static MatrixKernel ejml() {
        return EjmlKernel.INSTANCE;
    }
}
