package org.jdml.loss.centroid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.Embedder;
import org.jdml.api.loss.ClassLossInputs;
import org.jdml.api.loss.LossOutput;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.loss.Scalars;
import org.jdml.api.mining.Tuples;

/**
 * The centroid upper bound on the triplet loss, the "discriminative loss" of Do et al., "A Theoretically
 * Sound Upper Bound on the Triplet Loss for Improving the Efficiency of Deep Distance Metric Learning"
 * (CVPR 2019).
 *
 * <p>Each training class m has a centroid c_m that is never trained (see {@link Centroids}). Per sample,
 * with z the bound's input (the embedding, or the projection head's output) and x = z L2-normalised when
 * {@code normalize}:
 *
 * <pre>  g(x; y) = ‖x − c_y‖ − (1 / (3(C−1))) Σ_{m≠y} ‖x − c_m‖</pre>
 *
 * and the loss is the batch mean of g, times G = 3(C−1)(N/C−1)(N/C) when {@code scale-by-g}, N being the
 * batch size ({@code g-from = batch}) or the training set's size ({@code training-set}, the paper's G).
 * For a balanced set of N samples, N·loss with G is L_d, which bounds the hinge-free triplet sum Σ (‖x_i −
 * x_j‖ − ‖x_i − x_k‖) over all its triplets from above. With one-hot centroids the minimum of g is −√2/3,
 * at x = c_y.
 *
 * <p>Projection head ({@code projection-head}): a C-wide linear layer, owned by the loss, after the D-wide
 * embedding, so that one-hot or simplex centroids fit when D &lt; C (the arrangement of the independent
 * re-implementation the paper's results are usually compared with). The bound is applied to the head's
 * normalised output; retrieval and evaluation use the embedding before the head.
 *
 * <p>K-means centroids are computed at the first batch from the whole training set's embeddings (through
 * the host's embedder, with the network and head as they are then), and frozen; they are saved with the
 * loss's parameters, and a resumed run takes them from the checkpoint instead of computing them again.
 *
 * <p>Cost is linear in the batch: only the B×C distances to the centroids are formed. The square root
 * is taken of the squared distance clamped at 1e-12, so a sample sitting on a centroid gets a finite
 * gradient. Labels must be training-class indices in [0, C); mined tuples are ignored.
 */
public final class CentroidBoundLoss implements MetricLoss {

    private static final double NORMALIZE_EPS = 1e-12;

    /** Floor of the squared distances before the square root, whose gradient is unbounded at 0. */
    private static final double SQUARED_DISTANCE_FLOOR = 1e-12;

    /** Where k-means centroids come from: the training split and an embedder over it. */
    record TrainingEmbeddings(DataSplit split, Embedder embedder, int iterations) {}

    /** How G is found: not at all, from each batch, or a constant from the training set's size. */
    record GScale(boolean enabled, boolean fromBatch, double fixed) {
        static final GScale NONE = new GScale(false, true, Double.NaN);
    }

    private final Centroids layout;
    private final int classes;
    private final int dimension;
    private final int width;
    private final boolean normalize;
    private final GScale g;
    private final float learningRateMultiplier;
    private final TrainingEmbeddings source;
    /** Fixed layouts: (W, C) transposed centroids and (1, C) squared norms, float32 and float64; else null. */
    private final NDArray transposed32;
    private final NDArray transposed64;
    private final NDArray squares32;
    private final NDArray squares64;
    private final CentroidBoundParameters block;
    private boolean centroidsReady;

    /**
     * @param dimension the embedding's width D
     * @param head whether a C-wide projection head follows the embedding
     * @param source for k-means centroids; null for fixed ones
     */
    CentroidBoundLoss(NDManager manager, Centroids layout, int classes, int dimension, boolean head,
            boolean normalize, GScale g, float learningRateMultiplier, TrainingEmbeddings source) {
        this.layout = layout;
        this.classes = classes;
        this.dimension = dimension;
        this.width = head ? classes : dimension;
        this.normalize = normalize;
        this.g = g;
        this.learningRateMultiplier = learningRateMultiplier;
        this.source = source;
        boolean kMeans = !layout.fixed();
        this.block = head || kMeans ? new CentroidBoundParameters(classes, dimension, width, head, kMeans, this::value)
                : null;
        if (layout.fixed()) {
            double[][] centroids = layout.build(classes, width);
            double[] transposed = new double[width * classes];
            double[] squares = new double[classes];
            for (int m = 0; m < classes; m++) {
                for (int d = 0; d < width; d++) {
                    transposed[d * classes + m] = centroids[m][d];
                    squares[m] += centroids[m][d] * centroids[m][d];
                }
            }
            this.transposed64 = manager.create(transposed, new Shape(width, classes));
            this.squares64 = manager.create(squares, new Shape(1, classes));
            this.transposed32 = transposed64.toType(DataType.FLOAT32, true);
            this.squares32 = squares64.toType(DataType.FLOAT32, true);
        } else {
            this.transposed64 = null;
            this.squares64 = null;
            this.transposed32 = null;
            this.squares32 = null;
        }
    }

    @Override
    public LossOutput compute(NDArray embeddings, NDArray labels, Tuples tuples) {
        ClassLossInputs.checkEmbeddings("centroid-bound", embeddings, dimension);
        if (embeddings.getShape().get(0) == 0) {
            return LossOutput.of(embeddings.sum()); // zero, still connected to the graph
        }
        if (!layout.fixed()) {
            prepareCentroids(embeddings.getManager());
        }
        NDArray head = block == null || block.head() == null ? null : block.head().getArray();
        NDArray centroids = block == null || block.centroids() == null ? null : block.centroids().getArray();
        return LossOutput.of(value(embeddings, labels, head, centroids));
    }

    @Override
    public Optional<Block> parameterBlock() {
        return Optional.ofNullable(block);
    }

    /** The projection head's learning rate as a multiple of the backbone's (it is the only trained part). */
    @Override
    public float learningRateMultiplier() {
        return learningRateMultiplier;
    }

    /** The scalar loss for (B, D) embeddings, (B) class indices, the (C, D) head or null, the (C, W) centroids or null. */
    NDArray value(NDArray embeddings, NDArray labels, NDArray head, NDArray centroids) {
        long batch = embeddings.getShape().get(0);
        NDArray y = ClassLossInputs.classIndices("centroid-bound", labels, batch, classes,
                "There is one centroid per training class: the centroids stand for");
        NDArray z = head == null ? embeddings : embeddings.matMul(transposedOnBatch(head, embeddings));
        NDArray x = normalize ? z.normalize(2, 1, NORMALIZE_EPS) : z;

        NDArray transposed;
        NDArray squares;
        if (centroids == null) {
            transposed = constant(transposed32, transposed64, x);
            squares = constant(squares32, squares64, x);
        } else {
            transposed = transposedOnBatch(centroids, x);
            squares = transposed.square().sum(new int[] {0}, true);
        }
        NDArray squared = x.square().sum(new int[] {1}, true).add(squares).sub(twice(x.matMul(transposed))); // (B, C)
        NDArray distance = squared.maximum(Scalars.of(squared, SQUARED_DISTANCE_FLOOR)).sqrt(); // not maximum(Number): see Scalars
        NDArray own = distance.mul(y.oneHot(classes, distance.getDataType())).sum(new int[] {1});
        NDArray others = distance.sum(new int[] {1}).sub(own);
        NDArray bound = own.sub(others.mul(Scalars.of(others, 1.0 / (3.0 * (classes - 1)))));
        if (g.enabled()) {
            // scaled before the mean: a 0-d array times a Java double would become float64
            bound = bound.mul(Scalars.of(bound, g.fromBatch() ? g(batch, classes) : g.fixed()));
        }
        return bound.mean();
    }

    /** G = 3(C−1)(N/C−1)(N/C) for N samples. */
    static double g(long samples, int classes) {
        double perClass = samples / (double) classes;
        double g = 3.0 * (classes - 1) * (perClass - 1) * perClass;
        if (g <= 0) {
            throw new IllegalArgumentException("centroid-bound with scale-by-g needs more than C = " + classes
                    + " samples (G = 3(C-1)(N/C-1)(N/C) must be positive), got " + samples);
        }
        return g;
    }

    /**
     * Computes the k-means centroids unless they are there already: computed earlier in this run, or
     * loaded from a checkpoint (they are never all zero once computed).
     */
    private void prepareCentroids(NDManager batchManager) {
        if (centroidsReady) {
            return;
        }
        NDArray stored = block.centroids().getArray();
        if (stored.abs().sum().toType(DataType.FLOAT64, false).getDouble() > 0) {
            centroidsReady = true;
            return;
        }
        int[] labels = source.split().labels();
        int[] all = new int[labels.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        double[][] points;
        try (NDManager scratch = batchManager.newSubManager()) {
            NDArray e = source.embedder().embed(all, scratch).stopGradient();
            if (block.head() != null) {
                e = e.matMul(transposedOnBatch(block.head().getArray(), e).stopGradient());
            }
            if (normalize) {
                e = e.normalize(2, 1, NORMALIZE_EPS);
            }
            points = rows(e.toType(DataType.FLOAT64, false).toDoubleArray(), width);
        }
        double[][] centroids = KMeansCentroids.fit(points, labels, classes, source.iterations());
        if (normalize) {
            for (double[] c : centroids) {
                double norm = 0;
                for (double v : c) {
                    norm += v * v;
                }
                norm = Math.max(Math.sqrt(norm), NORMALIZE_EPS);
                for (int k = 0; k < c.length; k++) {
                    c[k] /= norm;
                }
            }
        }
        write(stored, centroids);
        centroidsReady = true;
    }

    private static double[][] rows(double[] flat, int width) {
        double[][] rows = new double[flat.length / width][width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(flat, i * width, rows[i], 0, width);
        }
        return rows;
    }

    /** Copies {@code values} into the parameter's array in place (its type: float32 or float64). */
    private static void write(NDArray target, double[][] values) {
        int count = values.length * values[0].length;
        boolean doubles = target.getDataType() == DataType.FLOAT64;
        ByteBuffer buffer = ByteBuffer.allocateDirect(count * (doubles ? 8 : 4)).order(ByteOrder.nativeOrder());
        for (double[] row : values) {
            for (double v : row) {
                if (doubles) {
                    buffer.putDouble(v);
                } else {
                    buffer.putFloat((float) v);
                }
            }
        }
        buffer.rewind();
        target.set(buffer);
    }

    /** The current centroids, one per row: the fixed layout, or the k-means ones (all zero before computed). */
    public double[][] centroids() {
        if (layout.fixed()) {
            return layout.build(classes, width);
        }
        return rows(block.centroids().getArray().toType(DataType.FLOAT64, false).toDoubleArray(), width);
    }

    /** The projection head's block parameter, or empty without a head. */
    Optional<ai.djl.nn.Parameter> head() {
        return block == null ? Optional.empty() : Optional.ofNullable(block.head());
    }

    /** The constant in the batch's type and on its device; a converted copy lives in the batch's manager. */
    private static NDArray constant(NDArray float32, NDArray float64, NDArray batch) {
        return ClassLossInputs.alike(batch.getDataType() == DataType.FLOAT64 ? float64 : float32, batch);
    }

    /**
     * A parameter's transpose on the batch's device and of its type, attached to the batch's manager: results
     * of ops on the parameter would otherwise belong to the parameter's long-lived manager and outlive the
     * iteration.
     */
    private static NDArray transposedOnBatch(NDArray parameter, NDArray batch) {
        NDArray t = ClassLossInputs.alike(parameter, batch).transpose();
        t.attach(batch.getManager());
        return t;
    }

    @Override
    public String toString() {
        return "centroid-bound(" + ComponentSettings.kebab(layout) + " centroids for " + classes + " classes in "
                + width + " dimensions" + (width != dimension || block != null && block.head() != null
                        ? " after a projection head from " + dimension : "")
                + ", normalize " + normalize + ", scale-by-g " + (g.enabled() ? (g.fromBatch() ? "batch" : "training-set"
                        + " G " + g.fixed()) : "false") + ")";
    }

    private static NDArray twice(NDArray x) {
        return x.add(x); // not x.mul(2): see Scalars
    }
}
