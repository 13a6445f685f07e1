package dev.freshet.boot;

import dev.freshet.spark.FreshetSparkConf;
import dev.freshet.spark.SparkJvmFlags;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.FactoryBean;

/**
 * Creates the application's SparkSession from {@code freshet.spark.*} on top of {@link FreshetSparkConf}'s defaults.
 * Spark keeps one default session per JVM: if one is already active (a test, or a host application), it is reused
 * as it is and left running on shutdown; a session this bean created is stopped with the context. Before either, it
 * checks that the JVM runs with the flags Spark needs ({@link SparkJvmFlags#check()}), so that a JVM without them
 * stops before Spark starts, with the flags to add.
 */
public class SparkSessionFactoryBean implements FactoryBean<SparkSession>, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(SparkSessionFactoryBean.class);

    private final FreshetProperties.Spark settings;
    private SparkSession session;
    private boolean created;

    /** A factory for a session with {@code settings}. */
    public SparkSessionFactoryBean(FreshetProperties.Spark settings) {
        this.settings = settings;
    }

    @Override
    public synchronized SparkSession getObject() {
        if (session == null) {
            SparkJvmFlags.check();
            // The JVM's default session first: the active one is per thread, and in a thread a streaming query
            // started it is that query's clone of the session.
            SparkSession existing = SparkSession.getDefaultSession().isDefined() ? SparkSession.getDefaultSession().get()
                    : SparkSession.getActiveSession().isDefined() ? SparkSession.getActiveSession().get() : null;
            if (existing != null) {
                LOG.info("Freshet: using the SparkSession already running in this JVM ({})",
                        existing.sparkContext().master());
                session = existing;
            } else {
                Map<String, String> conf = new LinkedHashMap<>(FreshetSparkConf.defaults(settings.master()));
                conf.put("spark.ui.enabled", Boolean.toString(settings.uiEnabled()));
                conf.putAll(settings.conf());
                var builder = SparkSession.builder().master(settings.master()).appName(settings.appName());
                conf.forEach(builder::config);
                session = builder.getOrCreate();
                created = true;
                LOG.info("Freshet: SparkSession {} started on {}", settings.appName(), settings.master());
            }
        }
        return session;
    }

    @Override
    public Class<?> getObjectType() {
        return SparkSession.class;
    }

    @Override
    public synchronized void destroy() {
        if (created && session != null) {
            session.stop();
            LOG.info("Freshet: SparkSession stopped");
        }
        session = null;
    }
}
