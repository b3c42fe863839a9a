package org.jdml.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded k-means on the engine: k-means++ initialisation (each new centre drawn with probability
 * proportional to the squared distance to the nearest chosen centre), then Lloyd iterations until
 * no assignment changes or the iteration limit; of several restarts the one with the lowest
 * within-cluster sum of squares wins. Distances come from matrix products
 * ({@code ‖x‖² - 2x·c + ‖c‖²}), points are processed in row blocks so that a block of {@code points x
 * k} scores stays small. Only the random draws happen in Java.
 */
final class KMeans {

    /** Scores per row block at most (points x clusters), about 64 MB of float32. */
    private static final long BLOCK_ELEMENTS = 1L << 24;

    private final int iterations;
    private final int restarts;
    private final long seed;

    KMeans(int iterations, int restarts, long seed) {
        this.iterations = iterations;
        this.restarts = restarts;
        this.seed = seed;
    }

    /**
     * The cluster (0..k-1) of every row of {@code points} (N x D, float32, in a manager this call may
     * add to: results of ops whose first operand is {@code points} land there).
     */
    int[] cluster(NDArray points, int k) {
        int n = Math.toIntExact(points.getShape().get(0));
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k-means needs 1 <= k <= points, was k = " + k + " for " + n);
        }
        Random random = new Random(seed);
        int[] best = null;
        double bestInertia = Double.POSITIVE_INFINITY;
        try (NDManager work = points.getManager().newSubManager()) {
            NDArray x = points;
            NDArray xSquared = x.square().sum(new int[] {1});
            xSquared.attach(work);
            for (int restart = 0; restart < restarts; restart++) {
                try (NDManager run = work.newSubManager()) {
                    NDArray centres = initialise(run, x, xSquared, k, random);
                    int[] assignment = null;
                    double inertia = Double.POSITIVE_INFINITY;
                    for (int it = 0; it <= iterations; it++) {
                        try (NDManager step = run.newSubManager()) {   // one iteration's arrays
                            Assignment next = assign(step, x, centres);
                            inertia = next.inertia(xSquared);
                            boolean stable = assignment != null && Arrays.equals(next.assignment, assignment);
                            assignment = next.assignment;
                            if (stable || it == iterations) {
                                break;   // the last pass only assigns to the final centres
                            }
                            NDArray moved = update(step, x, centres, assignment);
                            moved.attach(run);
                            centres = moved;
                        }
                    }
                    if (best == null || inertia < bestInertia) {   // NaN points still get an answer
                        bestInertia = inertia;
                        best = assignment;
                    }
                }
            }
        }
        return best;
    }

    /** k-means++: centres drawn one by one, each proportional to the squared distance to the nearest. */
    private static NDArray initialise(NDManager run, NDArray x, NDArray xSquared, int k, Random random) {
        int n = Math.toIntExact(x.getShape().get(0));
        int first = random.nextInt(n);
        NDArray centres = x.get(run, new NDIndex("{}:{}", first, first + 1));
        NDArray nearest = squaredDistances(x, xSquared, centres, run);
        for (int c = 1; c < k; c++) {
            // each draw's arrays (n floats apiece) are freed with its step; with k in the thousands they
            // would otherwise pile up to k x n floats before the restart ends
            try (NDManager step = run.newSubManager()) {
                nearest.attach(step);
                centres.attach(step);
                NDArray cumulative = nearest.cumSum(0);
                double total = cumulative.get(n - 1).toType(DataType.FLOAT64, false).getDouble();
                int chosen;
                if (!(total > 0)) {
                    chosen = random.nextInt(n);   // every point sits on a centre already
                } else {
                    double u = (1 - random.nextDouble()) * total;   // in (0, total]: points at distance 0 are never drawn
                    chosen = (int) Math.min(n - 1, cumulative.lt(u).countNonzero().getLong());
                }
                NDArray centre = x.get(step, new NDIndex("{}:{}", chosen, chosen + 1));
                NDArray nextNearest = nearest.minimum(squaredDistances(x, xSquared, centre, step));
                NDArray nextCentres = centres.concat(centre, 0);
                nextNearest.attach(run);
                nextCentres.attach(run);
                nearest = nextNearest;
                centres = nextCentres;
            }
        }
        return centres;
    }

    /** Squared distance of every point to one centre (1 x D), clamped at 0 against rounding. */
    private static NDArray squaredDistances(NDArray x, NDArray xSquared, NDArray centre, NDManager run) {
        NDArray dot = x.matMul(centre.transpose()).squeeze(1);
        dot.attach(run);
        NDArray d = xSquared.sub(dot.mul(2)).add(centre.square().sum());
        d.attach(run);
        return d.maximum(0f);
    }

    private record Assignment(int[] assignment, NDArray bestScore) {
        /** Sum over points of the squared distance to the assigned centre. */
        double inertia(NDArray xSquared) {
            NDArray d = bestScore.neg().add(xSquared).maximum(0f).toType(DataType.FLOAT64, false);
            return d.sum().getDouble();
        }
    }

    /** Nearest centre of every point: the largest {@code 2x·c - ‖c‖²}. */
    private static Assignment assign(NDManager run, NDArray x, NDArray centres) {
        int n = Math.toIntExact(x.getShape().get(0));
        int k = Math.toIntExact(centres.getShape().get(0));
        int block = (int) Math.max(1, Math.min(n, BLOCK_ELEMENTS / k));
        NDArray cT = centres.transpose();
        NDArray cSquared = centres.square().sum(new int[] {1}).reshape(1, k);
        int[] assignment = new int[n];
        NDArray best = null;
        for (int start = 0; start < n; start += block) {
            int end = Math.min(n, start + block);
            try (NDManager blockArrays = run.newSubManager()) {   // a block's scores are block x k floats
                NDArray scores = x.get(blockArrays, new NDIndex("{}:{}", start, end)).matMul(cT).mul(2).sub(cSquared);
                NDArray arg = scores.argMax(1);
                long[] chosen = arg.toType(DataType.INT64, false).toLongArray();
                for (int i = 0; i < chosen.length; i++) {
                    assignment[start + i] = (int) chosen[i];
                }
                NDArray max = scores.max(new int[] {1});
                max.attach(run);
                best = best == null ? max : best.concat(max, 0);
            }
        }
        return new Assignment(assignment, best);
    }

    /** Means of the assigned points; a centre that lost all its points stays where it was. */
    private static NDArray update(NDManager run, NDArray x, NDArray centres, int[] assignment) {
        int n = assignment.length;
        int k = Math.toIntExact(centres.getShape().get(0));
        int block = (int) Math.max(1, Math.min(n, BLOCK_ELEMENTS / k));
        NDArray sums = run.zeros(centres.getShape(), DataType.FLOAT32);
        NDArray counts = run.zeros(new Shape(k), DataType.FLOAT32);
        for (int start = 0; start < n; start += block) {
            int end = Math.min(n, start + block);
            try (NDManager blockArrays = run.newSubManager()) {   // a block's one-hot matrix is block x k floats
                NDArray oneHot = blockArrays.create(Arrays.copyOfRange(assignment, start, end))
                        .oneHot(k, DataType.FLOAT32);
                sums = sums.add(oneHot.transpose().matMul(x.get(blockArrays, new NDIndex("{}:{}", start, end))));
                counts = counts.add(oneHot.sum(new int[] {0}));
            }
        }
        NDArray empty = counts.eq(0f).toType(DataType.FLOAT32, false).reshape(k, 1);
        NDArray means = sums.div(counts.maximum(1f).reshape(k, 1));   // 0 for an empty cluster
        return means.add(centres.mul(empty));
    }
}
