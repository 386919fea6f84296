package org.vaultfs.legacy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.vaultfs.crypt.AesSiv;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Writes the AEROVAULT2 manifest as the reference's serde does: compact JSON with members in
 * declaration order ({@code created, modified, description?, entries}; per entry
 * {@code encrypted_name, size, offset, chunk_count, file_id?, is_dir, modified}), each name
 * sealed with AES-SIV and base64url-encoded, the whole document sealed the same way.
 */
final class V2ManifestWriter {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final byte[][] SIV_HEADERS = {new byte[0], new byte[16]};

    /** One entry to write; {@code fileId} null for a directory or a version-2 vault's file. */
    record Row(String name, long size, long offset, long chunkCount, byte[] fileId, boolean dir, String modified) {
    }

    private V2ManifestWriter() {
    }

    /** The stored manifest text (base64url of the sealed JSON), refused if the reference could not read it back. */
    static byte[] seal(AesSiv siv, String created, String modified, String description, List<Row> rows) {
        byte[] json = json(siv, created, modified, description, rows);
        try {
            // base64url grows the SIV output (json + 16) by 4/3: refuse before sealing what no reader accepts.
            long textLen = ((json.length + 16L) * 4 + 2) / 3;
            if (textLen > V2Reader.MAX_MANIFEST) {
                throw new VaultException(Failure.BOUNDS, "the AEROVAULT2 manifest would take " + textLen
                        + " bytes, past the format's 64 MiB limit (too many entries for this lineage)");
            }
            return Base64.getUrlEncoder().withoutPadding().encode(siv.seal(SIV_HEADERS, json));
        } finally {
            Wipe.zero(json);
        }
    }

    private static byte[] json(AesSiv siv, String created, String modified, String description, List<Row> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + rows.size() * 160);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("created", created);
            g.writeStringField("modified", modified);
            if (description != null) {
                g.writeStringField("description", description);
            }
            g.writeArrayFieldStart("entries");
            for (Row r : rows) {
                g.writeStartObject();
                g.writeStringField("encrypted_name", Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(siv.seal(SIV_HEADERS, r.name().getBytes(StandardCharsets.UTF_8))));
                g.writeNumberField("size", r.size());
                g.writeNumberField("offset", r.offset());
                g.writeNumberField("chunk_count", r.chunkCount());
                if (r.fileId() != null) {
                    g.writeArrayFieldStart("file_id");
                    for (byte b : r.fileId()) {
                        g.writeNumber(b & 0xff);
                    }
                    g.writeEndArray();
                }
                g.writeBooleanField("is_dir", r.dir());
                g.writeStringField("modified", r.modified());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
        return out.toByteArray();
    }
}
