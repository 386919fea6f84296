/** Strict field reads shared by the JSON documents vaultfs parses with a streaming parser. */
package org.vaultfs.json;
