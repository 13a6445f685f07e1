package dev.freshet.samples.transactions;

import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.spark.source.KafkaConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells the user, once the application is ready, where to look at what Freshet produces. */
@Component
class WhereToLook implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(WhereToLook.class);
    private static final String FEATURE_SET = "user-last-transaction";

    private final OnlineStoreLayout layout;
    private final RedisEndpoint redis;
    private final KafkaConnection kafka;
    private final Environment env;

    WhereToLook(OnlineStoreLayout layout, RedisEndpoint redis, KafkaConnection kafka, Environment env) {
        this.layout = layout;
        this.redis = redis;
        this.kafka = kafka;
        this.env = env;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : 8080;
        String base = "http://localhost:" + port;
        String keys = layout.prefix() + ":" + FEATURE_SET;
        String redisCli = "redis-cli -h " + redis.host() + " -p " + redis.port();
        LOG.info("""

                =====================================================================================
                 Freshet sample is running: events flow into Kafka, features into Redis within seconds.
                   Features over HTTP : curl {}/features/{}/user-7
                                        curl {}/features/user-transaction-aggregates/user-7
                                        curl {}/features/login-attempts/user-3
                                        curl {}/features/user-risk/user-7
                   Chained via a sink : curl {}/features/user-risk-alert/user-7
                                        (user-risk's sink topic user-risk-updates is user-risk-alert's source)
                   Typed handles      : curl {}/fraud-signals/user-7
                   Features in Redis  : {} --scan --pattern '{}:*' | head
                                        {} HGETALL {}:user-7
                   Dead letters       : curl {}/dead-letters/{}
                                        (Kafka topic freshet.dlq.{} on {})
                   Backfill           : user-transaction-aggregates' windows hold the week of history before
                                        {} from {}/transactions (see docs/backfill.md)
                   Offline store      : Delta tables under {} (a run every minute)
                                        curl -X POST {}/offline-runs/user-transaction-aggregates
                   Training data      : curl {}/training-sample/user-transaction-aggregates
                   Consistency        : curl {}/consistency/user-transaction-aggregates
                   Catalog            : {}/freshet/ in a browser
                                        curl {}/actuator/freshet/user-transaction-aggregates
                   Health             : curl {}/actuator/health
                   Metrics            : curl {}/actuator/metrics/freshet.freshness
                                        curl -s {}/actuator/prometheus | grep ^freshet_
                   Checkpoints        : {}
                 Stop with Ctrl-C.
                =====================================================================================""",
                base, FEATURE_SET, base, base, base, base, base, redisCli, keys, redisCli, keys, base, FEATURE_SET,
                FEATURE_SET, kafka.bootstrapServers(), UserTransactionAggregates.HISTORY_END,
                env.getProperty("sample.history.dir", "./freshet-data/history"),
                env.getProperty("freshet.offline.root"), base, base, base, base, base, base, base, base,
                env.getProperty("freshet.checkpoint-root"));
    }
}
