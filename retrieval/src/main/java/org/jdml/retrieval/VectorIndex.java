package org.jdml.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntConsumer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.jdml.api.config.JdmlConfigurationException;

/**
 * A persistent k-nearest-neighbour index of one split's embeddings: Lucene's HNSW graph over the
 * vectors, with each item's position, label, class name and source stored beside it, and a
 * {@link IndexManifest} naming the model that made the vectors.
 *
 * <p>Writing is all or nothing: the index is built in a sibling folder {@code <name>.partial-*},
 * the manifest is written last, and the finished folder is then moved into place (an atomic rename
 * on one file system; an index it replaces is moved aside first and deleted after). A folder without
 * a manifest, or a leftover {@code .partial-*} folder, is refused when opened.
 *
 * <p>Searching walks the graph for {@code max(k, candidates)} neighbours. With {@code candidates > 0}
 * those candidates are re-ranked by the exact distance computed from the stored full-precision
 * vectors (ties by position) and the first k kept: a wider beam than k, ordered exactly.
 */
public final class VectorIndex implements AutoCloseable {

    static final String VECTOR = "vector";
    static final String POSITION = "position";
    static final String LABEL = "label";
    static final String CLASS = "class";
    static final String SOURCE = "source";
    static final String PARTIAL = ".partial-";

    private final Path dir;
    private final IndexManifest manifest;
    private final FSDirectory directory;
    private final DirectoryReader reader;
    /** position -> global doc id */
    private final int[] docOf;
    /** global doc id -> position */
    private final int[] positionOf;

    private VectorIndex(Path dir, IndexManifest manifest, FSDirectory directory, DirectoryReader reader)
            throws IOException {
        this.dir = dir;
        this.manifest = manifest;
        this.directory = directory;
        this.reader = reader;
        this.positionOf = new int[reader.maxDoc()];
        this.docOf = new int[manifest.items()];
        Arrays.fill(docOf, -1);
        for (LeafReaderContext leaf : reader.leaves()) {
            NumericDocValues positions = leaf.reader().getNumericDocValues(POSITION);
            for (int doc = positions.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = positions.nextDoc()) {
                int position = (int) positions.longValue();
                positionOf[leaf.docBase + doc] = position;
                docOf[position] = leaf.docBase + doc;
            }
        }
    }

    /**
     * Builds the index of {@code vectors} into {@code target} (replacing what is there, if the build succeeds).
     *
     * @param header the model, dataset, split, metric and graph settings; its counts are filled in
     * @param vectors {@code labels.length} rows of {@code header.model().embeddingSize()} floats
     * @param progress told the number of items added so far, every 1,000 items
     * @return the manifest as written
     */
    public static IndexManifest build(Path target, IndexManifest header, float[] vectors, int[] labels,
            IntFunction<String> classNames, IntFunction<String> sources, IntConsumer progress) throws IOException {
        int dim = header.model().embeddingSize();
        if (vectors.length != (long) labels.length * dim) {
            throw new IllegalArgumentException(vectors.length + " values are not " + labels.length + " vectors of " + dim);
        }
        if (header.metric() == Metric.DOT_PRODUCT && !Metric.unitNorm(vectors, dim)) {
            throw new IllegalArgumentException("A dot-product index needs L2-normalised vectors; these are not"
                    + " (build it with the EUCLIDEAN metric)");
        }
        long start = System.nanoTime();
        Path absolute = target.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        Path partial = absolute.resolveSibling(absolute.getFileName() + PARTIAL + ProcessHandle.current().pid());
        Folders.deleteTree(partial);
        Map<Integer, String> names = new HashMap<>();
        try (FSDirectory directory = FSDirectory.open(partial);
                IndexWriter writer = new IndexWriter(directory, writerConfig(header.hnsw()))) {
            for (int i = 0; i < labels.length; i++) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(VECTOR, Arrays.copyOfRange(vectors, i * dim, (i + 1) * dim),
                        header.metric().lucene()));
                doc.add(new NumericDocValuesField(POSITION, i));
                doc.add(new StoredField(LABEL, labels[i]));
                doc.add(new StoredField(CLASS, names.computeIfAbsent(labels[i], classNames::apply)));
                doc.add(new StoredField(SOURCE, sources.apply(i)));
                writer.addDocument(doc);
                if ((i + 1) % 1000 == 0) {
                    progress.accept(i + 1);
                }
            }
            writer.forceMerge(1);   // one graph: a query then walks one graph, not one per segment
            writer.commit();
        }
        IndexManifest manifest = header.withBuild(labels.length, (System.nanoTime() - start) / 1e9);
        manifest.write(partial);
        moveIntoPlace(partial, absolute);
        progress.accept(labels.length);
        return manifest;
    }

    private static IndexWriterConfig writerConfig(HnswSettings hnsw) {
        KnnVectorsFormat format = new Lucene99HnswVectorsFormat(hnsw.maxConnections(), hnsw.beamWidth());
        IndexWriterConfig config = new IndexWriterConfig();
        config.setCodec(new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        });
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        config.setUseCompoundFile(false);
        // one large in-memory segment: the graph is built once while adding, not again by merges
        config.setRAMPerThreadHardLimitMB(1900);
        config.setRAMBufferSizeMB(1900);
        config.setCommitOnClose(false);
        return config;
    }

    private static void moveIntoPlace(Path partial, Path target) throws IOException {
        Path replaced = null;
        if (Files.exists(target)) {
            replaced = target.resolveSibling(target.getFileName() + ".replaced-" + ProcessHandle.current().pid());
            Folders.deleteTree(replaced);
            Files.move(target, replaced, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + partial + " to " + target + " atomically", e);
        }
        if (replaced != null) {
            Folders.deleteTree(replaced);
        }
    }

    /**
     * Opens the index in {@code dir}.
     *
     * @throws JdmlConfigurationException when there is none, when it was left half-written, or when it
     *     cannot be read
     */
    public static VectorIndex open(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        List<Path> partial = partialBuilds(absolute);
        if (!Files.isDirectory(absolute)) {
            if (!partial.isEmpty()) {
                throw new JdmlConfigurationException("The index " + absolute + " was never completed: its build was"
                        + " interrupted (" + partial.get(0).getFileName() + " is what it left); run jdml index again");
            }
            throw new JdmlConfigurationException("No index at " + absolute + ": build one with jdml index RUN"
                    + " --dataset NAME --split gallery|evaluation|training");
        }
        if (!Files.isRegularFile(absolute.resolve(IndexManifest.FILE))) {
            throw new JdmlConfigurationException("The index " + absolute + " is incomplete (it has no "
                    + IndexManifest.FILE + ", which a build writes last): it was left half-written; run jdml index"
                    + " again");
        }
        IndexManifest manifest = IndexManifest.read(absolute);
        FSDirectory directory = null;
        try {
            directory = FSDirectory.open(absolute);
            DirectoryReader reader = DirectoryReader.open(directory);
            if (reader.numDocs() != manifest.items()) {
                reader.close();
                throw new JdmlConfigurationException("The index " + absolute + " holds " + reader.numDocs()
                        + " items but its manifest says " + manifest.items() + ": run jdml index again");
            }
            return new VectorIndex(absolute, manifest, directory, reader);
        } catch (IOException e) {
            closeQuietly(directory);
            throw new JdmlConfigurationException("The index " + absolute + " cannot be read (" + e.getMessage()
                    + "): run jdml index again");
        }
    }

    private static List<Path> partialBuilds(Path target) {
        List<Path> found = new ArrayList<>();
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return found;
        }
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent,
                target.getFileName() + PARTIAL + "*")) {
            siblings.forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /**
     * Refuses a query model other than the index's.
     *
     * @throws JdmlConfigurationException listing what differs
     */
    public void requireModel(ModelIdentity queryModel) {
        List<String> differences = manifest.model().differences(queryModel);
        if (!differences.isEmpty()) {
            throw new JdmlConfigurationException("The index " + dir + " was built by another model than the one"
                    + " querying it (" + String.join("; ", differences) + "). Its vectors and the query's are not"
                    + " comparable: rebuild the index with jdml index, or query it with the run that built it");
        }
    }

    public IndexManifest manifest() {
        return manifest;
    }

    public Path dir() {
        return dir;
    }

    public int size() {
        return manifest.items();
    }

    public int dimension() {
        return manifest.model().embeddingSize();
    }

    /** The stored vector of the item at {@code position}. */
    public float[] vector(int position) {
        if (position < 0 || position >= docOf.length) {
            throw new JdmlConfigurationException("Item " + position + " is not in the index " + dir + ": it holds"
                    + " items 0.." + (docOf.length - 1));
        }
        try {
            return vectors(new int[] {docOf[position]})[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The k nearest items to {@code query}, nearest first.
     *
     * @param candidates 0 for the graph's order; more re-ranks that many graph candidates exactly
     */
    public List<Hit> search(float[] query, int k, int candidates) {
        if (query.length != dimension()) {
            throw new IllegalArgumentException("A query of " + query.length + " values for an index of "
                    + dimension() + "-d vectors");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, was " + k);
        }
        try {
            int beam = Math.max(k, candidates);
            List<ScoreDoc> found = new ArrayList<>();
            for (LeafReaderContext leaf : reader.leaves()) {
                TopDocs top = leaf.reader().searchNearestVectors(VECTOR, query, beam, null, Integer.MAX_VALUE);
                for (ScoreDoc hit : top.scoreDocs) {
                    found.add(new ScoreDoc(hit.doc + leaf.docBase, hit.score));
                }
            }
            int[] docs = found.stream().mapToInt(d -> d.doc).toArray();
            float[][] vectors = vectors(docs);
            float[] distances = new float[docs.length];
            for (int i = 0; i < docs.length; i++) {
                distances[i] = (float) Math.sqrt(Metric.squaredDistance(query, vectors[i], 0));
            }
            Integer[] order = new Integer[docs.length];
            Arrays.setAll(order, i -> i);
            Comparator<Integer> byGraph = Comparator.<Integer>comparingDouble(i -> -found.get(i).score)
                    .thenComparingInt(i -> positionOf[docs[i]]);
            Comparator<Integer> exact = Comparator.<Integer>comparingDouble(i -> distances[i])
                    .thenComparingInt(i -> positionOf[docs[i]]);
            Arrays.sort(order, candidates > 0 ? exact : byGraph);
            StoredFields stored = reader.storedFields();
            List<Hit> hits = new ArrayList<>(Math.min(k, order.length));
            for (int r = 0; r < Math.min(k, order.length); r++) {
                int i = order[r];
                Document doc = stored.document(docs[i]);
                hits.add(new Hit(positionOf[docs[i]], distances[i], doc.getField(LABEL).numericValue().intValue(),
                        doc.get(CLASS), doc.get(SOURCE)));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + dir, e);
        }
    }

    /** The stored vectors of global doc ids, in the order given. */
    private float[][] vectors(int[] docs) throws IOException {
        float[][] out = new float[docs.length][];
        Integer[] order = new Integer[docs.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> docs[i]));
        List<LeafReaderContext> leaves = reader.leaves();
        int currentLeaf = -1;
        FloatVectorValues values = null;
        for (int i : order) {
            int leafIndex = ReaderUtil.subIndex(docs[i], leaves);
            LeafReaderContext leaf = leaves.get(leafIndex);
            if (leafIndex != currentLeaf) {
                LeafReader leafReader = leaf.reader();
                values = leafReader.getFloatVectorValues(VECTOR);
                currentLeaf = leafIndex;
            }
            int local = docs[i] - leaf.docBase;
            if (values.docID() > local) {   // the same doc twice: iterators only go forward
                values = leaf.reader().getFloatVectorValues(VECTOR);
            }
            if (values.docID() != local && values.advance(local) != local) {
                throw new IOException("document " + docs[i] + " has no vector");
            }
            out[i] = values.vectorValue().clone();
        }
        return out;
    }

    /** Bytes the index takes on disk. */
    public long sizeOnDisk() {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(FSDirectory directory) {
        if (directory != null) {
            try {
                directory.close();
            } catch (IOException ignored) {
                // already failing with a clearer message
            }
        }
    }
}
