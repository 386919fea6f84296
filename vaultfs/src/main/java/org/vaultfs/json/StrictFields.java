package org.vaultfs.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Strict reads of one JSON value for a streaming parser: the wrong type, or a number outside
 * 0..max, is {@code malformed}, with the document's name in front of the message. One instance
 * per document kind (the AEROVAULT2 manifest, the metadata payload).
 */
public final class StrictFields {
    private final String document;

    /** {@code document}: how messages name the document, e.g. "AEROVAULT2 ". */
    public StrictFields(String document) {
        this.document = document;
    }

    public void expect(JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw malformed(what + " has the wrong JSON type");
        }
    }

    public String string(JsonParser p, JsonToken t, String what) throws IOException {
        expect(t, JsonToken.VALUE_STRING, what);
        return p.getText();
    }

    public boolean bool(JsonToken t, String what) {
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw malformed(what + " is not a boolean");
        }
        return t == JsonToken.VALUE_TRUE;
    }

    /** An integer in 0..{@code max}. */
    public long number(JsonParser p, JsonToken t, String what, long max) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw malformed(what + " is not an integer");
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < 0 || p.getLongValue() > max) {
            throw malformed(what + " is out of range");
        }
        return p.getLongValue();
    }

    public VaultException malformed(String msg) {
        return new VaultException(Failure.MALFORMED, document + msg);
    }
}
