/**
 * JSON reading shared by the documents vaultfs parses: strict field reads for a streaming
 * parser, and the cursor of the canonical-form fast paths that run before it.
 */
package org.vaultfs.json;
