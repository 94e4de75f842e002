package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.loss.Loss;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.spark.TaskContext;

/**
 * What every task of one training run shares: the run's id (the key of its cached workers), the
 * network's architecture and the loss. Travels in the tasks' closures; the parameters do not.
 *
 * @param id the run's unique id
 * @param architecture the network without its parameters
 * @param loss the loss
 */
record RunSpec(String id, Architecture architecture, ShippedRecord<Loss> loss) implements Serializable {

    /** A new run with a fresh id. */
    static RunSpec create(Architecture architecture, Loss loss) {
        return new RunSpec(UUID.randomUUID().toString(), architecture, ShippedRecord.of(loss, "loss"));
    }

    /** This task's worker for partition {@code partition}: cached, or new. */
    PartitionWorker take(int partition) {
        TaskContext task = TaskContext.get();
        int threads = task != null ? Math.max(1, task.cpus()) : 1;
        return WorkerCache.take(id + "/" + partition, () -> new PartitionWorker(architecture, loss.get(), threads));
    }

    /** Puts the worker of {@code partition} back after a successful task. */
    void give(int partition, PartitionWorker worker) {
        WorkerCache.give(id + "/" + partition, worker);
    }

    /** The rest of a partition's blocks as a list (references, no copies). */
    static List<RowBlock> list(Iterator<RowBlock> blocks) {
        List<RowBlock> out = new java.util.ArrayList<>();
        blocks.forEachRemaining(out::add);
        return out;
    }
}
