package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JdkGhashTest {
    @Test
    void intrinsicPathIsActiveUnderTheProjectsJvmOptions() {
        // The build opens com.sun.crypto.provider; if this fails, GCM-SIV silently fell back
        // to the portable tables (still correct, several times slower).
        assertTrue(JdkGhash.available(), "JDK GHASH not reachable: check --add-opens java.base/com.sun.crypto.provider");
    }
}
