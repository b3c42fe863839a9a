package org.jdml.runner.checkpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of a run folder: {@code checkpoint-<iteration>.ckpt}, each written to a temporary
 * file in the same folder, forced to disk and renamed atomically, so that a crash leaves either the
 * old set or the new one. Only the newest {@code keep} are kept.
 *
 * <p>A file is a magic header and named sections, each length-prefixed, so a component that reads
 * more or less than it wrote is caught at its own section.
 */
public final class CheckpointStore {

    private static final String MAGIC = "JDMLCKPT";
    private static final int FORMAT = 1;
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.ckpt");

    private final Path dir;
    private final int keep;

    /** Writes the sections of one checkpoint. */
    @FunctionalInterface
    public interface Body {
        void write(Sections out) throws IOException;
    }

    /** Writes one section's content. */
    @FunctionalInterface
    public interface SectionWriter {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads one section's content. */
    @FunctionalInterface
    public interface SectionReader {
        void read(DataInputStream in) throws IOException;
    }

    public CheckpointStore(Path dir, int keep) {
        this.dir = dir;
        this.keep = keep;
    }

    public Path dir() {
        return dir;
    }

    /** The file a checkpoint after {@code iteration} iterations is written to. */
    public Path fileFor(long iteration) {
        return dir.resolve(String.format(Locale.ROOT, "checkpoint-%08d.ckpt", iteration));
    }

    /**
     * Writes a checkpoint atomically and deletes all but the newest {@code keep}.
     *
     * @return the file written
     */
    public Path write(long iteration, Body body) throws IOException {
        Files.createDirectories(dir);
        Path target = fileFor(iteration);
        Path temp = dir.resolve(".checkpoint-" + iteration + "-" + System.nanoTime() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE_NEW)) {
                OutputStream stream = Channels.newOutputStream(channel);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
                out.writeBytes(MAGIC);
                out.writeInt(FORMAT);
                out.writeLong(iteration);
                body.write(new Sections(out));
                out.writeUTF("end");
                out.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory();
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            Files.deleteIfExists(all.get(i));
        }
        return target;
    }

    /** Makes the rename durable (a no-op where directories cannot be opened). */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // some platforms cannot open a folder; the rename itself is still atomic
        }
    }

    /** Every checkpoint, oldest first. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted((a, b) -> Long.compare(iterationOf(a), iterationOf(b))).toList();
        }
    }

    /** The newest checkpoint, if any. */
    public Optional<Path> latest() throws IOException {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The iteration in a checkpoint's file name. */
    public static long iterationOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(file + " is not a checkpoint file");
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Opens a checkpoint, checks its header and hands its sections to {@code body}.
     *
     * @return the iteration the checkpoint was written after
     */
    public static long read(Path file, ReadBody body) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            byte[] magic = new byte[MAGIC.length()];
            in.readFully(magic);
            if (!MAGIC.equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))) {
                throw new CheckpointException(file + " is not a jdml checkpoint");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new CheckpointException(file + " has checkpoint format " + format + "; this jdml reads " + FORMAT);
            }
            long iteration = in.readLong();
            SectionsIn sections = new SectionsIn(in, file);
            body.read(sections);
            String end = sections.ended ? "end" : in.readUTF();
            if (!end.equals("end")) {
                throw new CheckpointException(file + " has unexpected content after its last section");
            }
            return iteration;
        } catch (java.io.EOFException e) {
            throw new CheckpointException(file + " is truncated", e);
        }
    }

    /** Reads the sections of one checkpoint. */
    @FunctionalInterface
    public interface ReadBody {
        void read(SectionsIn in) throws IOException;
    }

    /** Named, length-prefixed sections being written. */
    public static final class Sections {
        private final DataOutputStream out;

        Sections(DataOutputStream out) {
            this.out = out;
        }

        public void section(String name, SectionWriter writer) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream section = new DataOutputStream(bytes)) {
                writer.write(section);
            }
            out.writeUTF(name);
            out.writeLong(bytes.size());
            bytes.writeTo(out);
        }
    }

    /** Named sections being read, in the order they were written. */
    public static final class SectionsIn {
        private final DataInputStream in;
        private final Path file;
        private boolean ended;

        SectionsIn(DataInputStream in, Path file) {
            this.in = in;
            this.file = file;
        }

        /** Skips the sections not read yet (a reader that needs only the model, say). */
        public void skipRest() throws IOException {
            while (!ended) {
                String name = in.readUTF();
                if (name.equals("end")) {
                    ended = true;
                } else {
                    in.skipNBytes(in.readLong());
                }
            }
        }

        /** Reads section {@code name}; the reader must consume it exactly. */
        public void section(String name, SectionReader reader) throws IOException {
            String found = in.readUTF();
            if (!found.equals(name)) {
                throw new CheckpointException(file + ": expected section '" + name + "' but found '" + found + "'");
            }
            long length = in.readLong();
            byte[] bytes = new byte[Math.toIntExact(length)];
            in.readFully(bytes);
            ByteArrayInputStream source = new ByteArrayInputStream(bytes);
            try (DataInputStream section = new DataInputStream(source)) {
                reader.read(section);
                if (source.available() > 0) {
                    throw new CheckpointException(file + ": section '" + name + "' has " + source.available()
                            + " bytes its reader did not consume (was the component's version changed?)");
                }
            } catch (java.io.EOFException e) {
                throw new CheckpointException(file + ": section '" + name + "' is shorter than its reader expects"
                        + " (was the component's version changed?)", e);
            }
        }
    }
}
