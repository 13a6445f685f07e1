package dev.freshet.boot;

import dev.freshet.spark.FreshetEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Keeps readiness REFUSING_TRAFFIC while an online job does not run. Spring Boot declares an application ready
 * (ACCEPTING_TRAFFIC) once it has started, after the online jobs' first starts: a job that failed to start, or failed
 * since, would otherwise be hidden from readiness until its next failure. {@link ReadinessPublisher} follows the jobs
 * from then on.
 *
 * <p>It answers within the dispatch of Boot's event, so it must hear that event after Boot's
 * {@code ApplicationAvailabilityBean} has recorded it, or that bean would record ACCEPTING_TRAFFIC last: it comes last
 * in order, and Freshet's auto-configuration (which defines it) comes after the one of application availability.
 */
final class ReadinessGuard implements ApplicationListener<AvailabilityChangeEvent<?>>, Ordered {

    private final ObjectProvider<FreshetEngine> engine;
    private final ApplicationEventPublisher events;

    ReadinessGuard(ObjectProvider<FreshetEngine> engine, ApplicationEventPublisher events) {
        this.engine = engine;
        this.events = events;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
        if (event.getState() != ReadinessState.ACCEPTING_TRAFFIC) {
            return;
        }
        FreshetEngine freshet = engine.getIfAvailable();
        if (freshet != null && freshet.supervisedJobs().stream().anyMatch(j -> !j.status().running())) {
            AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        }
    }
}
