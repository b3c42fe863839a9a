package org.jdml.loss.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Optional;
import org.jdml.api.loss.ClassLossInputs;
import org.jdml.api.loss.LossOutput;
import org.jdml.api.loss.Scalars;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.mining.Tuples;

/**
 * Proxy-NCA (Movshovitz-Attias et al., "No Fuss Distance Metric Learning using Proxies", ICCV 2017).
 *
 * <p>With x̂ and p̂ the L2-normalised embedding and proxy, d(x, p) = ‖x̂ − p̂‖² (0..4), and p⁺ the
 * sample's positive proxy, the per-sample loss is
 *
 * <pre>  −log( exp(−s·d(x, p⁺)) / Σ_{z∈Z} exp(−s·d(x, z)) )</pre>
 *
 * averaged over the batch. Z holds the proxies of the other classes ({@code exclude-positive = true},
 * the paper) or those and p⁺ ({@code false}, softmax cross-entropy over proxies as in
 * pytorch-metric-learning).
 *
 * <p>Assignment. With {@link ProxyAssignment#STATIC} there are exactly C proxies and p⁺ is the proxy of
 * the sample's class. With {@link ProxyAssignment#NEAREST_IN_CLASS} proxy {@code j} belongs to class
 * {@code j mod C}, there are P ≥ C proxies, and p⁺ is the nearest proxy of the sample's class; its
 * class's other proxies are neither positive nor negative for that sample and stay out of the loss.
 * With {@link ProxyAssignment#NEAREST_OVERALL} (the paper's dynamic assignment) no proxy belongs to a
 * class and P may be smaller than C: each sample j is assigned π(j), its nearest proxy of all. The loss
 * then runs over the batch's positive pairs (i, j), same label, i ≠ j, with p⁺ = π(j) for anchor i and
 * Z = every proxy but π(j) (or every proxy, {@code exclude-positive = false}), averaged over the pairs.
 * "Nearest" is the largest cosine, the smallest d; the choice passes no gradient.
 *
 * <p>Label smoothing ε (the reference implementation's option): the target puts 1 − ε on p⁺ and spreads ε
 * evenly over the other proxies of the denominator, so the loss is log Σ_Z exp(−s·d) + (1 − ε)·s·d(x, p⁺) +
 * ε·mean over those others of s·d(x, z). With ε = 0 it is the formula above.
 *
 * <p>Labels must be training-class indices in [0, C); anything else is an error, not silently wrong
 * proxies. Every sample is compared with every proxy, so mined tuples are ignored and there is no
 * share of active tuples. Cost per batch: B×P distances.
 */
public final class ProxyNcaLoss implements MetricLoss {

    /** Added (negated) to the logits of proxies outside the denominator: exp underflows to exactly 0. */
    private static final double EXCLUDED = 1e30;

    private static final double NORMALIZE_EPS = 1e-12;

    private final ProxyAssignment assignment;
    private final int classes;
    private final int dimension;
    private final int proxyCount;
    private final boolean excludePositive;
    private final double scale;
    private final double smoothing;
    private final float learningRateMultiplier;
    private final ProxyBlock block;
    /** (1, P) int64: the class each proxy belongs to; long-lived, only ever a second operand. */
    private final NDArray proxyClasses;

    /**
     * @param manager owns the constant proxy-to-class map (the context's long-lived manager)
     * @param proxyCount P: exactly {@code classes} for static assignment, at least {@code classes} for
     *     nearest-in-class, at least 1 (2 with {@code excludePositive} or smoothing) for nearest-overall
     */
    ProxyNcaLoss(NDManager manager, ProxyAssignment assignment, int classes, int dimension, int proxyCount,
            boolean excludePositive, double scale, double smoothing, float learningRateMultiplier) {
        this.assignment = assignment;
        this.classes = classes;
        this.dimension = dimension;
        this.proxyCount = proxyCount;
        this.excludePositive = excludePositive;
        this.scale = scale;
        this.smoothing = smoothing;
        this.learningRateMultiplier = learningRateMultiplier;
        long[] owner = new long[proxyCount];
        for (int j = 0; j < proxyCount; j++) {
            owner[j] = j % Math.max(classes, 1);
        }
        this.proxyClasses = manager.create(owner, new Shape(1, proxyCount));
        this.block = new ProxyBlock(proxyCount, dimension, this::value);
    }

    @Override
    public LossOutput compute(NDArray embeddings, NDArray labels, Tuples tuples) {
        ClassLossInputs.checkEmbeddings("proxy-nca", embeddings, dimension);
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

    /** The block that owns the proxies (the same as {@link #parameterBlock()}). */
    public ProxyBlock proxies() {
        return block;
    }

    /** The scalar loss for (B, D) embeddings, (B) class indices and (P, D) proxies. */
    NDArray value(NDArray embeddings, NDArray labels, NDArray proxies) {
        NDArray y = ClassLossInputs.classIndices("proxy-nca", labels, embeddings.getShape().get(0), classes,
                "The proxies stand for");
        NDArray x = embeddings.normalize(2, 1, NORMALIZE_EPS);
        NDArray p = normalizedProxies(proxies, x);
        NDArray dot = x.matMul(p.transpose());                                        // (B, P)
        NDArray distance = x.square().sum(new int[] {1}, true)
                .add(p.square().sum(new int[] {1}).reshape(1, -1))
                .sub(dot.add(dot));                                                    // ‖x̂ − p̂‖²
        NDArray logits = distance.mul(Scalars.of(distance, -scale));

        if (assignment == ProxyAssignment.NEAREST_OVERALL) {
            return nearestOverall(y, dot, logits);
        }
        DataType type = x.getDataType();
        NDArray ownClass = y.reshape(-1, 1).eq(onDevice(proxyClasses, y));           // (B, P) boolean
        NDArray positive = nearestOwn(dot, ownClass).oneHot(proxyCount, type);
        NDArray negative = ownClass.logicalNot().toType(type, false);
        NDArray inDenominator = excludePositive ? negative : negative.add(positive);

        NDArray masked = logits.add(inDenominator.sub(1).mul(EXCLUDED));
        NDArray top = masked.max(new int[] {1}, true).stopGradient();
        NDArray logSum = masked.sub(top).exp().sum(new int[] {1}).log().add(top.reshape(-1));
        NDArray target = logits.mul(positive).sum(new int[] {1});
        if (smoothing > 0) {
            NDArray othersMean = logits.mul(negative).sum(new int[] {1}).div(negative.sum(new int[] {1}));
            target = smoothed(target, othersMean);
        }
        return logSum.sub(target).mean();
    }

    /**
     * The paper's dynamic assignment over the batch's positive pairs: for anchor i and positive j the
     * positive proxy is π(j), the proxy nearest to sample j.
     */
    private NDArray nearestOverall(NDArray y, NDArray dot, NDArray logits) {
        DataType type = logits.getDataType();
        long batch = y.size();
        NDArray assigned = dot.stopGradient().argMax(1).oneHot(proxyCount, type);      // (B, P): π(j)
        NDArray pairLogit = logits.matMul(assigned.transpose());                      // (B, B): logit of i at π(j)
        NDArray pairs = y.reshape(-1, 1).eq(y.reshape(1, -1)).toType(type, false)
                .sub(y.getManager().eye((int) batch).toType(type, false));           // same label, i != j
        NDArray top = logits.max(new int[] {1}, true).stopGradient();
        NDArray logSumAll = logits.sub(top).exp().sum(new int[] {1}, true).log().add(top); // (B, 1)
        NDArray denominator = logSumAll;
        if (excludePositive) {
            // log Σ_{z≠π(j)} exp(l_z) = logSumAll + log(1 − share of π(j)); the difference is taken in float64
            // because it cancels when π(j) holds nearly all the mass (floored at 1e-12: the loss stays finite)
            NDArray share = pairLogit.sub(logSumAll).toType(DataType.FLOAT64, false).exp();
            NDArray rest = share.neg().add(1).clip(1e-12, 1.0).log().toType(type, false);
            denominator = logSumAll.add(rest);
        }
        NDArray target = pairLogit;
        if (smoothing > 0) {
            NDArray othersMean = logits.sum(new int[] {1}, true).sub(pairLogit)
                    .mul(Scalars.of(pairLogit, 1.0 / (proxyCount - 1)));
            target = smoothed(pairLogit, othersMean);
        }
        NDArray perPair = denominator.sub(target).mul(pairs);
        return perPair.sum().div(pairs.sum().clip(1, 1e30)); // a bound a float32 holds
    }

    /** (1 − ε)·positive + ε·others: the logit the smoothed target weighs. */
    private NDArray smoothed(NDArray positive, NDArray othersMean) {
        return positive.mul(Scalars.of(positive, 1 - smoothing)).add(othersMean.mul(Scalars.of(othersMean, smoothing)));
    }

    /**
     * (B) int64 index of each sample's own proxy: the nearest of its class's proxies, or with {@link
     * ProxyAssignment#NEAREST_OVERALL} the nearest of all proxies.
     */
    NDArray positiveProxies(NDArray embeddings, NDArray labels) {
        NDArray y = ClassLossInputs.classIndices("proxy-nca", labels, embeddings.getShape().get(0), classes,
                "The proxies stand for");
        NDArray x = embeddings.normalize(2, 1, NORMALIZE_EPS);
        NDArray dot = x.matMul(normalizedProxies(block.values(), x).transpose());
        if (assignment == ProxyAssignment.NEAREST_OVERALL) {
            return dot.argMax(1);
        }
        return nearestOwn(dot, y.reshape(-1, 1).eq(onDevice(proxyClasses, y)));
    }

    /** Among each row's own-class proxies, the one with the largest cosine (no gradient flows here). */
    private static NDArray nearestOwn(NDArray dot, NDArray ownClass) {
        NDArray other = ownClass.logicalNot().toType(dot.getDataType(), false);
        return dot.stopGradient().sub(other.mul(EXCLUDED)).argMax(1);
    }

    /**
     * The proxies normalised, on the batch's device and type. Results of ops on the parameter belong to
     * the parameter's long-lived manager, so they are moved to the batch's, which the host closes after
     * the iteration.
     */
    private static NDArray normalizedProxies(NDArray proxies, NDArray batch) {
        NDArray normalized = ClassLossInputs.alike(proxies, batch).normalize(2, 1, NORMALIZE_EPS);
        normalized.attach(batch.getManager());
        return normalized;
    }

    private static NDArray onDevice(NDArray constant, NDArray batch) {
        if (constant.getDevice().equals(batch.getDevice())) {
            return constant;
        }
        NDArray moved = constant.toDevice(batch.getDevice(), true);
        moved.attach(batch.getManager());
        return moved;
    }

    @Override
    public String toString() {
        return "proxy-nca(" + org.jdml.api.config.ComponentSettings.kebab(assignment) + ", " + proxyCount
                + " proxies for " + classes + " classes, scale " + scale + ", exclude-positive " + excludePositive
                + ", label-smoothing " + smoothing + ")";
    }
}
