package org.jdml.runner.retrieval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jdml.retrieval.ModelIdentity;
import org.jdml.runner.train.RunFolder;
import org.jdml.runner.train.TrainedModel;

/** The identity of a run's restored model, as an index records it. */
final class RunModel {

    private RunModel() {}

    static ModelIdentity identity(RunFolder folder, TrainedModel model) {
        return new ModelIdentity(folder.name(), model.checkpoint().getFileName().toString(), sha256(model.checkpoint()),
                model.settings().model().embeddingSize(), model.settings().model().normalize());
    }

    /** The run's index folder when none is named: {@code <run>/index}. */
    static Path defaultIndex(RunFolder folder) {
        return folder.dir().resolve("index");
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
