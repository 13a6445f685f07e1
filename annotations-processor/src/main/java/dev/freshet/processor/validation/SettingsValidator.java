package dev.freshet.processor.validation;

import dev.freshet.core.naming.FeatureSetName;
import dev.freshet.core.schedule.CronSchedule;
import dev.freshet.processor.model.FeatureSetDeclaration;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks what a feature set is called and when it runs: its name, {@code onlineTrigger}, {@code offlineSchedule} and
 * {@code onlineTtl}.
 */
public final class SettingsValidator {

    /**
     * The settings of a valid feature set.
     *
     * @param name            the effective name
     * @param onlineTrigger   interval between micro-batches
     * @param offlineSchedule the cron expression, trimmed
     * @param onlineTtl       the TTL, zero for none
     */
    public record Settings(String name, Duration onlineTrigger, String offlineSchedule, Duration onlineTtl) {
    }

    /** A validator of names and schedules. */
    public SettingsValidator() {}

    /** What is wrong with the settings of {@code declaration}; the settings if nothing is. */
    public ValidationReport<Settings> validate(FeatureSetDeclaration declaration) {
        ValidationReport.Builder<Settings> report = ValidationReport.about(declaration.element());
        String name = declaration.effectiveName();
        Optional<String> problem = FeatureSetName.problem(name);
        if (problem.isPresent() && declaration.defaultName()) {
            report.error(declaration.element(), declaration.annotation(), null, Message.NAME_DEFAULT_INVALID, name,
                    declaration.element().getSimpleName(), problem.get(), FeatureSetName.suggest(name));
        } else if (problem.isPresent()) {
            report.error(declaration.name(), Message.NAME_INVALID, name, problem.get(), FeatureSetName.suggest(name));
        }
        Optional<Duration> trigger = DurationValues.positive(declaration.onlineTrigger(), Message.TRIGGER_INVALID,
                report);
        CronSchedule.problem(declaration.offlineSchedule().value()).ifPresent(why -> report.error(
                declaration.offlineSchedule(), Message.SCHEDULE_INVALID, declaration.offlineSchedule().value(),
                why));
        Optional<Duration> ttl = declaration.onlineTtl().value().isEmpty() ? Optional.of(Duration.ZERO)
                : DurationValues.wholeSeconds(declaration.onlineTtl(), Message.TTL_INVALID, report);
        return report.build(() -> new Settings(name, trigger.orElseThrow(),
                declaration.offlineSchedule().value().trim(), ttl.orElseThrow()));
    }
}
