package org.jdml.runner.retrieval;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.jdml.api.data.DataSplit;

/** Query items already turned into model input (a picture through the evaluation transform), for the embedder. */
final class QueryItems implements DataSplit {

    private final List<float[]> items;
    private final Shape itemShape;

    QueryItems(List<float[]> items, Shape itemShape) {
        this.items = List.copyOf(items);
        this.itemShape = itemShape;
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public int[] labels() {
        return new int[items.size()];
    }

    @Override
    public Shape itemShape() {
        return itemShape;
    }

    @Override
    public float[] read(int[] indices, boolean augment, Random random) {
        int width = Math.toIntExact(itemShape.size());
        float[] out = new float[indices.length * width];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(items.get(indices[i]), 0, out, i * width, width);
        }
        return out;
    }
}
