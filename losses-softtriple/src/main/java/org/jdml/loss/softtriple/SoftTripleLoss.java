package org.jdml.loss.softtriple;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdml.api.loss.ClassLossInputs;
import org.jdml.api.loss.LossOutput;
import org.jdml.api.loss.Scalars;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.mining.Tuples;

/**
 * SoftTriple (Qian et al., "SoftTriple Loss: Deep Metric Learning Without Triplet Sampling", ICCV 2019).
 *
 * <p>Each class c has K centres w_c^1..w_c^K, normalised in every forward pass; embeddings x are
 * L2-normalised too (a no-op for a backbone that already normalises). The relaxed similarity of a
 * sample to class c weighs the class's centres by a softmax with temperature γ:
 *
 * <pre>  S'_c = Σ_k q_k · xᵀw_c^k,   q_k = softmax_k(xᵀw_c^k / γ)</pre>
 *
 * and the loss is the cross-entropy of logits λ(S' − δ·onehot(y)), averaged over the batch, plus τ
 * times the centre regulariser Σ_c Σ_{t<s} √(2 − 2 w_c^sᵀw_c^t + 1e-5) / (C·K·(K−1)) (the distances
 * between a class's centres; included when τ > 0 and K > 1).
 *
 * <p>Labels must be training-class indices in [0, C). Samples are compared with centres, not with
 * each other, so mined tuples are ignored and there is no share of active tuples. An empty batch
 * gives 0 (the regulariser is added only to batches with data). Cost per batch: B×C·K similarities
 * and C·K² centre pairs.
 */
public final class SoftTripleLoss implements MetricLoss {

    private static final double NORMALIZE_EPS = 1e-12;

    /** Inside the regulariser's square root, as in the official code: keeps its gradient finite. */
    private static final double REGULARIZER_EPS = 1e-5;

    private final int classes;
    private final int perClass;
    private final int dimension;
    private final double lambda;
    private final double gamma;
    private final double margin;
    private final double tau;
    private final float learningRateMultiplier;
    private final double mergeDistance;
    private final SoftTripleCenters block;
    /** (K, K) float: 1 where t < s, the pairs the regulariser counts; null when it is off. */
    private final NDArray upperPairs;

    SoftTripleLoss(NDManager manager, int classes, int perClass, int dimension, double lambda, double gamma,
            double margin, double tau, float learningRateMultiplier, double mergeDistance) {
        this.classes = classes;
        this.perClass = perClass;
        this.dimension = dimension;
        this.lambda = lambda;
        this.gamma = gamma;
        this.margin = margin;
        this.tau = tau;
        this.learningRateMultiplier = learningRateMultiplier;
        this.mergeDistance = mergeDistance;
        this.block = new SoftTripleCenters(classes, perClass, dimension, this::value);
        if (regularized()) {
            float[] mask = new float[perClass * perClass];
            for (int t = 0; t < perClass; t++) {
                for (int s = t + 1; s < perClass; s++) {
                    mask[t * perClass + s] = 1;
                }
            }
            this.upperPairs = manager.create(mask, new Shape(perClass, perClass));
        } else {
            this.upperPairs = null;
        }
    }

    @Override
    public LossOutput compute(NDArray embeddings, NDArray labels, Tuples tuples) {
        ClassLossInputs.checkEmbeddings("softtriple", embeddings, dimension);
        if (embeddings.getShape().get(0) == 0) {
            return LossOutput.of(embeddings.sum()); // zero, still connected to the graph
        }
        return LossOutput.of(value(embeddings, labels, block.values()));
    }

    @Override
    public Optional<Block> parameterBlock() {
        return Optional.of(block);
    }

    @Override
    public float learningRateMultiplier() {
        return learningRateMultiplier;
    }

    /**
     * The distinct centres per class (see {@link DistinctCentres}: centres of a class closer than {@code
     * merge-distance} after normalising count as one), as {@code distinct-centres-mean}, {@code -min} and
     * {@code -max} over the classes; empty before the centres are initialised.
     */
    @Override
    public Map<String, Double> epochState() {
        if (!block.centers().isInitialized()) {
            return Map.of();
        }
        int[] counts = distinctCentres();
        Map<String, Double> state = new LinkedHashMap<>();
        state.put("distinct-centres-mean", java.util.Arrays.stream(counts).average().orElse(Double.NaN));
        state.put("distinct-centres-min", (double) java.util.Arrays.stream(counts).min().orElse(0));
        state.put("distinct-centres-max", (double) java.util.Arrays.stream(counts).max().orElse(0));
        return state;
    }

    /** The number of distinct centres of each class now. */
    int[] distinctCentres() {
        float[] values = block.values().toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                .toFloatArray();
        return DistinctCentres.perClass(values, classes, perClass, dimension, mergeDistance);
    }

    /** The block that owns the centres (the same as {@link #parameterBlock()}). */
    public SoftTripleCenters centers() {
        return block;
    }

    /** The scalar loss for (B, D) embeddings, (B) class indices and (C·K, D) centres. */
    NDArray value(NDArray embeddings, NDArray labels, NDArray centers) {
        NDArray y = ClassLossInputs.classIndices("softtriple", labels, embeddings.getShape().get(0), classes,
                "The centres belong to");
        NDArray w = normalizedCenters(centers, embeddings);
        NDArray relaxed = relaxedSimilarity(embeddings, w);
        NDArray onehot = y.oneHot(classes, relaxed.getDataType());
        NDArray logits = relaxed.sub(onehot.mul(margin)).mul(Scalars.of(relaxed, lambda));
        NDArray loss = logits.logSoftmax(1).mul(onehot).sum(new int[] {1}).neg().mean();
        if (!regularized()) {
            return loss;
        }
        NDArray byClass = w.reshape(classes, perClass, dimension);
        NDArray cosines = byClass.batchMatMul(byClass.transpose(0, 2, 1));          // (C, K, K)
        NDArray distances = cosines.add(cosines).neg().add(2 + REGULARIZER_EPS).sqrt();
        // scaled before the sum: a 0-d array times a Java double would become float64
        NDArray regularizer = distances.mul(ClassLossInputs.alike(upperPairs, distances))
                .mul(Scalars.of(distances, tau / ((double) classes * perClass * (perClass - 1)))).sum();
        return loss.add(regularizer);
    }

    /** (B, C) relaxed similarities S' of the embeddings to every class, with the current centres. */
    NDArray relaxedSimilarity(NDArray embeddings) {
        return relaxedSimilarity(embeddings, normalizedCenters(block.values(), embeddings));
    }

    private NDArray relaxedSimilarity(NDArray embeddings, NDArray normalizedCenters) {
        long batch = embeddings.getShape().get(0);
        NDArray x = embeddings.normalize(2, 1, NORMALIZE_EPS);
        NDArray similarity = x.matMul(normalizedCenters.transpose()).reshape(batch, classes, perClass);
        NDArray weights = similarity.mul(Scalars.of(similarity, 1 / gamma)).softmax(2);
        return weights.mul(similarity).sum(new int[] {2});
    }

    private boolean regularized() {
        return tau > 0 && perClass > 1;
    }

    /**
     * The centres normalised, on the batch's device and type. Results of ops on the parameter belong to
     * the parameter's long-lived manager, so they are moved to the batch's, which the host closes after
     * the iteration.
     */
    private static NDArray normalizedCenters(NDArray centers, NDArray batch) {
        NDArray w = ClassLossInputs.alike(centers, batch);
        NDArray normalized = w.normalize(2, 1, NORMALIZE_EPS);
        normalized.attach(batch.getManager());
        return normalized;
    }

    @Override
    public String toString() {
        return "softtriple(" + classes + " classes x " + perClass + " centres, lambda " + lambda + ", gamma " + gamma
                + ", margin " + margin + ", tau " + tau + ", merge-distance " + mergeDistance + ")";
    }
}
