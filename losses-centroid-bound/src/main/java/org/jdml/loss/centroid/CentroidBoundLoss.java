package org.jdml.loss.centroid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.jdml.api.loss.LossOutput;
import org.jdml.api.loss.Scalars;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.mining.Tuples;

/**
 * The centroid upper bound on the triplet loss, the "discriminative loss" of Do et al., "A Theoretically
 * Sound Upper Bound on the Triplet Loss for Improving the Efficiency of Deep Distance Metric Learning"
 * (CVPR 2019).
 *
 * <p>Each training class m has a fixed centroid c_m (see {@link Centroids}); they are constants, never
 * trained, so this loss has no parameter block. Per sample, with x L2-normalised when {@code normalize}:
 *
 * <pre>  g(x; y) = ‖x − c_y‖ − (1 / (3(C−1))) Σ_{m≠y} ‖x − c_m‖</pre>
 *
 * and the loss is the batch mean of g, times G = 3(C−1)(N/C−1)(N/C) (N the batch size) when {@code
 * scale-by-g}. For a balanced batch, N·loss with G is then L_d, which bounds the hinge-free triplet sum
 * Σ (‖x_i − x_j‖ − ‖x_i − x_k‖) over all the batch's triplets from above. With one-hot centroids the
 * minimum of g is −√2/3, at x = c_y.
 *
 * <p>Cost is linear in the batch: only the B×C distances to the centroids are formed. The square root
 * is taken of the squared distance clamped at 1e-12, so a sample sitting on a centroid gets a finite
 * gradient. Labels must be training-class indices in [0, C); mined tuples are ignored.
 */
public final class CentroidBoundLoss implements MetricLoss {

    private static final double NORMALIZE_EPS = 1e-12;

    /** Floor of the squared distances before the square root, whose gradient is unbounded at 0. */
    private static final double SQUARED_DISTANCE_FLOOR = 1e-12;

    private final Centroids layout;
    private final int classes;
    private final int dimension;
    private final boolean normalize;
    private final boolean scaleByG;
    private final double[][] centroids;
    /** (D, C) transposed centroids and (1, C) squared norms, in float32 and float64; long-lived constants. */
    private final NDArray transposed32;
    private final NDArray transposed64;
    private final NDArray squares32;
    private final NDArray squares64;

    CentroidBoundLoss(NDManager manager, Centroids layout, int classes, int dimension, boolean normalize,
            boolean scaleByG) {
        this.layout = layout;
        this.classes = classes;
        this.dimension = dimension;
        this.normalize = normalize;
        this.scaleByG = scaleByG;
        this.centroids = layout.build(classes, dimension);
        double[] transposed = new double[dimension * classes];
        double[] squares = new double[classes];
        for (int m = 0; m < classes; m++) {
            for (int d = 0; d < dimension; d++) {
                transposed[d * classes + m] = centroids[m][d];
                squares[m] += centroids[m][d] * centroids[m][d];
            }
        }
        this.transposed64 = manager.create(transposed, new Shape(dimension, classes));
        this.squares64 = manager.create(squares, new Shape(1, classes));
        this.transposed32 = transposed64.toType(DataType.FLOAT32, true);
        this.squares32 = squares64.toType(DataType.FLOAT32, true);
    }

    @Override
    public LossOutput compute(NDArray embeddings, NDArray labels, Tuples tuples) {
        Shape shape = embeddings.getShape();
        if (shape.dimension() != 2 || shape.get(1) != dimension) {
            throw new IllegalArgumentException("centroid-bound was built for " + dimension
                    + "-dimensional embeddings (B, " + dimension + "), got " + shape);
        }
        long batch = shape.get(0);
        if (batch == 0) {
            return LossOutput.of(embeddings.sum()); // zero, still connected to the graph
        }
        NDArray y = classIndices(labels, batch);
        NDArray x = normalize ? embeddings.normalize(2, 1, NORMALIZE_EPS) : embeddings;

        NDArray squared = x.square().sum(new int[] {1}, true)
                .add(constant(squares32, squares64, x))
                .sub(twice(x.matMul(constant(transposed32, transposed64, x))));              // (B, C)
        NDArray distance = squared.maximum(Scalars.of(squared, SQUARED_DISTANCE_FLOOR)).sqrt(); // not maximum(Number): see Scalars
        NDArray own = distance.mul(y.oneHot(classes, distance.getDataType())).sum(new int[] {1});
        NDArray others = distance.sum(new int[] {1}).sub(own);
        NDArray bound = own.sub(others.mul(Scalars.of(others, 1.0 / (3.0 * (classes - 1)))));
        if (scaleByG) {
            // scaled before the mean: a 0-d array times a Java double would become float64
            bound = bound.mul(Scalars.of(bound, g(batch)));
        }
        return LossOutput.of(bound.mean());
    }

    /** G = 3(C−1)(N/C−1)(N/C) for a batch of N samples. */
    double g(long batch) {
        double perClass = batch / (double) classes;
        double g = 3.0 * (classes - 1) * (perClass - 1) * perClass;
        if (g <= 0) {
            throw new IllegalArgumentException("centroid-bound with scale-by-g needs batches of more than C = " + classes
                    + " samples (G = 3(C-1)(N/C-1)(N/C) must be positive), got " + batch);
        }
        return g;
    }

    /** A copy of the centroids, one per row. */
    double[][] centroids() {
        double[][] copy = new double[classes][];
        for (int m = 0; m < classes; m++) {
            copy[m] = centroids[m].clone();
        }
        return copy;
    }

    /** The constant in the batch's type and on its device; a converted copy lives in the batch's manager. */
    private static NDArray constant(NDArray float32, NDArray float64, NDArray batch) {
        NDArray c = batch.getDataType() == DataType.FLOAT64 ? float64 : float32;
        if (!c.getDevice().equals(batch.getDevice())) {
            c = c.toDevice(batch.getDevice(), true);
            c.attach(batch.getManager());
        }
        if (c.getDataType() != batch.getDataType()) {
            c = c.toType(batch.getDataType(), true);
            c.attach(batch.getManager());
        }
        return c;
    }

    /** Labels as int64 class indices, after checking that each is in [0, C). */
    private NDArray classIndices(NDArray labels, long batch) {
        if (labels.getShape().dimension() != 1 || labels.size() != batch) {
            throw new IllegalArgumentException("centroid-bound needs one label per embedding, (" + batch
                    + "), got labels " + labels.getShape());
        }
        NDArray y = labels.toType(DataType.INT64, false);
        if (y.lt(0).logicalOr(y.gte(classes)).any().getBoolean()) {
            throw new IllegalArgumentException("centroid-bound: labels must be training-class indices in [0, " + classes
                    + "), found labels from " + y.min().getLong() + " to " + y.max().getLong() + ". There is one"
                    + " centroid per training class; map the dataset's class ids to 0.." + (classes - 1)
                    + " before the loss");
        }
        return y;
    }

    @Override
    public String toString() {
        return "centroid-bound(" + org.jdml.api.config.ComponentSettings.kebab(layout) + " centroids for " + classes
                + " classes in " + dimension + " dimensions, normalize " + normalize + ", scale-by-g " + scaleByG + ")";
    }

    private static NDArray twice(NDArray x) {
        return x.add(x); // not x.mul(2): see Scalars
    }
}
