package org.vaultfs.ecc;

import java.util.Locale;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/** The user-facing overhead levels of SPEC.md §13.3 and their percentages. */
public final class EcLevel {
    public static final int LOW = 7;
    public static final int MEDIUM = 15;
    public static final int QUARTILE = 25;
    public static final int HIGH = 30;

    private EcLevel() {
    }

    /**
     * {@code low|medium|quartile|high}, or a whole percentage (an optional trailing
     * {@code %} is accepted); numbers are clamped to [5, 50] as the reference clamps them.
     */
    public static int parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "low":
                return LOW;
            case "medium":
                return MEDIUM;
            case "quartile":
                return QUARTILE;
            case "high":
                return HIGH;
            default:
                break;
        }
        String digits = s.endsWith("%") ? s.substring(0, s.length() - 1) : s;
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
            throw new VaultException(Failure.INVALID_ARGUMENT,
                    "unknown error-correction level '" + text + "' (expected low, medium, quartile, high or 5-50)");
        }
        return EcGrid.clampPct(Integer.parseInt(digits));
    }
}
