package org.jdml.sampler.smart;

import com.github.jelmerk.knn.DistanceFunctions;
import com.github.jelmerk.knn.Item;
import com.github.jelmerk.knn.SearchResult;
import com.github.jelmerk.knn.hnsw.HnswIndex;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Approximate neighbours from an HNSW graph (Malkov and Yashunin 2018, the hnswlib-core
 * implementation) over Euclidean distance.
 *
 * <p>The graph is built by inserting items one by one in index order: hnswlib-core derives each
 * item's level from a hash of its id, so the same vectors always give the same graph and a run
 * repeats exactly (a multi-threaded build would not). Queries only read the graph, so they run in
 * parallel and still give the same answers.
 */
public final class HnswNeighbourSearch implements NeighbourSearch {

    private final int m;
    private final int efConstruction;
    private final int ef;

    /**
     * @param m links per node (hnswlib's M)
     * @param efConstruction candidate list size while inserting
     * @param ef candidate list size while searching (hnswlib uses at least the k asked for)
     */
    public HnswNeighbourSearch(int m, int efConstruction, int ef) {
        if (m < 2 || efConstruction < 1 || ef < 1) {
            throw new IllegalArgumentException("HNSW needs m >= 2, ef-construction >= 1 and ef >= 1, was m = " + m
                    + ", ef-construction = " + efConstruction + ", ef = " + ef);
        }
        this.m = m;
        this.efConstruction = efConstruction;
        this.ef = ef;
    }

    /** One training item in the graph: its index and embedding. */
    private record Point(Integer id, float[] vector) implements Item<Integer, float[]> {
        @Override
        public int dimensions() {
            return vector.length;
        }
    }

    @Override
    public NeighbourLists search(float[] vectors, int count, int dim, int k) {
        ExactNeighbourSearch.checkArguments(vectors, count, dim, k);
        if (k == 0) {
            return new NeighbourLists(count, 0, new int[0]);
        }
        return query(build(vectors, count, dim), k);
    }

    /** A built graph and the points in it, in index order. */
    record Graph(HnswIndex<Integer, float[], Point, Float> index, Point[] points) {}

    /** Inserts every row in index order. */
    Graph build(float[] vectors, int count, int dim) {
        HnswIndex<Integer, float[], Point, Float> index =
                HnswIndex.newBuilder(dim, DistanceFunctions.FLOAT_EUCLIDEAN_DISTANCE, Math.max(1, count))
                        .withM(m).withEfConstruction(efConstruction).withEf(ef).build();
        Point[] points = new Point[count];
        for (int i = 0; i < count; i++) {
            float[] vector = new float[dim];
            System.arraycopy(vectors, i * dim, vector, 0, dim);
            points[i] = new Point(i, vector);
            index.add(points[i]);
        }
        return new Graph(index, points);
    }

    /** The {@code k} nearest other points of every point, searched in parallel. */
    NeighbourLists query(Graph graph, int k) {
        int count = graph.points().length;
        int[] neighbours = new int[count * k];
        IntStream.range(0, count).parallel().forEach(i -> {
            List<SearchResult<Point, Float>> found = graph.index().findNearest(graph.points()[i].vector(), k + 1);
            int written = 0;
            for (SearchResult<Point, Float> result : found) {
                int id = result.item().id();
                if (id != i && written < k) {
                    neighbours[i * k + written++] = id;
                }
            }
            // a graph search may return fewer than asked: repeat the farthest one found (the sampler
            // skips repeats), or take the next item when none was found
            for (; written < k; written++) {
                neighbours[i * k + written] = written > 0 ? neighbours[i * k + written - 1] : (i + 1) % count;
            }
        });
        return new NeighbourLists(count, k, neighbours);
    }
}
