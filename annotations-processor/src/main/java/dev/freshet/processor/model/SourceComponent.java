package dev.freshet.processor.model;

import dev.freshet.api.ValueType;
import javax.lang.model.element.Element;

/**
 * One component of a source record.
 *
 * @param element  the record component
 * @param column   column name (the component's name)
 * @param jsonName JSON member it is read from
 * @param type     its value type, or {@code null} if the component's Java type is not supported
 * @param javaType the component's Java type, for messages
 */
public record SourceComponent(Element element, String column, Located<String> jsonName, ValueType type,
        String javaType) {
}
