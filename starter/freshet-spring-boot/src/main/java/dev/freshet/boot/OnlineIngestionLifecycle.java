package dev.freshet.boot;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.job.RestartPolicy;
import dev.freshet.spark.job.SupervisedJob;
import dev.freshet.spark.online.OnlineJobSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the online job of every enabled feature set once the application context has started, keeps each running
 * ({@link SupervisedJob}: a job that fails is restarted from its checkpoint as {@code freshet.online.restart.*} says),
 * and stops them at a batch boundary when the context closes (before the SparkSession and the clients they use).
 * Effective settings — declared values after {@code freshet.feature-sets.<name>.*} overrides — are logged per feature
 * set.
 *
 * <p>A job that cannot start (its source topic is missing, Kafka does not answer) does not stop the application or
 * the other jobs: its supervisor handles that failure like any later one — logged once, health DOWN with the error,
 * readiness REFUSING_TRAFFIC — and starts it again after the back-off if a restart can fix it. Settings that are
 * invalid still fail the application's start.
 */
public class OnlineIngestionLifecycle implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(OnlineIngestionLifecycle.class);

    private final FreshetEngine engine;
    private final FreshetProperties properties;
    private final List<SupervisedJob> jobs = new ArrayList<>();
    private volatile boolean running;

    /** A lifecycle for {@code engine}'s online jobs, configured by {@code properties}. */
    public OnlineIngestionLifecycle(FreshetEngine engine, FreshetProperties properties) {
        this.engine = engine;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        List<String> enabled = enabledFeatureSets();
        try {
            for (String name : enabled) {
                OnlineJobSettings settings = settings(engine.catalog().get(name));
                jobs.add(engine.superviseOnline(name, settings, restartPolicy()));
            }
        } catch (RuntimeException e) {
            stopJobs();
            throw e;
        }
        running = true;
        List<String> notRunning = jobs.stream().filter(j -> !j.status().running()).map(SupervisedJob::featureSet)
                .toList();
        if (notRunning.isEmpty()) {
            LOG.info("Freshet: {} online job(s) running: {}", jobs.size(), enabled);
        } else {
            // Each failure was logged once, with its reason, by the job's supervisor.
            LOG.warn("Freshet: {} of {} online job(s) running; not running, as logged above and shown in the health"
                    + " endpoint: {}", jobs.size() - notRunning.size(), jobs.size(), notRunning);
        }
    }

    @Override
    public synchronized void stop() {
        stopJobs();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after other beans (the web server included) and stops before them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }

    /** The supervised online jobs. */
    public synchronized List<SupervisedJob> jobs() {
        return List.copyOf(jobs);
    }

    /** The restart policy of {@code freshet.online.restart.*}. */
    RestartPolicy restartPolicy() {
        FreshetProperties.Restart r = properties.online().restart();
        try {
            return new RestartPolicy(r.initialBackoff(), r.maxBackoff(), r.jitter(), r.giveUpAfter(),
                    r.stableAfter());
        } catch (IllegalArgumentException e) {
            throw FreshetErrors.invalidSetting(null, "freshet.online.restart", r.toString(), "is invalid: "
                    + e.getMessage());
        }
    }

    /** The effective settings of {@code spec}'s online job. */
    OnlineJobSettings settings(FeatureSetSpec spec) {
        FreshetProperties.FeatureSet overrides = properties.featureSet(spec.name());
        Duration trigger = overrides.onlineTrigger() != null ? overrides.onlineTrigger() : spec.onlineTrigger();
        // An override of 0s means no TTL; without one, the declared TTL (or its default) applies.
        Duration ttl = overrides.onlineTtl() != null ? overrides.onlineTtl() : OnlineJobSettings.declaredTtl(spec);
        if (trigger.isNegative() || trigger.isZero()) {
            throw FreshetErrors.invalidSetting(spec.name(), "freshet.feature-sets." + spec.name() + ".online-trigger",
                    trigger.toString(), "is not positive; use a duration such as 5s");
        }
        if (ttl.isNegative()) {
            throw FreshetErrors.invalidSetting(spec.name(), "freshet.feature-sets." + spec.name() + ".online-ttl",
                    ttl.toString(), "is negative; use 0s for no TTL, or a duration such as 7d");
        }
        if (overrides.onlineTtl() != null && ttl.toMillis() % 1000 != 0) {
            // Redis expires keys in whole seconds: a fraction could only be rounded, differently by each writer.
            throw FreshetErrors.invalidSetting(spec.name(), "freshet.feature-sets." + spec.name() + ".online-ttl",
                    ttl.toString(), "is not a whole number of seconds (Redis expires keys in whole seconds); use a"
                            + " duration such as 90s or 7d");
        }
        return new OnlineJobSettings(trigger, properties.online().maxOffsetsPerTrigger(), ttl,
                OnlineJobSettings.RunMode.CONTINUOUS);
    }

    private List<String> enabledFeatureSets() {
        List<String> selected = properties.online().featureSets();
        for (String name : selected) {
            engine.catalog().get(name); // fails with "did you mean" on a misspelt name
        }
        List<String> enabled = new ArrayList<>();
        for (String name : engine.catalog().names()) {
            boolean chosen = selected.isEmpty() || selected.contains(name);
            Boolean override = properties.featureSet(name).onlineEnabled();
            if (override != null ? override : chosen) {
                enabled.add(name);
            }
        }
        return enabled;
    }

    private void stopJobs() {
        for (SupervisedJob job : jobs) {
            job.stop(properties.online().stopTimeout());
            LOG.info("Freshet: online job of feature set {} stopped", job.featureSet());
        }
        jobs.clear();
    }
}
