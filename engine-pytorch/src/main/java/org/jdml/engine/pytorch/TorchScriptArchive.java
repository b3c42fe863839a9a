package org.jdml.engine.pytorch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A TorchScript module file written without Python: the zip archive {@code torch.jit.save} writes for
 * a module that has methods but no parameters, with its code as the TorchScript source the engine
 * compiles when it loads the archive. Only what such a module needs is written: the format version,
 * the pickled module object (a class with its {@code training} flag) and an empty constants table.
 */
final class TorchScriptArchive {

    /** The serialisation format's version; the engine reads this and every later one. */
    private static final String FORMAT_VERSION = "3";

    private TorchScriptArchive() {}

    /**
     * The archive of a module of class {@code className} (in the {@code __torch__} namespace) whose
     * code is {@code source}.
     */
    static byte[] of(String archiveName, String className, String source) {
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("data.pkl", modulePickle(className));
        records.put("code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
        records.put("constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // an empty tuple
        records.put("version", FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> record : records.entrySet()) {
                // stored, not deflated, as torch.jit.save writes them
                ZipEntry entry = new ZipEntry(archiveName + "/" + record.getKey());
                byte[] data = record.getValue();
                CRC32 crc = new CRC32();
                crc.update(data);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(data.length);
                entry.setCompressedSize(data.length);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(data);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Pickle protocol 2 of {@code __torch__.<className>()} with the state {@code {"training": True}}:
     * the object the engine rebuilds as the module.
     */
    private static byte[] modulePickle(String className) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80); // PROTO 2
        out.write(2);
        writeAscii(out, "c__torch__\n" + className + "\n"); // GLOBAL
        out.write(')'); // EMPTY_TUPLE
        out.write(0x81); // NEWOBJ
        out.write('}'); // EMPTY_DICT
        out.write('('); // MARK
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        out.write('X'); // BINUNICODE, length little-endian
        out.write(key.length);
        out.write(0);
        out.write(0);
        out.write(0);
        out.writeBytes(key);
        out.write(0x88); // NEWTRUE
        out.write('u'); // SETITEMS
        out.write('b'); // BUILD
        out.write('.'); // STOP
        return out.toByteArray();
    }

    private static void writeAscii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
