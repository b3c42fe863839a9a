package org.jdml.sampler.smart;

import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.jdml.api.RandomState;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.control.Knob;
import org.jdml.api.data.Embedder;
import org.jdml.api.data.TrainingEmbeddingObserver;
import org.jdml.api.data.TripletBatchSampler;
import org.jdml.sampler.internal.CyclicOrder;
import org.jdml.sampler.smart.AnchorTriplets.Source;
import org.jdml.sampler.smart.AnchorTriplets.Triplet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Smart mining as Harwood et al. (ICCV 2017) define it: explicit triplets whose negatives are mined
 * from the neighbour lists of the whole training set, with the κ exclusion rule of their Algorithm 1.
 *
 * <p><b>Epochs.</b> The sampler counts its own epochs of {@code epochBatches} batches (the run's
 * epoch by default; the host draws no batch of an epoch before the previous epoch's last step). The
 * first {@code warmupEpochs} are random triplets only. Every later epoch starts with a refresh: each
 * training item gets an embedding (the one the last epoch's training step gave it, or a fresh one,
 * {@link SmartMiningSettings.RefreshEmbeddings}), and the {@code neighbours} nearest other items of
 * each are found, exactly on the engine or with HNSW. κ is read from its knob at the refresh and holds
 * for the epoch.
 *
 * <p><b>A batch</b> is {@code batchSize / 3} triplets laid out as {@link TripletBatchSampler} says.
 * Every triplet's anchor is the next item of a shuffled cycle over the items whose class has another
 * item. The first {@code round(minedShare x triplets)} triplets of a mined batch come from the
 * anchor's {@link AnchorTriplets} (the first unused valid negative with the first positive valid for
 * it, or the paper's fallbacks); the others, and every triplet of a warm-up batch, take a random
 * positive of the anchor's class and a random negative. An anchor's used negatives are remembered
 * until the next refresh, so a negative serves an anchor once per epoch.
 *
 * <p><b>State.</b> The random source, the anchor cycle, κ, the batch counter, the refresh's
 * embeddings and lists, each anchor's used negatives, the embeddings observed during training and
 * this epoch's counts are checkpointed: a resumed run draws the same triplets without re-embedding.
 */
public final class SmartMiningSampler implements TripletBatchSampler, TrainingEmbeddingObserver {

    /** Name of the exclusion-factor knob. */
    public static final String KAPPA_KNOB = "smart-mining.kappa";

    private static final Logger LOG = LoggerFactory.getLogger(SmartMiningSampler.class);
    private static final int STATE_FORMAT = 2;

    private final int[] classOf;
    private final int[][] members;
    private final SmartMiningSettings settings;
    private final Embedder embedder;
    private final NDManager manager;
    private final Knob kappa;
    private final CyclicOrder anchorOrder;
    private final int[] one = new int[1];
    private Random random;
    private long batches;
    /** Embeddings the training steps reported, latest per item; null before the first report. */
    private float[] observed;
    private int observedDim = -1;
    /** Items observed since the current epoch started. */
    private BitSet observedThisEpoch = new BitSet();
    /** Items observed during the previous epoch: the ones a refresh may reuse. */
    private BitSet observedLastEpoch = new BitSet();
    private WholeSetEmbedding embedding;
    private NeighbourLists lists;
    private double epochKappa = Double.NaN;
    private Map<Integer, AnchorTriplets> anchors = new TreeMap<>();
    private EpochCounts counts = new EpochCounts();

    /** What the epoch so far has drawn and what its refresh cost. */
    private static final class EpochCounts {
        long[] bySource = new long[Source.values().length];
        long randomTriplets;
        double embedSeconds;
        double searchSeconds;
        int embeddedItems;
        int reusedItems;
        boolean refreshed;

        void save(DataOutputStream out) throws IOException {
            for (long c : bySource) {
                out.writeLong(c);
            }
            out.writeLong(randomTriplets);
            out.writeDouble(embedSeconds);
            out.writeDouble(searchSeconds);
            out.writeInt(embeddedItems);
            out.writeInt(reusedItems);
            out.writeBoolean(refreshed);
        }

        static EpochCounts read(DataInputStream in) throws IOException {
            EpochCounts c = new EpochCounts();
            for (int i = 0; i < c.bySource.length; i++) {
                c.bySource[i] = in.readLong();
            }
            c.randomTriplets = in.readLong();
            c.embedSeconds = in.readDouble();
            c.searchSeconds = in.readDouble();
            c.embeddedItems = in.readInt();
            c.reusedItems = in.readInt();
            c.refreshed = in.readBoolean();
            return c;
        }
    }

    /**
     * @param labels the class of every training item; at least two classes, one with two items or more
     * @param manager parent of the temporary managers used to embed and to search
     */
    public SmartMiningSampler(int[] labels, SmartMiningSettings settings, Embedder embedder, NDManager manager,
            Random random) {
        String problem = dataProblem(labels);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (settings.batchSize() < 3 || settings.batchSize() % 3 != 0) {
            throw new IllegalArgumentException("a batch of triplets holds a multiple of 3 items, not "
                    + settings.batchSize());
        }
        this.settings = settings;
        this.embedder = embedder;
        this.manager = manager;
        this.random = random;
        int[] distinct = Arrays.stream(labels).distinct().sorted().toArray();
        this.classOf = new int[labels.length];
        int[] sizes = new int[distinct.length];
        for (int i = 0; i < labels.length; i++) {
            classOf[i] = Arrays.binarySearch(distinct, labels[i]);
            sizes[classOf[i]]++;
        }
        this.members = new int[distinct.length][];
        for (int c = 0; c < distinct.length; c++) {
            members[c] = new int[sizes[c]];
            sizes[c] = 0;
        }
        for (int i = 0; i < labels.length; i++) {
            members[classOf[i]][sizes[classOf[i]]++] = i;
        }
        int[] eligible = IntStream.range(0, labels.length).filter(i -> members[classOf[i]].length >= 2).toArray();
        this.anchorOrder = new CyclicOrder(eligible, random);
        SmartMiningSettings.Range k = settings.kappa();
        this.kappa = new Knob(KAPPA_KNOB, k.initial(), k.min(), k.max(), false);
    }

    /** Why smart mining cannot draw from these labels, or null when it can. */
    static String dataProblem(int[] labels) {
        long classes = Arrays.stream(labels).distinct().count();
        if (classes < 2) {
            return "smart mining needs at least 2 classes in the training data, it has " + classes;
        }
        Map<Integer, Long> sizes = Arrays.stream(labels).boxed()
                .collect(java.util.stream.Collectors.groupingBy(l -> l, java.util.stream.Collectors.counting()));
        if (sizes.values().stream().allMatch(s -> s < 2)) {
            return "smart mining needs a class with at least 2 items (an anchor and its positive), every class has 1";
        }
        return null;
    }

    @Override
    public List<Knob> knobs() {
        return List.of(kappa);
    }

    public SmartMiningSettings settings() {
        return settings;
    }

    /** Batches drawn so far. */
    public long batchesDrawn() {
        return batches;
    }

    /** The sampler's current epoch, from 0 (the epoch of the next batch). */
    public long epoch() {
        return batches / settings.epochBatches();
    }

    /** Whether the batches of {@code epoch} (from 0) are mined. */
    public boolean mines(long epoch) {
        return epoch >= settings.warmupEpochs();
    }

    /** The κ of the current epoch's refresh; empty in warm-up. */
    public Optional<Double> epochKappa() {
        return Double.isNaN(epochKappa) ? Optional.empty() : Optional.of(epochKappa);
    }

    /** The neighbour lists of the last refresh, or null before the first. */
    NeighbourLists neighbourLists() {
        return lists;
    }

    /** The embeddings of the last refresh, or null before the first. */
    WholeSetEmbedding embedding() {
        return embedding;
    }

    @Override
    public int[] nextBatch() {
        Triplet[] triplets = nextTriplets();
        int[] items = new int[triplets.length * 3];
        for (int t = 0; t < triplets.length; t++) {
            items[3 * t] = triplets[t].anchor();
            items[3 * t + 1] = triplets[t].positive();
            items[3 * t + 2] = triplets[t].negative();
        }
        return items;
    }

    /** The next batch's triplets, each with where it came from. */
    public Triplet[] nextTriplets() {
        if (batches % settings.epochBatches() == 0) {
            startEpoch();
        }
        int count = settings.triplets();
        int mined = mines(epoch()) ? (int) Math.round(settings.minedShare() * count) : 0;
        Triplet[] triplets = new Triplet[count];
        for (int t = 0; t < count; t++) {
            anchorOrder.takeDistinct(1, one, 0, random);
            int anchor = one[0];
            if (t < mined) {
                triplets[t] = anchorTriplets(anchor).next(classOf, members, random);
                counts.bySource[triplets[t].source().ordinal()]++;
            } else {
                triplets[t] = new Triplet(anchor, AnchorTriplets.randomPositive(anchor, members[classOf[anchor]], null,
                        random), AnchorTriplets.randomNegative(classOf, classOf[anchor], random), Source.RANDOM);
                counts.randomTriplets++;
            }
        }
        batches++;
        return triplets;
    }

    private void startEpoch() {
        observedLastEpoch = observedThisEpoch;
        observedThisEpoch = new BitSet();
        counts = new EpochCounts();
        anchors = new TreeMap<>();
        if (mines(epoch())) {
            refresh();
        } else {
            epochKappa = Double.NaN;
        }
    }

    private AnchorTriplets anchorTriplets(int anchor) {
        return anchors.computeIfAbsent(anchor, a -> {
            int[] row = lists.row(a);
            float[] squared = new float[row.length];
            for (int r = 0; r < row.length; r++) {
                squared[r] = (float) embedding.squaredDistance(a, row[r]);
            }
            return AnchorTriplets.of(a, row, squared, classOf, epochKappa);
        });
    }

    @Override
    public void observe(int[] indices, float[] embeddings, int dim) {
        if (embeddings.length != (long) indices.length * dim) {
            throw new IllegalArgumentException(embeddings.length + " values are not " + indices.length + " x " + dim);
        }
        if (observed == null || observedDim != dim) {
            observed = new float[Math.multiplyExact(classOf.length, dim)];
            observedDim = dim;
            observedThisEpoch.clear();
            observedLastEpoch.clear();
        }
        for (int r = 0; r < indices.length; r++) {
            System.arraycopy(embeddings, r * dim, observed, indices[r] * dim, dim);
            observedThisEpoch.set(indices[r]);
        }
    }

    private void refresh() {
        int items = classOf.length;
        long start = System.nanoTime();
        boolean reuse = settings.embeddings() == SmartMiningSettings.RefreshEmbeddings.REUSE_TRAINING
                && observed != null && !observedLastEpoch.isEmpty();
        WholeSetEmbedding embedded;
        if (reuse) {
            int[] missing = IntStream.range(0, items).filter(i -> !observedLastEpoch.get(i)).toArray();
            float[] fresh = WholeSetEmbedding.embedRows(embedder, manager, missing, settings.embedChunk(), observedDim);
            float[] values = new float[Math.multiplyExact(items, observedDim)];
            for (int i = observedLastEpoch.nextSetBit(0); i >= 0; i = observedLastEpoch.nextSetBit(i + 1)) {
                System.arraycopy(observed, i * observedDim, values, i * observedDim, observedDim);
            }
            for (int r = 0; r < missing.length; r++) {
                System.arraycopy(fresh, r * observedDim, values, missing[r] * observedDim, observedDim);
            }
            embedded = new WholeSetEmbedding(items, observedDim, values);
            counts.embeddedItems = missing.length;
            counts.reusedItems = items - missing.length;
        } else {
            embedded = WholeSetEmbedding.embed(embedder, manager, items, settings.embedChunk());
            counts.embeddedItems = items;
            counts.reusedItems = 0;
        }
        long embeddedAt = System.nanoTime();
        IndexKind kind = settings.resolvedIndex(items);
        NeighbourSearch search = kind == IndexKind.EXACT
                ? new ExactNeighbourSearch(manager, settings.exactChunk())
                : new HnswNeighbourSearch(settings.hnswM(), settings.hnswEfConstruction(), settings.hnswEf());
        int k = Math.min(settings.neighbours(), items - 1);
        lists = search.search(embedded.values(), items, embedded.dim(), k);
        embedding = embedded;
        epochKappa = kappa.value();
        long end = System.nanoTime();
        counts.refreshed = true;
        counts.embedSeconds = (embeddedAt - start) / 1e9;
        counts.searchSeconds = (end - embeddedAt) / 1e9;
        LOG.info("smart-mining: epoch {} refresh: embedded {} items, reused {} from training, {} search of {} "
                + "neighbours {} s, embedding {} s; kappa {}", epoch() + 1, counts.embeddedItems, counts.reusedItems,
                ComponentSettings.kebab(kind), k, seconds(counts.searchSeconds), seconds(counts.embedSeconds),
                String.format(Locale.ROOT, "%.4f", epochKappa));
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f", s);
    }

    /**
     * The current epoch's batches so far: {@code mining} (1 or 0), {@code kappa} (mined epochs),
     * triplets by source ({@code mined}: Algorithm 1's triplet; {@code mined-random-positive}: a valid
     * negative with a random positive from outside the list; {@code mined-no-valid-negative}: the
     * anchor had no unused valid negative left, a random triplet; {@code random}: the batches' random
     * share and warm-up), and how many items the refresh embedded and reused. Times are not state (a
     * resumed run must log the same): the refresh's seconds are in the log, and its share of the epoch
     * is the epoch line's {@code sampler-share}.
     */
    @Override
    public Map<String, Double> epochState() {
        Map<String, Double> state = new LinkedHashMap<>();
        long epoch = Math.max(0, (batches - 1) / settings.epochBatches());
        state.put("mining", mines(epoch) ? 1.0 : 0.0);
        if (!Double.isNaN(epochKappa)) {
            state.put("kappa", epochKappa);
        }
        state.put("mined", (double) counts.bySource[Source.MINED.ordinal()]);
        state.put("mined-random-positive", (double) counts.bySource[Source.RANDOM_POSITIVE.ordinal()]);
        state.put("mined-no-valid-negative", (double) counts.bySource[Source.RANDOM.ordinal()]);
        state.put("random", (double) counts.randomTriplets);
        if (counts.refreshed) {
            state.put("refresh-embedded-items", (double) counts.embeddedItems);
            state.put("refresh-reused-items", (double) counts.reusedItems);
        }
        return state;
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        out.writeInt(STATE_FORMAT);
        out.writeInt(classOf.length);
        out.writeInt(settings.batchSize());
        out.writeInt(settings.epochBatches());
        RandomState.write(out, random);
        anchorOrder.save(out);
        out.writeDouble(kappa.value());
        out.writeLong(batches);
        out.writeDouble(epochKappa);
        out.writeInt(observedDim);
        if (observed != null) {
            writeFloats(out, observed);
            writeBits(out, observedThisEpoch);
            writeBits(out, observedLastEpoch);
        }
        out.writeBoolean(lists != null);
        if (lists != null) {
            embedding.save(out);
            lists.save(out);
        }
        out.writeInt(anchors.size());
        for (Map.Entry<Integer, AnchorTriplets> e : anchors.entrySet()) {
            out.writeInt(e.getKey());
            out.writeInt(e.getValue().usedNegatives());
        }
        counts.save(out);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        int format = in.readInt();
        if (format != STATE_FORMAT) {
            throw new IOException("smart-mining sampler state has format " + format + ", this version reads "
                    + STATE_FORMAT + " (checkpoints of the earlier smart-mining sampler cannot be resumed)");
        }
        int items = in.readInt();
        if (items != classOf.length) {
            throw new IOException("checkpoint was written for " + items + " training items, the training data has "
                    + classOf.length + ": the checkpoint belongs to other training data");
        }
        int batchSize = in.readInt();
        int epochBatches = in.readInt();
        if (batchSize != settings.batchSize() || epochBatches != settings.epochBatches()) {
            throw new IOException("checkpoint was written with batches of " + batchSize + " items and epochs of "
                    + epochBatches + " batches; this sampler has " + settings.batchSize() + " and "
                    + settings.epochBatches());
        }
        Random restored = RandomState.read(in);
        anchorOrder.load(in, "the anchor order");
        double kappaValue = in.readDouble();
        long savedBatches = in.readLong();
        double savedEpochKappa = in.readDouble();
        int dim = in.readInt();
        float[] savedObserved = null;
        BitSet thisEpoch = new BitSet();
        BitSet lastEpoch = new BitSet();
        if (dim >= 0) {
            savedObserved = readFloats(in, Math.multiplyExact(items, dim));
            thisEpoch = readBits(in);
            lastEpoch = readBits(in);
        }
        WholeSetEmbedding savedEmbedding = null;
        NeighbourLists savedLists = null;
        if (in.readBoolean()) {
            savedEmbedding = WholeSetEmbedding.load(in, items);
            savedLists = NeighbourLists.load(in, items);
        }
        random = restored;
        kappa.set(kappaValue);
        batches = savedBatches;
        epochKappa = savedEpochKappa;
        observed = savedObserved;
        observedDim = dim;
        observedThisEpoch = thisEpoch;
        observedLastEpoch = lastEpoch;
        embedding = savedEmbedding;
        lists = savedLists;
        anchors = new TreeMap<>();
        int touched = in.readInt();
        for (int i = 0; i < touched; i++) {
            int anchor = in.readInt();
            int used = in.readInt();
            if (lists == null || anchor < 0 || anchor >= items) {
                throw new IOException("checkpoint lists used negatives for anchor " + anchor
                        + " without neighbour lists for it");
            }
            anchorTriplets(anchor).restoreUsed(used);
        }
        counts = EpochCounts.read(in);
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
        bytes.asFloatBuffer().put(values);
        out.write(bytes.array());
    }

    private static float[] readFloats(DataInputStream in, int count) throws IOException {
        byte[] bytes = new byte[Math.multiplyExact(count, Float.BYTES)];
        in.readFully(bytes);
        float[] values = new float[count];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
        return values;
    }

    private static void writeBits(DataOutputStream out, BitSet bits) throws IOException {
        byte[] bytes = bits.toByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static BitSet readBits(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return BitSet.valueOf(bytes);
    }
}
