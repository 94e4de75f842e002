package io.github.matrixbackprop.spark;

import java.lang.ref.SoftReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The partition workers of the runs in this JVM (an executor, or the driver in local mode), so
 * that a task reuses the network copy, the engine's workspaces and the gather buffers of the
 * previous step of its partition instead of allocating them again. A worker holds no state that
 * matters for the result (every task loads the broadcast parameters and optimizer state first),
 * so a missing worker (another executor, a retried task, a collected soft reference) is simply
 * rebuilt. A worker is taken out while a task uses it and put back only after the task succeeded.
 */
final class WorkerCache {

    private static final Map<String, SoftReference<PartitionWorker>> WORKERS = new ConcurrentHashMap<>();

    private WorkerCache() {
    }

    /** The cached worker of {@code key}, taken out of the cache, or a new one. */
    static PartitionWorker take(String key, Supplier<PartitionWorker> create) {
        SoftReference<PartitionWorker> ref = WORKERS.remove(key);
        PartitionWorker worker = ref == null ? null : ref.get();
        return worker != null ? worker : create.get();
    }

    /** Puts {@code worker} back for the next task of {@code key}. */
    static void give(String key, PartitionWorker worker) {
        WORKERS.put(key, new SoftReference<>(worker));
    }

    /** Drops the workers of run {@code run}. */
    static void evict(String run) {
        WORKERS.keySet().removeIf(k -> k.startsWith(run + "/"));
    }

    /** The number of workers cached in this JVM. */
    static int size() {
        return WORKERS.size();
    }
}
