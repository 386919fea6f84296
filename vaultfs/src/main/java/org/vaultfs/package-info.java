/** vaultfs: an implementation of the AeroVault AEROVAULT3 container format. */
package org.vaultfs;
