package org.jdml.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;

/** Saves and restores a {@link Random}'s exact position, for {@link Checkpointable} components. */
@Experimental("a helper for Checkpointable state (Java serialisation); may move to a support module")
public final class RandomState {

    private RandomState() {}

    public static void write(DataOutputStream out, Random random) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
            objects.writeObject(random);
        }
        out.writeInt(bytes.size());
        bytes.writeTo(out);
    }

    /** Reads a random source written by {@link #write}. */
    public static Random read(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (Random) objects.readObject();
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IOException("checkpoint holds no java.util.Random where one was expected", e);
        }
    }
}
