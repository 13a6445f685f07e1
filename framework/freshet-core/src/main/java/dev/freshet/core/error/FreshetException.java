package dev.freshet.core.error;

import java.util.Optional;

/**
 * Something about a feature set that Freshet cannot go on with. The message names the feature set (when there is
 * one), the value at fault and what to do; build instances with {@link FreshetErrors}.
 */
public class FreshetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String featureSet;

    /** An error about {@code featureSet} ({@code null} if it concerns none in particular). */
    public FreshetException(String featureSet, String message, Throwable cause) {
        super(featureSet == null ? message : "feature set \"" + featureSet + "\": " + message, cause);
        this.featureSet = featureSet;
    }

    /** The feature set concerned, if any. */
    public Optional<String> featureSet() {
        return Optional.ofNullable(featureSet);
    }
}
