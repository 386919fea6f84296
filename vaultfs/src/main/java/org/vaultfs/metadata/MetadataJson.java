package org.vaultfs.metadata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.json.StrictFields;

/**
 * The metadata payload's plaintext (SPEC.md §20.3): UTF-8 JSON
 * {@code {"nodes":[{"path","type","mode","uid","gid","user"?,"group"?,"mtime":[s,ns],
 * "target"?,"rdev"?:[major,minor],"link"?,"xattrs"?:[{"name","value"}]}]}}. Read strictly within
 * the limits below, each checked before the thing it bounds is kept; unknown members are
 * skipped so a later minor addition does not make old readers drop the whole payload.
 */
public final class MetadataJson {
    private static final StrictFields F = new StrictFields("metadata payload ");
    /**
     * Largest plaintext a reader accepts (checked on the stored length before anything is read)
     * and a writer writes. As large as the manifest's cap: a node takes fewer bytes here than
     * its entry there, so a tree that fits the manifest keeps its metadata (at 64 MiB, a tree of
     * 560,000 small files was sealed with metadata every reader then ignored).
     */
    public static final int MAX_PLAINTEXT = 128 << 20;
    public static final int MAX_TARGET_BYTES = 4095;
    public static final int MAX_XATTRS = 128;
    public static final int MAX_XATTR_NAME_BYTES = 255;
    public static final int MAX_XATTR_VALUE_BYTES = 64 << 10;
    public static final int MAX_XATTR_BYTES_PER_NODE = 1 << 20;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxNumberLength(24)
                    .maxStringLength(1 << 20).build())
            .build();

    private MetadataJson() {
    }

    public static byte[] write(TreeMetadata t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + t.size() * 96);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("nodes");
            for (Map.Entry<String, NodeMetadata> e : t.all().entrySet()) {
                NodeMetadata m = e.getValue();
                g.writeStartObject();
                g.writeStringField("path", e.getKey());
                g.writeStringField("type", m.kind().json());
                g.writeNumberField("mode", m.mode());
                g.writeNumberField("uid", m.uid());
                g.writeNumberField("gid", m.gid());
                if (m.user() != null) {
                    g.writeStringField("user", m.user());
                }
                if (m.group() != null) {
                    g.writeStringField("group", m.group());
                }
                g.writeArrayFieldStart("mtime");
                g.writeNumber(m.mtimeSeconds());
                g.writeNumber(m.mtimeNanos());
                g.writeEndArray();
                if (m.target() != null) {
                    g.writeStringField("target", m.target());
                }
                if (m.kind() == NodeKind.CHAR_DEVICE || m.kind() == NodeKind.BLOCK_DEVICE) {
                    g.writeArrayFieldStart("rdev");
                    g.writeNumber(m.rdevMajor());
                    g.writeNumber(m.rdevMinor());
                    g.writeEndArray();
                }
                if (m.linkGroup() != 0) {
                    g.writeNumberField("link", m.linkGroup());
                }
                if (!m.xattrs().isEmpty()) {
                    g.writeArrayFieldStart("xattrs");
                    for (Xattr x : m.xattrs()) {
                        g.writeStartObject();
                        g.writeStringField("name", x.name());
                        g.writeStringField("value", Base64.getEncoder().encodeToString(x.value()));
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
        return out.toByteArray();
    }

    /**
     * Parses a payload; MALFORMED or BOUNDS naming the first problem. Paths are checked by the caller.
     * What {@link #write} produces takes {@link CanonicalMetadataReader}'s faster path.
     */
    public static TreeMetadata read(byte[] json) {
        if (json.length > MAX_PLAINTEXT) {
            throw new VaultException(Failure.BOUNDS, "metadata payload of " + json.length + " bytes exceeds the "
                    + (MAX_PLAINTEXT >> 20) + " MiB limit");
        }
        TreeMetadata canonical = CanonicalMetadataReader.read(json);
        if (canonical != null) {
            return canonical;
        }
        return readGeneral(json);
    }

    /** The Jackson reader, which decides every payload outside the canonical form. */
    static TreeMetadata readGeneral(byte[] json) {
        TreeMetadata t = TreeMetadata.empty();
        try (JsonParser p = FACTORY.createParser(json)) {
            F.expect(p.nextToken(), JsonToken.START_OBJECT, "metadata");
            boolean sawNodes = false;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                if (!name.equals("nodes")) {
                    p.skipChildren();
                    continue;
                }
                if (sawNodes) {
                    throw F.malformed("repeats nodes");
                }
                sawNodes = true;
                F.expect(v, JsonToken.START_ARRAY, "nodes");
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    F.expect(n, JsonToken.START_OBJECT, "node");
                    node(p, t);
                }
            }
            if (!sawNodes || p.nextToken() != null) {
                throw F.malformed("lacks nodes, or has data after them");
            }
        } catch (JsonProcessingException e) {
            throw F.malformed("is not valid JSON: " + e.getOriginalMessage().replaceAll("\\p{Cntrl}", "?"));
        } catch (IOException e) {
            throw F.malformed("is unreadable: " + String.valueOf(e.getMessage()).replaceAll("\\p{Cntrl}", "?"));
        }
        return t;
    }

    private static void node(JsonParser p, TreeMetadata t) throws IOException {
        String path = null;
        NodeKind kind = null;
        Long mode = null;
        Long uid = null;
        Long gid = null;
        String user = null;
        String group = null;
        long[] mtime = null;
        String target = null;
        long[] rdev = null;
        long link = 0;
        List<Xattr> xattrs = List.of();
        Set<String> seen = new HashSet<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            if (!seen.add(name)) {
                throw F.malformed("node repeats " + shown(name));
            }
            switch (name) {
                case "path" -> path = F.string(p, v, name);
                case "type" -> {
                    kind = NodeKind.ofJson(F.string(p, v, name));
                    if (kind == null) {
                        throw F.malformed("node has an unknown type " + shown(p.getText()));
                    }
                }
                case "mode" -> mode = F.number(p, v, name, 07777);
                case "uid" -> uid = F.number(p, v, name, 0xffffffffL);
                case "gid" -> gid = F.number(p, v, name, 0xffffffffL);
                case "user" -> user = F.string(p, v, name);
                case "group" -> group = F.string(p, v, name);
                case "mtime" -> mtime = pair(p, v, name, -1, 999_999_999);
                case "target" -> {
                    target = F.string(p, v, name);
                    if (target.isEmpty() || target.getBytes(StandardCharsets.UTF_8).length > MAX_TARGET_BYTES
                            || target.indexOf('\0') >= 0) {
                        throw new VaultException(Failure.BOUNDS, "metadata symlink target is empty, holds NUL or exceeds "
                                + MAX_TARGET_BYTES + " bytes");
                    }
                }
                case "rdev" -> rdev = pair(p, v, name, 0xffffffffL, 0xffffffffL);
                case "link" -> link = F.number(p, v, name, Long.MAX_VALUE);
                case "xattrs" -> xattrs = xattrs(p, v);
                default -> p.skipChildren();
            }
        }
        if (path == null || kind == null || mode == null || uid == null || gid == null || mtime == null) {
            throw F.malformed("node lacks path, type, mode, uid, gid or mtime");
        }
        if ((kind == NodeKind.SYMLINK) != (target != null)) {
            throw F.malformed("node " + shown(path) + ": a target belongs to a symlink, and a symlink needs one");
        }
        boolean device = kind == NodeKind.CHAR_DEVICE || kind == NodeKind.BLOCK_DEVICE;
        if (device != (rdev != null)) {
            throw F.malformed("node " + shown(path) + ": rdev belongs to a device node, and a device node needs one");
        }
        if (link != 0 && kind != NodeKind.FILE) {
            throw F.malformed("node " + shown(path) + ": only files are hard-linked");
        }
        if (t.get(path) != null) {
            throw F.malformed("lists " + shown(path) + " twice");
        }
        t.put(path, new NodeMetadata(kind, mode.intValue(), uid, gid, user, group, mtime[0], (int) mtime[1], target,
                rdev == null ? 0 : rdev[0], rdev == null ? 0 : rdev[1], link, xattrs));
    }

    private static List<Xattr> xattrs(JsonParser p, JsonToken v) throws IOException {
        F.expect(v, JsonToken.START_ARRAY, "xattrs");
        List<Xattr> out = new ArrayList<>();
        long total = 0;
        JsonToken x;
        while ((x = p.nextToken()) != JsonToken.END_ARRAY) {
            if (out.size() == MAX_XATTRS) {
                throw new VaultException(Failure.BOUNDS, "metadata node has more than " + MAX_XATTRS + " extended attributes");
            }
            F.expect(x, JsonToken.START_OBJECT, "xattr");
            String name = null;
            byte[] value = null;
            String f;
            while ((f = p.nextFieldName()) != null) {
                JsonToken fv = p.nextToken();
                if (f.equals("name") && name == null) {
                    name = F.string(p, fv, f);
                    int len = name.getBytes(StandardCharsets.UTF_8).length;
                    if (len == 0 || len > MAX_XATTR_NAME_BYTES || name.indexOf('\0') >= 0) {
                        throw new VaultException(Failure.BOUNDS, "metadata xattr name is empty, holds NUL or exceeds "
                                + MAX_XATTR_NAME_BYTES + " bytes");
                    }
                } else if (f.equals("value") && value == null) {
                    String b64 = F.string(p, fv, f);
                    if (b64.length() > (MAX_XATTR_VALUE_BYTES + 2) / 3 * 4) {
                        throw new VaultException(Failure.BOUNDS, "metadata xattr value exceeds " + MAX_XATTR_VALUE_BYTES + " bytes");
                    }
                    try {
                        value = Base64.getDecoder().decode(b64);
                    } catch (IllegalArgumentException e) {
                        throw F.malformed("xattr value is not base64");
                    }
                    if (value.length > MAX_XATTR_VALUE_BYTES) {
                        throw new VaultException(Failure.BOUNDS, "metadata xattr value exceeds " + MAX_XATTR_VALUE_BYTES + " bytes");
                    }
                } else {
                    throw F.malformed("xattr has an unknown or repeated member " + shown(f));
                }
            }
            if (name == null || value == null) {
                throw F.malformed("xattr lacks name or value");
            }
            total += value.length;
            if (total > MAX_XATTR_BYTES_PER_NODE) {
                throw new VaultException(Failure.BOUNDS, "metadata node's xattr values exceed " + MAX_XATTR_BYTES_PER_NODE + " bytes");
            }
            out.add(new Xattr(name, value));
        }
        return out;
    }

    /** Two integers; {@code maxFirst} -1: the first is any signed 64-bit number (seconds before 1970 too). */
    private static long[] pair(JsonParser p, JsonToken v, String what, long maxFirst, long maxSecond) throws IOException {
        F.expect(v, JsonToken.START_ARRAY, what);
        JsonToken first = p.nextToken();
        long a;
        if (maxFirst < 0) {
            if (first != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw F.malformed(what + " is not a 64-bit integer");
            }
            a = p.getLongValue();
        } else {
            a = F.number(p, first, what, maxFirst);
        }
        long b = F.number(p, p.nextToken(), what, maxSecond);
        F.expect(p.nextToken(), JsonToken.END_ARRAY, what);
        return new long[] {a, b};
    }

    /** Untrusted text for a one-line message: quoted, control characters escaped, at most 64 characters. */
    static String shown(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f || c == '"' || c == '\\' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append(s.length() > 64 ? "...\"" : "\"").toString();
    }

}
