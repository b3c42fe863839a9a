package org.jdml.backbone.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jdml.api.engine.EngineAdapter;

/**
 * A fixed per-channel rescaling of images (B, C, H, W): channel {@code c} becomes
 * {@code x * scale[c] + shift[c]}. It has no parameters; it changes what normalisation a network
 * sees without touching the data pipeline.
 */
public final class ChannelAffine extends AbstractBlock {

    private static final byte VERSION = 1;

    private final float[] scale;
    private final float[] shift;

    public ChannelAffine(float[] scale, float[] shift) {
        super(VERSION);
        if (scale.length != shift.length) {
            throw new IllegalArgumentException(scale.length + " scales but " + shift.length + " shifts");
        }
        this.scale = scale.clone();
        this.shift = shift.clone();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        checkChannels(x.getShape());
        Shape perChannel = new Shape(1, scale.length, 1, 1);
        try (NDArray a = x.getManager().create(scale, perChannel); NDArray b = x.getManager().create(shift, perChannel)) {
            if (x.getDataType() == DataType.FLOAT32) {
                return new NDList(x.mul(a).add(b));
            }
            // a low-precision input stays in its precision: float32 factors would promote it
            EngineAdapter engine = EngineAdapter.current();
            try (NDArray lowA = engine.convertLike(a, x); NDArray lowB = engine.convertLike(b, x)) {
                return new NDList(x.mul(lowA).add(lowB));
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkChannels(inputShapes[0]);
        return new Shape[] {inputShapes[0]};
    }

    private void checkChannels(Shape shape) {
        if (shape.dimension() != 4 || shape.get(1) != scale.length) {
            throw new IllegalArgumentException("the input rescaling expects images (B, " + scale.length
                    + ", H, W), not " + shape);
        }
    }
}
