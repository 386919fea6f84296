/**
 * What a POSIX tree holds beyond names, sizes and contents (modes, owners, nanosecond times,
 * symlinks, hard links, FIFOs, device nodes, extended attributes), the vaultfs metadata
 * extension that carries it inside an AEROVAULT3 vault (SPEC.md §20), and reading it off a
 * source tree. Knows nothing of the container: the container seals and places the payload.
 */
package org.vaultfs.metadata;
