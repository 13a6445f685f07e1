package dev.freshet.processor;

import dev.freshet.processor.validation.Message;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.annotation.Annotation;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * One annotation's share of the processing, in the manner of google/auto's {@code BasicAnnotationProcessor.Step}:
 * the processor hands it, each round, the elements annotated with {@link #annotation()} that are new in the round
 * together with those it deferred in the previous one, and keeps whatever it defers for the next round (by name: javac
 * may give new element objects each round).
 */
interface ProcessingStep {

    /** The annotation whose elements this step processes. */
    Class<? extends Annotation> annotation();

    /** The types of this round the step processes: by default those annotated with {@link #annotation()}. */
    default List<TypeElement> types(RoundEnvironment round) {
        return ElementFilter.typesIn(round.getElementsAnnotatedWith(annotation())).stream().toList();
    }

    /**
     * Processes {@code elements}, reporting every problem, and gives back those that cannot be processed yet. In the
     * {@code lastRound} nothing can wait any more: the step must process (or report) every element.
     */
    List<TypeElement> process(List<TypeElement> elements, boolean lastRound);

    /**
     * Runs {@code work} on {@code element}, turning an unexpected exception into an error on it instead of throwing
     * into javac (which would end the compilation with a stack trace and no position).
     */
    static void guarded(Messager messager, Element element, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException | LinkageError e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            messager.printMessage(Diagnostic.Kind.ERROR, Message.PROCESSOR_FAILURE.format(element, trace), element);
        }
    }
}
