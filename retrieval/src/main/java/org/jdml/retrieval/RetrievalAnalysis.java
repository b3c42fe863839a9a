package org.jdml.retrieval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * What each evaluation query retrieves, exactly: its nearest items, whether the first is of its
 * class (Recall@1), and its average precision at R (the term MAP@R averages; R = the gallery items
 * of its class, itself excluded). Neighbours are ordered as the evaluation orders them (similarity
 * descending, ties by ascending gallery position), so the per-class numbers average to the run's
 * Recall@1 and MAP@R. Queries with R = 0 have no precision (NaN) and are left out of the averages.
 */
public final class RetrievalAnalysis {

    /** Queries scored per block of similarities. */
    private static final int BLOCK = 256;

    private final int[] queryLabels;
    private final int[] galleryLabels;
    private final int[][] neighbours;
    private final float[] averagePrecision;
    private final boolean[] firstCorrect;
    private final int[] relevant;

    private RetrievalAnalysis(int[] queryLabels, int[] galleryLabels, int[][] neighbours, float[] averagePrecision,
            boolean[] firstCorrect, int[] relevant) {
        this.queryLabels = queryLabels;
        this.galleryLabels = galleryLabels;
        this.neighbours = neighbours;
        this.averagePrecision = averagePrecision;
        this.firstCorrect = firstCorrect;
        this.relevant = relevant;
    }

    /**
     * @param sameSet the queries are the gallery (each query's own item excluded from its neighbours)
     * @param shown nearest items kept per query
     */
    public static RetrievalAnalysis of(Similarities similarities, int[] queryLabels, int[] galleryLabels,
            boolean sameSet, int shown) {
        int n = queryLabels.length;
        int m = galleryLabels.length;
        Map<Integer, Integer> classSize = new HashMap<>();
        for (int label : galleryLabels) {
            classSize.merge(label, 1, Integer::sum);
        }
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = classSize.getOrDefault(queryLabels[i], 0) - (sameSet ? 1 : 0);
        }
        int available = sameSet ? m - 1 : m;
        int[][] neighbours = new int[n][];
        float[] ap = new float[n];
        boolean[] first = new boolean[n];
        float[] block = new float[Math.min(BLOCK, Math.max(1, n)) * m];
        ThreadLocal<long[]> rowKeys = ThreadLocal.withInitial(() -> new long[m]);
        for (int from = 0; from < n; from += BLOCK) {
            int to = Math.min(n, from + BLOCK);
            similarities.block(from, to, block);
            int start = from;
            IntStream.range(from, to).parallel().forEach(i -> {
                long[] keys = rowKeys.get();
                int offset = (i - start) * m;
                for (int j = 0; j < m; j++) {
                    float v = sameSet && j == i ? Float.NEGATIVE_INFINITY : block[offset + j];
                    keys[j] = key(v, j);
                }
                int take = Math.min(available, Math.max(Math.max(r[i], shown), 1));
                select(keys, take);
                Arrays.sort(keys, 0, take);
                int[] near = new int[Math.min(shown, take)];
                for (int p = 0; p < near.length; p++) {
                    near[p] = (int) keys[p];
                }
                neighbours[i] = near;
                first[i] = take > 0 && galleryLabels[(int) keys[0]] == queryLabels[i];
                if (r[i] <= 0) {
                    ap[i] = Float.NaN;
                    return;
                }
                int correct = 0;
                double sum = 0;
                for (int p = 0; p < r[i]; p++) {
                    if (galleryLabels[(int) keys[p]] == queryLabels[i]) {
                        correct++;
                        sum += (double) correct / (p + 1);
                    }
                }
                ap[i] = (float) (sum / r[i]);
            });
        }
        return new RetrievalAnalysis(queryLabels, galleryLabels, neighbours, ap, first, r);
    }

    /** A long whose signed order is similarity descending, then position ascending. */
    static long key(float v, int position) {
        int bits = Float.floatToIntBits(v == 0f ? 0f : v);
        int ascending = bits ^ ((bits >> 31) & 0x7fffffff);   // signed order = float order
        return ((long) ~ascending << 32) | position;
    }

    /** Moves the {@code k} smallest keys to {@code keys[0..k)} (in no order): quickselect, median of three. */
    static void select(long[] keys, int k) {
        int lo = 0;
        int hi = keys.length - 1;
        while (lo < hi && k > lo && k <= hi) {
            int mid = (lo + hi) >>> 1;
            long pivot = median(keys[lo], keys[mid], keys[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (keys[i] < pivot) {
                    i++;
                }
                while (keys[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = keys[i];
                    keys[i] = keys[j];
                    keys[j] = t;
                    i++;
                    j--;
                }
            }
            // now keys[lo..j] <= pivot <= keys[i..hi]
            if (k <= j + 1) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    public int queries() {
        return queryLabels.length;
    }

    public int queryLabel(int query) {
        return queryLabels[query];
    }

    public int galleryLabel(int item) {
        return galleryLabels[item];
    }

    /** The nearest gallery positions of a query, nearest first. */
    public int[] neighbours(int query) {
        return neighbours[query].clone();
    }

    /** The query's average precision at R, NaN when its class has no other gallery item. */
    public float averagePrecision(int query) {
        return averagePrecision[query];
    }

    public boolean firstCorrect(int query) {
        return firstCorrect[query];
    }

    /** Gallery items of the query's class (itself excluded). */
    public int relevant(int query) {
        return relevant[query];
    }

    /** One class's numbers over its queries with R > 0. */
    public record ClassStats(int label, int queries, double recallAt1, double mapAtR) {}

    /** Per class, by label. */
    public List<ClassStats> perClass() {
        TreeMap<Integer, double[]> sums = new TreeMap<>();
        for (int i = 0; i < queryLabels.length; i++) {
            if (relevant[i] <= 0) {
                continue;
            }
            double[] s = sums.computeIfAbsent(queryLabels[i], l -> new double[3]);
            s[0]++;
            s[1] += firstCorrect[i] ? 1 : 0;
            s[2] += averagePrecision[i];
        }
        List<ClassStats> out = new ArrayList<>();
        sums.forEach((label, s) -> out.add(new ClassStats(label, (int) s[0], s[1] / s[0], s[2] / s[0])));
        return out;
    }

    /** Means over the queries with R > 0: {Recall@1, MAP@R}; NaN when there are none. */
    public double[] overall() {
        double hits = 0;
        double ap = 0;
        int counted = 0;
        for (int i = 0; i < queryLabels.length; i++) {
            if (relevant[i] > 0) {
                counted++;
                hits += firstCorrect[i] ? 1 : 0;
                ap += averagePrecision[i];
            }
        }
        return new double[] {hits / counted, ap / counted};
    }

    /**
     * Two classes confused with each other: queries of {@code a} whose nearest item is of {@code b},
     * and the other way round.
     */
    public record Confusion(int a, int b, int aAsB, int bAsA, int queriesA, int queriesB) {

        public int total() {
            return aAsB + bAsA;
        }
    }

    /** The {@code count} class pairs with the most nearest-item mistakes between them, most first. */
    public List<Confusion> confusedPairs(int count) {
        Map<Long, int[]> pairs = new HashMap<>();
        Map<Integer, Integer> queriesOf = new HashMap<>();
        for (int i = 0; i < queryLabels.length; i++) {
            queriesOf.merge(queryLabels[i], 1, Integer::sum);
            if (neighbours[i].length == 0 || firstCorrect[i]) {
                continue;
            }
            int a = queryLabels[i];
            int b = galleryLabels[neighbours[i][0]];
            int lo = Math.min(a, b);
            int hi = Math.max(a, b);
            int[] c = pairs.computeIfAbsent(((long) lo << 32) | (hi & 0xffffffffL), p -> new int[2]);
            c[a == lo ? 0 : 1]++;
        }
        List<Confusion> out = new ArrayList<>();
        pairs.forEach((key, c) -> {
            int a = (int) (key >> 32);
            int b = (int) (long) key;
            out.add(new Confusion(a, b, c[0], c[1], queriesOf.getOrDefault(a, 0), queriesOf.getOrDefault(b, 0)));
        });
        out.sort(Comparator.comparingInt(Confusion::total).reversed().thenComparingInt(Confusion::a)
                .thenComparingInt(Confusion::b));
        return out.subList(0, Math.min(count, out.size()));
    }

    /** The {@code count} queries with the lowest average precision (ties by position). */
    public int[] hardest(int count) {
        return IntStream.range(0, queryLabels.length).filter(i -> relevant[i] > 0).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> averagePrecision[i]).thenComparingInt(i -> i))
                .limit(count).mapToInt(Integer::intValue).toArray();
    }

    /** {@code count} distinct queries drawn with {@code seed}, in ascending order: the same for the same inputs. */
    public int[] sample(int count, long seed) {
        int n = queryLabels.length;
        int[] all = IntStream.range(0, n).toArray();
        Random random = new Random(seed);
        int take = Math.min(count, n);
        for (int i = 0; i < take; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, take);
        Arrays.sort(chosen);
        return chosen;
    }
}
