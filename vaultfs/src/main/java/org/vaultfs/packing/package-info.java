/** Small-file packing: files under 256 KiB are concatenated so chunking and compression see a wide stream. */
package org.vaultfs.packing;
