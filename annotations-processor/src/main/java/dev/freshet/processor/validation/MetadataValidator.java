package dev.freshet.processor.validation;

import dev.freshet.api.spec.MetadataSpec;
import dev.freshet.processor.model.FeatureSetDeclaration;
import dev.freshet.processor.model.Located;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a feature set's {@code @FeatureSetMetadata}: each tag is a lower-case word of letters, digits and hyphens,
 * starting with a letter, at most {@value #MAX_TAG_LENGTH} characters ({@link Message#TAG_INVALID}), and listed once
 * ({@link Message#TAG_DUPLICATE}, on the second). Owner, description and display name are free text.
 */
public final class MetadataValidator {

    /** The longest tag allowed. */
    public static final int MAX_TAG_LENGTH = 40;

    /** A validator of metadata. */
    public MetadataValidator() {}

    /** What is wrong with the metadata of {@code declaration}; its spec if nothing is. */
    public ValidationReport<MetadataSpec> validate(FeatureSetDeclaration declaration) {
        ValidationReport.Builder<MetadataSpec> report = ValidationReport.about(declaration.element());
        Set<String> seen = new HashSet<>();
        List<String> tags = new ArrayList<>();
        for (Located<String> tag : declaration.tags()) {
            Optional<String> problem = problem(tag.value());
            if (problem.isPresent()) {
                report.error(tag, Message.TAG_INVALID, tag.value(), problem.get(), suggest(tag.value()));
            } else if (!seen.add(tag.value())) {
                report.error(tag, Message.TAG_DUPLICATE, tag.value());
            } else {
                tags.add(tag.value());
            }
        }
        return report.build(() -> new MetadataSpec(declaration.owner(), declaration.description(),
                declaration.displayName(), tags));
    }

    /** What breaks the tag rule in {@code tag}, as a phrase such as {@code is empty}; empty if nothing. */
    static Optional<String> problem(String tag) {
        if (tag.isEmpty()) {
            return Optional.of("is empty");
        }
        if (tag.length() > MAX_TAG_LENGTH) {
            return Optional.of("has " + tag.length() + " characters; at most " + MAX_TAG_LENGTH + " are allowed");
        }
        char first = tag.charAt(0);
        if (first < 'a' || first > 'z') {
            return Optional.of("starts with '" + first + "'; a tag starts with a lower-case letter");
        }
        for (int i = 1; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return Optional.of("contains '" + c + "' at index " + i
                        + "; only lower-case letters, digits and hyphens are allowed");
            }
        }
        return Optional.empty();
    }

    /** A valid tag close to {@code tag}: lower case, other characters as hyphens, trimmed to the maximum length. */
    static String suggest(String tag) {
        String lower = tag.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^[^a-z]+", "")
                .replaceAll("-+$", "");
        if (lower.length() > MAX_TAG_LENGTH) {
            lower = lower.substring(0, MAX_TAG_LENGTH).replaceAll("-+$", "");
        }
        return lower.isEmpty() ? "payments" : lower;
    }
}
