package org.vaultfs.cli;

/** Named compression presets; the library derives wider CDC bounds from high levels itself. */
enum Profile {
    fast(3), balanced(9), archive(19);

    final int level;

    Profile(int level) {
        this.level = level;
    }
}
