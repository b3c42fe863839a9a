package org.jdml.sampler.smart;

import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntPredicate;
import org.jdml.api.RandomState;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.control.Knob;
import org.jdml.api.data.BatchSampler;
import org.jdml.api.data.Embedder;
import org.jdml.sampler.internal.CyclicOrder;
import org.jdml.sampler.smart.MinedBatch.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Smart mining over the whole training set (after Harwood et al. 2017): batches built around random
 * anchors, each with its hardest positives and with negatives from its nearest neighbours of other
 * classes, found in the embeddings of the entire training set.
 *
 * <p><b>Refresh.</b> At the first batch and then every {@code refreshEvery} batches, every training
 * item is embedded with the model as it is then (no gradient, evaluation mode; the host's
 * {@link Embedder}) and the {@code neighbours.max} nearest other items of each are found, exactly on
 * the engine or approximately with HNSW. Mining therefore starts at batch 0 with the untrained
 * model's embeddings; there is no warm-up with another kind of batch.
 *
 * <p><b>A batch</b> is {@code anchors} groups followed by fill. A group is:
 * <ol>
 *   <li>an anchor, the next item of a shuffled cycle over the items whose class has at least two;</li>
 *   <li>its {@code positives} farthest items of its own class (among a random sample of
 *       {@code positiveCandidates} when the class is larger);</li>
 *   <li>its negative slots: of all {@code anchors x negatives} slots of the batch, the share given by
 *       the {@code mined-share} knob is mined, spread evenly over the anchors. A mined negative is
 *       drawn at random among the other-class items in the anchor's {@code k} nearest neighbours
 *       ({@code k} = the {@code neighbours} knob); when those are too few, the next nearest
 *       other-class items of its stored list follow. The other slots take random items of other
 *       classes.</li>
 * </ol>
 * No item appears twice while an unused one can stand in; slots that cannot be filled as planned
 * (a small class, a short neighbour list) are filled with random items, so every batch has exactly
 * {@code batchSize} items. Every anchor has at least one item of its class in the batch.
 *
 * <p><b>Knobs.</b> {@code smart-mining.mined-share} (harder when higher: more nearest-neighbour
 * negatives, fewer random ones) and {@code smart-mining.neighbours} (harder when lower: the pool the
 * negatives are drawn from shrinks towards the very nearest other-class items).
 *
 * <p><b>State.</b> The random source, the anchor cycle, both knob values, the batch counter, the
 * batch of the last refresh, and the embeddings and neighbour lists of that refresh are checkpointed,
 * so a resumed run draws the same batches without re-embedding (its model has moved on since).
 */
public final class SmartMiningSampler implements BatchSampler {

    /** Name of the neighbourhood-size knob. */
    public static final String NEIGHBOURS_KNOB = "smart-mining.neighbours";
    /** Name of the mined-share knob. */
    public static final String MINED_SHARE_KNOB = "smart-mining.mined-share";

    private static final Logger LOG = LoggerFactory.getLogger(SmartMiningSampler.class);
    private static final int STATE_FORMAT = 1;
    /** Random draws for an unused item of the right kind before a scan of all items. */
    private static final int RANDOM_TRIES = 32;

    private final int[] labels;
    private final int[] classOf;
    private final int[][] members;
    private final SmartMiningSettings settings;
    private final Embedder embedder;
    private final NDManager manager;
    private final Knob minedShare;
    private final Knob neighbours;
    private final CyclicOrder anchorOrder;
    private final int eligibleAnchors;
    private final int[] taken;
    private final int[] candidates;
    private final int[] one = new int[1];
    private int mark;
    private Random random;
    private long batches;
    private long lastRefreshBatch = -1;
    private WholeSetEmbedding embedding;
    private NeighbourLists lists;
    private RefreshTiming lastTiming;

    /** How long the last refresh took, for logs and benchmarks. */
    public record RefreshTiming(long batch, IndexKind index, double embedSeconds, double searchSeconds) {}

    /**
     * @param labels the class of every training item; at least two classes, one with two items or more
     * @param manager parent of the temporary managers used to embed and to search
     */
    public SmartMiningSampler(int[] labels, SmartMiningSettings settings, Embedder embedder, NDManager manager,
            Random random) {
        this.labels = labels.clone();
        this.settings = settings;
        this.embedder = embedder;
        this.manager = manager;
        this.random = random;
        int[] distinct = Arrays.stream(labels).distinct().sorted().toArray();
        this.classOf = new int[labels.length];
        int[] counts = new int[distinct.length];
        for (int i = 0; i < labels.length; i++) {
            classOf[i] = Arrays.binarySearch(distinct, labels[i]);
            counts[classOf[i]]++;
        }
        this.members = new int[distinct.length][];
        for (int c = 0; c < distinct.length; c++) {
            members[c] = new int[counts[c]];
            counts[c] = 0;
        }
        for (int i = 0; i < labels.length; i++) {
            members[classOf[i]][counts[classOf[i]]++] = i;
        }
        int[] eligible = java.util.stream.IntStream.range(0, labels.length)
                .filter(i -> members[classOf[i]].length >= 2).toArray();
        String problem = dataProblem(labels);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        int groups = settings.anchors() * settings.groupSize();
        if (settings.anchors() < 1 || groups > settings.batchSize()) {
            throw new IllegalArgumentException(settings.anchors() + " anchor groups of " + settings.groupSize()
                    + " items do not fit a batch of " + settings.batchSize());
        }
        this.eligibleAnchors = eligible.length;
        this.anchorOrder = new CyclicOrder(eligible, random);
        this.taken = new int[labels.length];
        this.candidates = new int[(int) Math.min(settings.neighbours().max(), labels.length - 1)];
        SmartMiningSettings.Range k = settings.neighbours();
        SmartMiningSettings.Range share = settings.minedShare();
        this.neighbours = new Knob(NEIGHBOURS_KNOB, k.initial(), k.min(), k.max(), false);
        this.minedShare = new Knob(MINED_SHARE_KNOB, share.initial(), share.min(), share.max(), true);
    }

    /** Why smart mining cannot draw from these labels, or null when it can. */
    static String dataProblem(int[] labels) {
        long classes = Arrays.stream(labels).distinct().count();
        if (classes < 2) {
            return "smart mining needs at least 2 classes in the training data, it has " + classes;
        }
        java.util.Map<Integer, Long> sizes = Arrays.stream(labels).boxed()
                .collect(java.util.stream.Collectors.groupingBy(l -> l, java.util.stream.Collectors.counting()));
        if (sizes.values().stream().allMatch(s -> s < 2)) {
            return "smart mining needs a class with at least 2 items (an anchor and its positive), every class has 1";
        }
        return null;
    }

    @Override
    public List<Knob> knobs() {
        return List.of(minedShare, neighbours);
    }

    public SmartMiningSettings settings() {
        return settings;
    }

    /** Batches drawn so far. */
    public long batchesDrawn() {
        return batches;
    }

    /** Timing of the last refresh; empty before the first batch. */
    public Optional<RefreshTiming> lastRefresh() {
        return Optional.ofNullable(lastTiming);
    }

    /** The neighbour lists of the last refresh, or null before the first batch. */
    NeighbourLists neighbourLists() {
        return lists;
    }

    /** The embeddings of the last refresh, or null before the first batch. */
    WholeSetEmbedding embedding() {
        return embedding;
    }

    @Override
    public int[] nextBatch() {
        return nextMinedBatch().items();
    }

    /** The next batch with the role of every item. */
    public MinedBatch nextMinedBatch() {
        if (lastRefreshBatch < 0 || batches - lastRefreshBatch >= settings.refreshEvery()) {
            refresh();
        }
        MinedBatch batch = compose();
        batches++;
        return batch;
    }

    private void refresh() {
        int items = labels.length;
        long start = System.nanoTime();
        WholeSetEmbedding embedded = WholeSetEmbedding.embed(embedder, manager, items, settings.embedChunk());
        long embeddedAt = System.nanoTime();
        IndexKind kind = settings.resolvedIndex(items);
        NeighbourSearch search = kind == IndexKind.EXACT
                ? new ExactNeighbourSearch(manager, settings.exactChunk())
                : new HnswNeighbourSearch(settings.hnswM(), settings.hnswEfConstruction(), settings.hnswEf());
        int k = Math.min((int) neighbours.max(), items - 1);
        lists = search.search(embedded.values(), items, embedded.dim(), k);
        embedding = embedded;
        lastRefreshBatch = batches;
        long end = System.nanoTime();
        lastTiming = new RefreshTiming(batches, kind, (embeddedAt - start) / 1e9, (end - embeddedAt) / 1e9);
        LOG.info("smart-mining: neighbour lists refreshed at batch {}: {} items, {} neighbours each, embedding {} s, "
                + "{} search {} s", batches, items, k, seconds(lastTiming.embedSeconds()),
                ComponentSettings.kebab(kind), seconds(lastTiming.searchSeconds()));
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f", s);
    }

    /** Builds one batch from the current neighbour lists and knob values. */
    private MinedBatch compose() {
        int size = settings.batchSize();
        int anchors = settings.anchors();
        int negatives = settings.negatives();
        int k = (int) Math.max(1, Math.min(lists.k(), Math.round(neighbours.value())));
        int minedTotal = (int) Math.round(minedShare.value() * anchors * negatives);
        Builder batch = new Builder(size);
        mark++;
        for (int g = 0; g < anchors; g++) {
            int quota = minedTotal / anchors + (g < minedTotal % anchors ? 1 : 0);
            int anchor = nextAnchor();
            batch.put(anchor, Role.ANCHOR, g);
            addHardestPositives(batch, anchor, g);
            int mined = addMinedNegatives(batch, anchor, quota, k, g);
            int anchorClass = classOf[anchor];
            for (int slot = mined; slot < negatives; slot++) {
                int j = findUnused(i -> classOf[i] != anchorClass);
                if (j < 0) {
                    break; // every item of another class is already in the batch: the fill takes the slot
                }
                batch.put(j, Role.RANDOM_NEGATIVE, g);
            }
        }
        while (batch.size < size) {
            int j = findUnused(i -> true);
            batch.put(j >= 0 ? j : random.nextInt(labels.length), Role.FILL, -1);
        }
        return new MinedBatch(batch.items, batch.roles, batch.groups);
    }

    /** The next item of the anchor cycle that is not in the batch yet (a repeated one if all are). */
    private int nextAnchor() {
        int anchor = -1;
        for (int tries = 0; tries < eligibleAnchors; tries++) {
            anchorOrder.takeDistinct(1, one, 0, random);
            anchor = one[0];
            if (taken[anchor] != mark) {
                return anchor;
            }
        }
        return anchor;
    }

    /** Adds the anchor's farthest unused items of its class, farthest first. */
    private void addHardestPositives(Builder batch, int anchor, int group) {
        int wanted = settings.positives();
        int[] cls = members[classOf[anchor]];
        boolean sample = cls.length - 1 > settings.positiveCandidates();
        int draws = sample ? settings.positiveCandidates() : cls.length;
        int[] best = new int[wanted];
        double[] bestDistance = new double[wanted];
        int found = 0;
        for (int t = 0; t < draws; t++) {
            int j = sample ? cls[random.nextInt(cls.length)] : cls[t];
            if (j == anchor || taken[j] == mark || contains(best, found, j)) {
                continue;
            }
            double d = embedding.squaredDistance(anchor, j);
            if (found < wanted) {
                found++;
            } else if (d <= bestDistance[wanted - 1]) {
                continue;
            }
            int at = found - 1; // insertion into the descending list, dropping the last when full
            while (at > 0 && bestDistance[at - 1] < d) {
                best[at] = best[at - 1];
                bestDistance[at] = bestDistance[at - 1];
                at--;
            }
            best[at] = j;
            bestDistance[at] = d;
        }
        for (int i = 0; i < found; i++) {
            batch.put(best[i], Role.POSITIVE, group);
        }
    }

    /**
     * Adds up to {@code quota} unused other-class items from the anchor's neighbour list: at random
     * among those within its {@code k} nearest, then the nearest beyond {@code k} if those are too few.
     *
     * @return how many were added
     */
    private int addMinedNegatives(Builder batch, int anchor, int quota, int k, int group) {
        if (quota == 0) {
            return 0;
        }
        int anchorClass = classOf[anchor];
        int pool = 0;
        for (int rank = 0; rank < k; rank++) {
            int j = lists.get(anchor, rank);
            if (classOf[j] != anchorClass && taken[j] != mark && !contains(candidates, pool, j)) {
                candidates[pool++] = j;
            }
        }
        if (pool >= quota) {
            for (int i = 0; i < quota; i++) { // partial Fisher-Yates: quota distinct draws from the pool
                int pick = i + random.nextInt(pool - i);
                int swap = candidates[i];
                candidates[i] = candidates[pick];
                candidates[pick] = swap;
                batch.put(candidates[i], Role.MINED_NEGATIVE, group);
            }
            return quota;
        }
        for (int i = 0; i < pool; i++) {
            batch.put(candidates[i], Role.MINED_NEGATIVE, group);
        }
        int added = pool;
        for (int rank = k; rank < lists.k() && added < quota; rank++) {
            int j = lists.get(anchor, rank);
            if (classOf[j] != anchorClass && taken[j] != mark) {
                batch.put(j, Role.MINED_NEGATIVE, group);
                added++;
            }
        }
        return added;
    }

    /** A random item not yet in the batch that passes {@code filter}, or -1 if there is none. */
    private int findUnused(IntPredicate filter) {
        int items = labels.length;
        for (int t = 0; t < RANDOM_TRIES; t++) {
            int j = random.nextInt(items);
            if (taken[j] != mark && filter.test(j)) {
                return j;
            }
        }
        int start = random.nextInt(items);
        for (int offset = 0; offset < items; offset++) {
            int j = (start + offset) % items;
            if (taken[j] != mark && filter.test(j)) {
                return j;
            }
        }
        return -1;
    }

    private static boolean contains(int[] values, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    /** The batch being built; marks every item it takes. */
    private final class Builder {
        final int[] items;
        final Role[] roles;
        final int[] groups;
        int size;

        Builder(int capacity) {
            items = new int[capacity];
            roles = new Role[capacity];
            groups = new int[capacity];
        }

        void put(int item, Role role, int group) {
            items[size] = item;
            roles[size] = role;
            groups[size] = group;
            size++;
            taken[item] = mark;
        }
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        out.writeInt(STATE_FORMAT);
        out.writeInt(labels.length);
        out.writeInt(settings.batchSize());
        out.writeInt(settings.anchors());
        out.writeInt(settings.positives());
        out.writeInt(settings.negatives());
        RandomState.write(out, random);
        anchorOrder.save(out);
        out.writeDouble(minedShare.value());
        out.writeDouble(neighbours.value());
        out.writeLong(batches);
        out.writeLong(lastRefreshBatch);
        out.writeBoolean(lists != null);
        if (lists != null) {
            embedding.save(out);
            lists.save(out);
        }
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        int format = in.readInt();
        if (format != STATE_FORMAT) {
            throw new IOException("smart-mining sampler state has format " + format + ", this version reads "
                    + STATE_FORMAT);
        }
        int items = in.readInt();
        if (items != labels.length) {
            throw new IOException("checkpoint was written for " + items + " training items, the training data has "
                    + labels.length + ": the checkpoint belongs to other training data");
        }
        int[] shape = {in.readInt(), in.readInt(), in.readInt(), in.readInt()};
        int[] mine = {settings.batchSize(), settings.anchors(), settings.positives(), settings.negatives()};
        if (!Arrays.equals(shape, mine)) {
            throw new IOException("checkpoint was written with batch size " + shape[0] + ", " + shape[1]
                    + " anchors, " + shape[2] + " positives and " + shape[3] + " negatives per anchor; this sampler has "
                    + mine[0] + ", " + mine[1] + ", " + mine[2] + " and " + mine[3]);
        }
        Random restored = RandomState.read(in);
        anchorOrder.load(in, "the anchor order");
        double share = in.readDouble();
        double k = in.readDouble();
        long savedBatches = in.readLong();
        long savedRefresh = in.readLong();
        WholeSetEmbedding savedEmbedding = null;
        NeighbourLists savedLists = null;
        if (in.readBoolean()) {
            savedEmbedding = WholeSetEmbedding.load(in, labels.length);
            savedLists = NeighbourLists.load(in, labels.length);
        }
        random = restored;
        minedShare.set(share);
        neighbours.set(k);
        batches = savedBatches;
        lastRefreshBatch = savedLists == null ? -1 : savedRefresh;
        embedding = savedEmbedding;
        lists = savedLists;
    }
}
