package org.vaultfs.cli;

import org.vaultfs.metadata.NodeKind;

/** {@code ls -l}'s ten characters: type, then rwx triplets with s/S and t/T; without a mode, the type and dashes. */
final class ModeString {
    private ModeString() {
    }

    static String of(NodeKind kind, int mode) {
        char type = switch (kind) {
            case DIR -> 'd';
            case SYMLINK -> 'l';
            case FIFO -> 'p';
            case CHAR_DEVICE -> 'c';
            case BLOCK_DEVICE -> 'b';
            case FILE -> '-';
        };
        if (mode < 0) {
            return type + "?????????";
        }
        StringBuilder sb = new StringBuilder().append(type);
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            sb.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        special(sb, 3, (mode & 04000) != 0, 's');
        special(sb, 6, (mode & 02000) != 0, 's');
        special(sb, 9, (mode & 01000) != 0, 't');
        return sb.toString();
    }

    private static void special(StringBuilder sb, int at, boolean set, char c) {
        if (set) {
            sb.setCharAt(at, sb.charAt(at) == 'x' ? c : Character.toUpperCase(c));
        }
    }
}
