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
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The checkpoints of a run folder: {@code checkpoint-<iteration>.ckpt}, each written to a temporary
 * file in the same folder, forced to disk and renamed atomically, so that a crash leaves either the
 * old set or the new one. Only the newest {@code keep} are kept.
 *
 * <p>A file is a magic header and named sections, each length-prefixed, so a component that reads
 * more or less than it wrote is caught at its own section, and ends with a CRC-32C of everything
 * before it, checked before anything is read: a truncated or damaged file is never half-loaded.
 * {@link #latestIntact} passes over such files to the newest good one; {@link #removeLeftovers}
 * deletes the temporary file a crash in the middle of a write leaves behind.
 */
public final class CheckpointStore {

    private static final String MAGIC = "JDMLCKPT";
    /** 2 added the checksum; format 1 files (no checksum) are still read. */
    private static final int FORMAT = 2;
    private static final String TEMP_PREFIX = ".checkpoint-";
    private static final String TEMP_SUFFIX = ".tmp";
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
        Path temp = dir.resolve(TEMP_PREFIX + iteration + "-" + System.nanoTime() + TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE_NEW)) {
                OutputStream stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                CRC32C crc = new CRC32C();
                DataOutputStream out = new DataOutputStream(new CheckedOutputStream(stream, crc));
                out.writeBytes(MAGIC);
                out.writeInt(FORMAT);
                out.writeLong(iteration);
                body.write(new Sections(out));
                out.writeUTF("end");
                out.flush();
                new DataOutputStream(stream).writeLong(crc.getValue());
                stream.flush();
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

    /** The newest checkpoint, if any, intact or not. */
    public Optional<Path> latest() throws IOException {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * The newest checkpoint that passes {@link #verify}; every newer one that does not is reported to
     * {@code skipped} with the reason.
     */
    public Optional<Path> latestIntact(java.util.function.BiConsumer<Path, String> skipped) throws IOException {
        List<Path> all = list();
        for (int i = all.size() - 1; i >= 0; i--) {
            Optional<String> problem = verify(all.get(i));
            if (problem.isEmpty()) {
                return Optional.of(all.get(i));
            }
            skipped.accept(all.get(i), problem.get());
        }
        return Optional.empty();
    }

    /**
     * Deletes the temporary files that writes interrupted by a crash left in the folder.
     *
     * @return the files deleted
     */
    public List<Path> removeLeftovers() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> leftovers;
        try (Stream<Path> files = Files.list(dir)) {
            leftovers = files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX);
            }).sorted().toList();
        }
        for (Path p : leftovers) {
            Files.deleteIfExists(p);
        }
        return leftovers;
    }

    /**
     * Checks a checkpoint's header, length and checksum without interpreting its sections.
     *
     * @return what is wrong with it, or empty when it is intact
     */
    public static Optional<String> verify(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int header = MAGIC.length() + Integer.BYTES + Long.BYTES;
            if (size < header) {
                return Optional.of("truncated (" + size + " bytes, shorter than the header)");
            }
            InputStream raw = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
            DataInputStream in = new DataInputStream(raw);
            byte[] magic = new byte[MAGIC.length()];
            in.readFully(magic);
            if (!MAGIC.equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))) {
                return Optional.of("not a jdml checkpoint");
            }
            int format = in.readInt();
            if (format == 1) {
                return Optional.empty(); // written before checksums: nothing to verify against
            }
            if (format != FORMAT) {
                return Optional.of("checkpoint format " + format + "; this jdml reads 1 and " + FORMAT);
            }
            if (size < header + Long.BYTES) {
                return Optional.of("truncated (no checksum)");
            }
            CRC32C crc = new CRC32C();
            crc.update(magic);
            crc.update(java.nio.ByteBuffer.allocate(Integer.BYTES).putInt(format).array());
            long remaining = size - MAGIC.length() - Integer.BYTES - Long.BYTES;
            byte[] buffer = new byte[1 << 16];
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    return Optional.of("truncated");
                }
                crc.update(buffer, 0, n);
                remaining -= n;
            }
            long stored = in.readLong();
            if (stored != crc.getValue()) {
                return Optional.of("damaged or truncated (checksum " + Long.toHexString(crc.getValue())
                        + " does not match the stored " + Long.toHexString(stored) + ")");
            }
            return Optional.empty();
        } catch (java.io.EOFException e) {
            return Optional.of("truncated");
        } catch (IOException e) {
            return Optional.of("unreadable: " + e.getMessage());
        }
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
        Optional<String> problem = verify(file);
        if (problem.isPresent()) {
            throw new CheckpointException(file + " is " + problem.get());
        }
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            byte[] magic = new byte[MAGIC.length()];
            in.readFully(magic);
            if (!MAGIC.equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))) {
                throw new CheckpointException(file + " is not a jdml checkpoint");
            }
            in.readInt(); // the format, checked by verify
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
