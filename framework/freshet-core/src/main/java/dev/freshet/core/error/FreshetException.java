package dev.freshet.core.error;

import java.util.Optional;

/**
 * Something about a feature set that Freshet cannot go on with. The message names the feature set (when there is
 * one), the value at fault and what to do; build instances with {@link FreshetErrors}. {@link #restartCanFix()} says
 * whether running the same job again may succeed (a server that did not answer) or cannot (a definition or setting
 * at fault, an incompatible checkpoint): supervised jobs restart only after the first kind.
 */
public class FreshetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String featureSet;
    private final boolean restartCanFix;

    /** An error about {@code featureSet} ({@code null} if it concerns none in particular) that a restart may fix. */
    public FreshetException(String featureSet, String message, Throwable cause) {
        this(featureSet, message, cause, true);
    }

    /**
     * An error about {@code featureSet} ({@code null} if it concerns none in particular).
     *
     * @param restartCanFix whether running the same job again may succeed
     */
    public FreshetException(String featureSet, String message, Throwable cause, boolean restartCanFix) {
        super(featureSet == null ? message : "feature set \"" + featureSet + "\": " + message, cause);
        this.featureSet = featureSet;
        this.restartCanFix = restartCanFix;
    }

    /**
     * Whether running the same job again may succeed: false when the definition, a setting or the checkpoint is at
     * fault, which only a change by the user fixes.
     */
    public boolean restartCanFix() {
        return restartCanFix;
    }

    /** The feature set concerned, if any. */
    public Optional<String> featureSet() {
        return Optional.ofNullable(featureSet);
    }
}
