package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;
import java.io.Serializable;

/**
 * What {@link dev.freshet.api.FeatureSetMetadata} says about a feature set; empty strings where nothing was said.
 *
 * @param owner       team or person who answers for the feature set
 * @param description what the features mean
 * @param displayName name for display
 */
public record MetadataSpec(String owner, String description, String displayName) implements Serializable {

    /** Metadata that says nothing. */
    public static final MetadataSpec NONE = new MetadataSpec("", "", "");

    /** Checks that every part is present (possibly empty). */
    public MetadataSpec {
        requireNonNull(owner, "owner");
        requireNonNull(description, "description");
        requireNonNull(displayName, "displayName");
    }
}
