package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link dev.freshet.api.FeatureSetMetadata} says about a feature set; empty strings where nothing was said.
 *
 * @param owner       team or person who answers for the feature set
 * @param description what the features mean
 * @param displayName name for display
 * @param tags        words to find the feature set by, in declaration order, each once; empty for none
 */
public record MetadataSpec(String owner, String description, String displayName, List<String> tags)
        implements Serializable {

    /** Metadata that says nothing. */
    public static final MetadataSpec NONE = new MetadataSpec("", "", "");

    /** Metadata without tags. */
    public MetadataSpec(String owner, String description, String displayName) {
        this(owner, description, displayName, List.of());
    }

    /** Checks that every part is present (possibly empty), that no tag is listed twice, and copies the tags. */
    public MetadataSpec {
        requireNonNull(owner, "owner");
        requireNonNull(description, "description");
        requireNonNull(displayName, "displayName");
        tags = List.copyOf(tags);
        Set<String> seen = new HashSet<>();
        for (String tag : tags) {
            if (!seen.add(tag)) {
                throw new IllegalArgumentException("tag \"" + tag + "\" is listed twice: list each tag once");
            }
        }
    }
}
