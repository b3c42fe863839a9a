package org.jdml.dataset.glyphs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.jdml.api.data.DataException;

/**
 * The rendered images: for each class (character) in order, one image per face that maps it, in
 * face order, less the blank renders and the renders identical to an earlier one of the same
 * character (regional variants of a typeface often share a glyph).
 *
 * @param pixels the images one after the other, {@code size * size} bytes each
 * @param labels the class of each image
 * @param faces the face (its number in the manifest's face list) each image was rendered from
 * @param blank renders dropped because they hold no ink
 * @param duplicates renders dropped because an earlier face gave the same pixels for that character
 */
public record GlyphImages(int size, byte[] pixels, int[] labels, int[] faces, long blank, long duplicates) {

    public int count() {
        return labels.length;
    }

    /** Images of each class, for {@code classes} classes. */
    public int[] perClass(int classes) {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** What to keep of the renders. */
    public record Options(int size, double fill, boolean dropBlank, boolean dropDuplicates, int workers) {}

    /**
     * Renders every character of {@code characters} with every face of {@code faces} that maps it,
     * on {@code options.workers()} threads. The result does not depend on the thread count.
     *
     * @param progress told the number of characters done, now and then
     */
    public static GlyphImages render(int[] characters, List<FontManifest.Face> faces, Options options,
            IntConsumer progress) {
        int threads = Math.max(1, Math.min(options.workers(), characters.length));
        List<byte[]>[] kept = newLists(characters.length);
        List<Integer>[] keptFaces = newLists(characters.length);
        long[] blank = new long[characters.length];
        long[] duplicates = new long[characters.length];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "glyphs-render");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    GlyphRenderer renderer = new GlyphRenderer(options.size(), options.fill());
                    for (int c = next.getAndIncrement(); c < characters.length; c = next.getAndIncrement()) {
                        Set<ByteBuffer> seen = new HashSet<>();
                        for (FontManifest.Face face : faces) {
                            if (!face.font().canDisplay(characters[c])) {
                                continue;
                            }
                            byte[] image = renderer.render(face.font(), characters[c]);
                            if (options.dropBlank() && isBlank(image)) {
                                blank[c]++;
                            } else if (options.dropDuplicates() && !seen.add(ByteBuffer.wrap(image))) {
                                duplicates[c]++;
                            } else {
                                kept[c].add(image);
                                keptFaces[c].add(face.index());
                            }
                        }
                        int finished = done.incrementAndGet();
                        synchronized (progress) {
                            progress.accept(finished);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("Rendering the glyphs was interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw DataException.because("Rendering the glyphs failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return assemble(options.size(), kept, keptFaces, sum(blank), sum(duplicates));
    }

    private static GlyphImages assemble(int size, List<byte[]>[] kept, List<Integer>[] keptFaces, long blank,
            long duplicates) {
        int count = 0;
        for (List<byte[]> images : kept) {
            count += images.size();
        }
        int area = size * size;
        if ((long) count * area > Integer.MAX_VALUE - 16) {
            throw new DataException(count + " glyph images of " + size + "x" + size + " take more than 2 GB:"
                    + " choose a smaller size or fewer characters");
        }
        byte[] pixels = new byte[count * area];
        int[] labels = new int[count];
        int[] faces = new int[count];
        int i = 0;
        for (int c = 0; c < kept.length; c++) {
            for (int k = 0; k < kept[c].size(); k++, i++) {
                System.arraycopy(kept[c].get(k), 0, pixels, i * area, area);
                labels[i] = c;
                faces[i] = keptFaces[c].get(k);
            }
        }
        return new GlyphImages(size, pixels, labels, faces, blank, duplicates);
    }

    static boolean isBlank(byte[] image) {
        for (byte b : image) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T>[] newLists(int n) {
        List<T>[] lists = new List[n];
        for (int i = 0; i < n; i++) {
            lists[i] = new ArrayList<>();
        }
        return lists;
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long v : values) {
            total += v;
        }
        return total;
    }
}
