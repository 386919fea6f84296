package org.vaultfs.metadata;

/** One extended attribute: its full name ({@code user.mime_type}) and value bytes. */
public record Xattr(String name, byte[] value) {
}
