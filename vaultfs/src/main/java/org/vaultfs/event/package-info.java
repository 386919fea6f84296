/**
 * Events the library reports instead of printing: repairs, unreadable blocks, failed
 * requests. Sits beside {@code error} at the bottom of the dependency order.
 */
package org.vaultfs.event;
