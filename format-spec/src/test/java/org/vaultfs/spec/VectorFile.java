package org.vaultfs.spec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One file of testdata/vectors in the format of testdata/vectors/README.md: {@code key: value} header lines, a
 * blank line, then either a base64 vault payload (vault vectors) or blank-line separated
 * records of {@code key: value} lines (primitive vectors). Renders and parses; the parser is
 * strict about the layout so that a hand edit that breaks the format fails loudly.
 */
public final class VectorFile {
    public final String name;
    public final LinkedHashMap<String, String> header = new LinkedHashMap<>();
    /** Vault payload, or null (primitive vector, or payload-file reference). */
    public byte[] payload;
    public final List<LinkedHashMap<String, String>> records = new ArrayList<>();

    public VectorFile(String name) {
        this.name = name;
    }

    public VectorFile put(String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(name + ": header value of " + key + " spans lines");
        }
        header.put(key, value);
        return this;
    }

    public LinkedHashMap<String, String> record() {
        LinkedHashMap<String, String> r = new LinkedHashMap<>();
        records.add(r);
        return r;
    }

    public String get(String key) {
        return header.get(key);
    }

    public boolean isVault() {
        return name.startsWith("vault-");
    }

    public byte[] render() {
        StringBuilder sb = new StringBuilder();
        header.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        sb.append('\n');
        if (payload != null) {
            // RFC 4648 standard alphabet with padding, 76 characters per line, final LF (testdata/vectors/README.md).
            sb.append(Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(payload)).append('\n');
        }
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                sb.append('\n');
            }
            records.get(i).forEach((k, v) -> {
                if (v.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException(name + ": record value of " + k + " spans lines");
                }
                sb.append(k).append(": ").append(v).append('\n');
            });
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static VectorFile parse(String name, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(name + ": CR in a vector file (LF line endings only)");
        }
        VectorFile f = new VectorFile(name);
        String[] lines = text.split("\n", -1);
        int i = 0;
        for (; i < lines.length && !lines[i].isEmpty(); i++) {
            String[] kv = keyValue(name, lines[i]);
            f.header.put(kv[0], kv[1]);
        }
        if (i >= lines.length) {
            throw new IllegalArgumentException(name + ": no blank line after the header");
        }
        i++;
        if (f.isVault()) {
            StringBuilder b64 = new StringBuilder();
            for (; i < lines.length; i++) {
                b64.append(lines[i]);
            }
            f.payload = b64.length() == 0 ? null : Base64.getDecoder().decode(b64.toString());
            return f;
        }
        LinkedHashMap<String, String> current = null;
        for (; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                current = null;
                continue;
            }
            if (current == null) {
                current = f.record();
            }
            String[] kv = keyValue(name, lines[i]);
            current.put(kv[0], kv[1]);
        }
        return f;
    }

    private static String[] keyValue(String name, String line) {
        int c = line.indexOf(": ");
        int bare = line.endsWith(":") ? line.length() - 1 : -1;
        if (c <= 0 && bare <= 0) {
            throw new IllegalArgumentException(name + ": not a 'key: value' line: " + line);
        }
        if (c <= 0 || (bare > 0 && bare < c)) {
            return new String[] {line.substring(0, bare), ""};
        }
        return new String[] {line.substring(0, c), line.substring(c + 2)};
    }

    public Map<String, String> headerView() {
        return java.util.Collections.unmodifiableMap(header);
    }
}
