package org.jdml.dataset.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jdml.api.data.DataException;
import org.jdml.dataset.image.ImageItem;

/**
 * A folder with one sub-folder per class, named after the class, holding that class's images
 * ({@code .jpg}, {@code .jpeg}, {@code .png}, {@code .bmp}, {@code .gif}). Hidden entries and files
 * of other types are not images and are left out; files directly in the folder belong to no class.
 */
public final class ImageFolderFormat {

    /** File name endings taken as images (case-insensitive): what ImageIO and the JPEG plugin decode. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    private ImageFolderFormat() {}

    /**
     * @return each class's images, classes sorted by name (whole numbers by value), images by file name
     * @throws DataException when the folder does not exist, has no class folders, or a class folder has no images
     */
    public static SortedMap<String, List<ImageItem>> read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataException("Image folder " + dir.toAbsolutePath() + " does not exist");
        }
        SortedMap<String, List<ImageItem>> classes = new TreeMap<>(org.jdml.dataset.image.ImageDatasets.CLASS_ORDER);
        for (Path classDir : list(dir).stream().filter(Files::isDirectory).toList()) {
            String name = classDir.getFileName().toString();
            List<ImageItem> images = new ArrayList<>();
            for (Path file : list(classDir)) {
                if (Files.isRegularFile(file) && isImage(file)) {
                    images.add(new ImageItem(file, name, "class folder " + name));
                }
            }
            if (images.isEmpty()) {
                throw new DataException("Class folder " + classDir + " holds no images (files ending in "
                        + new java.util.TreeSet<>(EXTENSIONS) + ")");
            }
            classes.put(name, images);
        }
        if (classes.isEmpty()) {
            throw new DataException("Image folder " + dir.toAbsolutePath()
                    + " has no class folders: put each class's images in a sub-folder named after the class");
        }
        return classes;
    }

    static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Entries of {@code dir} sorted by name, hidden ones left out. */
    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw DataException.because("Cannot list " + dir, e);
        }
    }
}
