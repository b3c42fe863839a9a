package org.jdml.retrieval;

import java.util.ArrayList;
import java.util.List;

/**
 * The model that made an index's vectors: only queries embedded by the same model are comparable.
 *
 * @param run the run folder's name
 * @param checkpoint the checkpoint file the parameters came from
 * @param checkpointSha256 the checkpoint's content hash (a run trained on, or a folder reused, changes it)
 * @param embeddingSize the width of every vector
 * @param normalised whether the embeddings are L2-normalised
 */
public record ModelIdentity(String run, String checkpoint, String checkpointSha256, int embeddingSize,
        boolean normalised) {

    /** What differs from {@code other}, one phrase each ("checkpoint: ckpt-10.bin here, ckpt-20.bin there"). */
    public List<String> differences(ModelIdentity other) {
        List<String> out = new ArrayList<>();
        differ(out, "run", run, other.run);
        differ(out, "checkpoint", checkpoint, other.checkpoint);
        if (checkpoint.equals(other.checkpoint)) {
            differ(out, "checkpoint content (SHA-256)", shortHash(checkpointSha256), shortHash(other.checkpointSha256));
        }
        differ(out, "embedding size", Integer.toString(embeddingSize), Integer.toString(other.embeddingSize));
        differ(out, "normalisation", normalised ? "L2" : "none", other.normalised ? "L2" : "none");
        return out;
    }

    private static void differ(List<String> out, String what, String index, String model) {
        if (!index.equals(model)) {
            out.add(what + ": " + index + " in the index, " + model + " for the query model");
        }
    }

    private static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }

    /** "run fmnist-a, checkpoint ckpt-00000292.bin, 64-d, L2-normalised". */
    public String describe() {
        return "run " + run + ", checkpoint " + checkpoint + ", " + embeddingSize + "-d, "
                + (normalised ? "L2-normalised" : "not normalised");
    }
}
