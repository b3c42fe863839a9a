package org.jdml.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.ConfigFactory;
import java.util.Locale;
import java.util.Random;
import org.jdml.evaluation.EvaluationResult;
import org.jdml.evaluation.Evaluator;

/**
 * Times the evaluation metrics on random L2-normalised embeddings of the FMNIST-ZS evaluation size
 * (35,000 x 64, 5 balanced classes, so MAP@R needs 6,999 neighbours per query). Run with
 * {@code -Dai.djl.pytorch.num_threads=N} to pick the threads.
 *
 * <p>Arguments (all optional): items, dimension, classes, repeats, chunk size, ranking (engine or
 * host).
 */
public final class EvaluationBench {

    private EvaluationBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 35_000;
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int classes = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String chunk = args.length > 4 ? "chunk-size = " + args[4] + "\n" : "";
        String ranking = args.length > 5 ? "ranking = " + args[5] + "\n" : "";
        Random random = new Random(0);
        float[] data = new float[n * dim];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                // a weak class signal so that the metrics are not all at chance
                float v = (float) (random.nextGaussian() + (d == labels[i] ? 2.0 : 0.0));
                data[i * dim + d] = v;
                norm += v * v;
            }
            for (int d = 0; d < dim; d++) {
                data[i * dim + d] /= (float) Math.sqrt(norm);
            }
        }
        Evaluator evaluator = new Evaluator(ConfigFactory.parseString(chunk + ranking + "progress = false"));
        System.out.printf(Locale.ROOT, "engine %s, %d items x %d, %d classes, intra-op threads %s%n",
                Engine.getInstance().getEngineName(), n, dim, classes,
                System.getProperty("ai.djl.pytorch.num_threads", "default"));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray embeddings = manager.create(data, new Shape(n, dim));
            for (int r = 0; r < repeats; r++) {
                CpuUsage usage = CpuUsage.start();
                EvaluationResult result = evaluator.evaluate(embeddings, labels);
                System.out.printf(Locale.ROOT, "run %d: %s; other processes used %.0f %% of the CPU meanwhile%n",
                        r + 1, result, 100 * usage.othersShare());
            }
        }
    }
}
