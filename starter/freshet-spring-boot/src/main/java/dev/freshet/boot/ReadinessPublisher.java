package dev.freshet.boot;

import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.job.JobFailure;
import dev.freshet.core.job.JobKind;
import dev.freshet.spark.job.SupervisedJob;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Makes the application's readiness follow its online jobs: REFUSING_TRAFFIC as soon as one fails, ACCEPTING_TRAFFIC
 * again once every supervised job runs. Liveness is left alone: restarting the application would not bring Redis or
 * Kafka back.
 */
final class ReadinessPublisher implements SupervisedJob.Listener {

    private final ApplicationEventPublisher events;
    private final ObjectProvider<FreshetEngine> engine;

    ReadinessPublisher(ApplicationEventPublisher events, ObjectProvider<FreshetEngine> engine) {
        this.events = events;
        this.engine = engine;
    }

    @Override
    public void failed(String featureSet, JobKind kind, JobFailure failure, boolean givenUp) {
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
    }

    @Override
    public void restarted(String featureSet, JobKind kind) {
        if (engine.getObject().supervisedJobs().stream().allMatch(j -> j.status().running())) {
            AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
    }
}
