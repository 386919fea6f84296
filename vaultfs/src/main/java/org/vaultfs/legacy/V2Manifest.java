package org.vaultfs.legacy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vaultfs.crypt.AesSiv;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.json.StrictFields;

/**
 * The AEROVAULT2 manifest: base64url (no padding) text of AES-256-SIV over JSON
 * {@code {created, modified, description?, entries: [{encrypted_name, size, offset,
 * chunk_count, file_id?, is_dir, modified}]}}, each entry's name itself base64url AES-SIV.
 * Read strictly (repeated members, wrong types, out-of-range numbers and non-canonical
 * base64 refused); unknown members are skipped as serde does, and so are lost on a rewrite,
 * as they are when the reference rewrites the manifest.
 */
record V2Manifest(String created, String modified, String description, List<Entry> entries) {
    private static final StrictFields F = new StrictFields("AEROVAULT2 ");
    /** One entry, its name decrypted. {@code fileId} null selects the legacy chunk AAD. */
    record Entry(String name, long size, long offset, long chunkCount, byte[] fileId, boolean isDir, String modified) {
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxNumberLength(24)
                    .maxStringLength(1 << 20).build())
            .build();
    private static final byte[][] SIV_HEADERS = {new byte[0], new byte[16]};

    /** The JSON of a stored manifest ({@code text}: base64url of the SIV ciphertext). */
    static byte[] open(AesSiv siv, byte[] text, String what) {
        byte[] json = siv.open(SIV_HEADERS, base64url(text, what));
        if (json == null) {
            throw new VaultException(Failure.MANIFEST_AUTH, what + " does not authenticate (damaged, or another vault's)");
        }
        return json;
    }

    static V2Manifest read(byte[] json, AesSiv siv) {
        try (JsonParser p = FACTORY.createParser(json)) {
            F.expect(p.nextToken(), JsonToken.START_OBJECT, "manifest");
            String created = null;
            String modified = null;
            String description = null;
            List<Entry> entries = null;
            Set<String> seen = new HashSet<>();
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                once(seen, name);
                switch (name) {
                    case "created" -> created = F.string(p, t, name);
                    case "modified" -> modified = F.string(p, t, name);
                    case "description" -> {
                        if (t != JsonToken.VALUE_NULL) {
                            description = F.string(p, t, name);
                        }
                    }
                    case "entries" -> entries = entries(p, t, siv);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw F.malformed("trailing data after the manifest");
            }
            if (created == null || modified == null || entries == null) {
                throw F.malformed("manifest lacks created, modified or entries");
            }
            return new V2Manifest(created, modified, description, entries);
        } catch (StreamConstraintsException e) {
            throw new VaultException(Failure.BOUNDS, "AEROVAULT2 manifest exceeds a parser limit: " + e.getOriginalMessage());
        } catch (JsonParseException e) {
            throw F.malformed("manifest JSON is invalid: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw F.malformed("manifest is unreadable: " + e.getMessage());
        }
    }

    private static List<Entry> entries(JsonParser p, JsonToken t, AesSiv siv) throws IOException {
        F.expect(t, JsonToken.START_ARRAY, "entries");
        List<Entry> out = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            F.expect(e, JsonToken.START_OBJECT, "entry");
            String encrypted = null;
            Long size = null;
            Long offset = null;
            Long count = null;
            byte[] fileId = null;
            boolean dir = false;
            String modified = null;
            Set<String> seen = new HashSet<>();
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                once(seen, name);
                switch (name) {
                    case "encrypted_name" -> encrypted = F.string(p, v, name);
                    case "size" -> size = F.number(p, v, name, Long.MAX_VALUE);
                    case "offset" -> offset = F.number(p, v, name, Long.MAX_VALUE);
                    case "chunk_count" -> count = F.number(p, v, name, 0xffffffffL);
                    case "file_id" -> fileId = v == JsonToken.VALUE_NULL ? null : fileId(p, v);
                    case "is_dir" -> dir = F.bool(v, name);
                    case "modified" -> modified = F.string(p, v, name);
                    default -> p.skipChildren(); // "name" included: the decrypted one is the truth
                }
            }
            if (encrypted == null || size == null || offset == null || count == null || modified == null) {
                throw F.malformed("entry lacks a required member");
            }
            out.add(new Entry(name(siv, encrypted), size, offset, count, fileId, dir, modified));
        }
        return out;
    }

    private static String name(AesSiv siv, String encrypted) {
        byte[] plain = siv.open(SIV_HEADERS, base64url(encrypted.getBytes(StandardCharsets.US_ASCII), "entry name"));
        if (plain == null) {
            throw new VaultException(Failure.MANIFEST_AUTH, "an entry name does not authenticate");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(plain)).toString();
        } catch (CharacterCodingException ex) {
            throw F.malformed("an entry name is not UTF-8");
        }
    }

    private static byte[] fileId(JsonParser p, JsonToken t) throws IOException {
        F.expect(t, JsonToken.START_ARRAY, "file_id");
        byte[] id = new byte[16];
        int n = 0;
        JsonToken v;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            if (n == 16) {
                throw F.malformed("file_id has more than 16 bytes");
            }
            id[n++] = (byte) F.number(p, v, "file_id", 255);
        }
        if (n != 16) {
            throw F.malformed("file_id has " + n + " bytes, not 16");
        }
        return id;
    }

    /** Decodes canonical base64url without padding, as the reference's BASE64URL_NOPAD does. */
    static byte[] base64url(byte[] text, String what) {
        for (byte c : text) {
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                throw F.malformed(what + " is not base64url text");
            }
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw F.malformed(what + " is not valid base64url: " + e.getMessage());
        }
        if (!java.util.Arrays.equals(Base64.getUrlEncoder().withoutPadding().encode(raw), text)) {
            throw F.malformed(what + " is not canonical base64url");
        }
        return raw;
    }

    private static void once(Set<String> seen, String name) {
        if (!seen.add(name)) {
            throw F.malformed("manifest repeats the key " + name);
        }
    }

}
