/**
 * Gear content-defined chunking (AEROVAULT3 {@code gear-cdc} v1) and keyed chunk ids.
 * Boundaries and ids must match the reference bit for bit: they decide chunk ids, and
 * therefore dedup and cross-opening of containers.
 */
package org.vaultfs.chunking;
