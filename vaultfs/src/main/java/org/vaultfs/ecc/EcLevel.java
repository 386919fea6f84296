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
    /** {@code none}: no parity. */
    public static final int NONE = 0;

    private EcLevel() {
    }

    /**
     * {@code none} ({@link #NONE}), {@code low|medium|quartile|high}, or a whole percentage from
     * 5 to 50 (an optional trailing {@code %} is accepted). The reference clamps numbers outside
     * that range; a user who typed 80 meant something this cannot give, so it is refused.
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
            case "none":
                return NONE;
            default:
                break;
        }
        String digits = s.endsWith("%") ? s.substring(0, s.length() - 1) : s;
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
            throw new VaultException(Failure.INVALID_ARGUMENT,
                    "unknown error-correction level '" + text + "' (expected none, low, medium, quartile, high or 5-50)");
        }
        int pct = Integer.parseInt(digits);
        if (pct < EcGrid.MIN_PCT || pct > EcGrid.MAX_PCT) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "error-correction level " + pct + "% is outside "
                    + EcGrid.MIN_PCT + "-" + EcGrid.MAX_PCT + " (or use none, low, medium, quartile, high)");
        }
        return pct;
    }
}
