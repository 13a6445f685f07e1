package dev.freshet.processor.model;

import dev.freshet.api.AggregateFunction;

/**
 * One {@code @Aggregate} as written.
 *
 * @param function the function (with the value to point errors at)
 * @param column   the input column
 * @param alias    the alias, empty for none
 */
public record AggregateDeclaration(Located<AggregateFunction> function, Located<String> column,
        Located<String> alias) {
}
