package dev.freshet.processor.validation;

import static java.util.Objects.requireNonNull;

import dev.freshet.processor.model.Located;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * What one validator found about one subject, in the manner of Dagger's {@code ValidationReport}: every error, each
 * with its {@link Message} and the exact element, annotation and value it is about, and, only when there is no error,
 * the value the validator built from the declaration (a spec, a list of windows, …).
 *
 * <p>Validators build a report with {@link #about}, fold in the reports of the validators they delegate to with
 * {@link Builder#add(ValidationReport)}, and return it; only the processor prints reports, and it decides what to
 * generate from {@link #value()}, never from counting errors. A report may have neither errors nor a value: its
 * subject depends on something reported elsewhere (a feature set whose source has errors).
 *
 * @param <T> the type of the value built from a valid subject
 */
public final class ValidationReport<T> {

    /**
     * One error.
     *
     * @param message    the catalogue entry
     * @param text       the formatted text, with its code
     * @param element    where javac shows it
     * @param annotation the annotation on {@code element}, or {@code null}
     * @param value      the annotation value, or {@code null} to point at the annotation (or the element)
     */
    public record Item(Message message, String text, Element element, AnnotationMirror annotation,
            AnnotationValue value) {
        /** Checks that the message, text and element are present. */
        public Item {
            requireNonNull(message, "message");
            requireNonNull(text, "text");
            requireNonNull(element, "element");
        }
    }

    private final Element subject;
    private final List<Item> items;
    private final List<Item> warnings;
    private final T value;

    private ValidationReport(Element subject, List<Item> items, List<Item> warnings, T value) {
        this.subject = subject;
        this.items = List.copyOf(items);
        this.warnings = List.copyOf(warnings);
        this.value = value;
    }

    /** A builder of the report about {@code subject}. */
    public static <T> Builder<T> about(Element subject) {
        return new Builder<>(subject);
    }

    /** The element the report is about. */
    public Element subject() {
        return subject;
    }

    /** The errors, in the order they were found. */
    public List<Item> items() {
        return items;
    }

    /** The warnings, in the order they were found: risks that do not stop the subject from being generated. */
    public List<Item> warnings() {
        return warnings;
    }

    /** Whether there is no error. */
    public boolean isClean() {
        return items.isEmpty();
    }

    /** The value built from the subject: present only if there is no error and nothing it needs failed elsewhere. */
    public Optional<T> value() {
        return Optional.ofNullable(value);
    }

    /** Reports every error and warning through javac, on its element, annotation and value. */
    public void printTo(Messager messager) {
        for (Item item : items) {
            messager.printMessage(Diagnostic.Kind.ERROR, item.text(), item.element(), item.annotation(), item.value());
        }
        for (Item item : warnings) {
            messager.printMessage(Diagnostic.Kind.WARNING, item.text(), item.element(), item.annotation(),
                    item.value());
        }
    }

    @Override
    public String toString() {
        return "ValidationReport about " + subject + ": " + items.stream().map(Item::text).toList();
    }

    /**
     * Collects the errors about one subject.
     *
     * @param <T> the type of the value built from a valid subject
     */
    public static final class Builder<T> {

        private final Element subject;
        private final List<Item> items = new ArrayList<>();
        private final List<Item> warnings = new ArrayList<>();

        private Builder(Element subject) {
            this.subject = requireNonNull(subject, "subject");
        }

        /** Adds an error about the value {@code at} (its annotation, or its element, when it took its default). */
        public Builder<T> error(Located<?> at, Message message, Object... args) {
            return error(at.element(), at.annotation(), at.source(), message, args);
        }

        /** Adds an error about an element, annotation and value (the last two may be {@code null}). */
        public Builder<T> error(Element element, AnnotationMirror annotation, AnnotationValue value, Message message,
                Object... args) {
            items.add(new Item(message, message.format(args), element, annotation, value));
            return this;
        }

        /** Adds a warning about the value {@code at}: the subject is still valid. */
        public Builder<T> warning(Located<?> at, Message message, Object... args) {
            warnings.add(new Item(message, message.format(args), at.element(), at.annotation(), at.source()));
            return this;
        }

        /** Adds the errors and warnings of {@code report} (about a part of this subject) and gives back its value. */
        public <U> Optional<U> add(ValidationReport<U> report) {
            items.addAll(report.items());
            warnings.addAll(report.warnings());
            return report.value();
        }

        /** Whether an error was added. */
        public boolean hasErrors() {
            return !items.isEmpty();
        }

        /** The report, without a value: the subject is invalid, or depends on something invalid. */
        public ValidationReport<T> build() {
            return new ValidationReport<>(subject, items, warnings, null);
        }

        /** The report, with the value {@code ifClean} computes when there is no error (it is not called otherwise). */
        public ValidationReport<T> build(Supplier<T> ifClean) {
            return new ValidationReport<>(subject, items, warnings,
                    items.isEmpty() ? requireNonNull(ifClean.get()) : null);
        }
    }
}
