package dev.freshet.benchmarks;

import static dev.freshet.testsupport.FeatureSets.column;

import dev.freshet.api.ValueType;
import dev.freshet.api.spec.RecordTransformSpec;
import dev.freshet.api.spec.SqlFunctionParameter;
import dev.freshet.api.spec.SqlFunctionSpec;
import dev.freshet.api.spec.SqlFunctionType;
import dev.freshet.api.spi.RecordTransformInvoker;
import dev.freshet.api.spi.SqlFunctionInvoker;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The risk score of the Java-transforms benchmark, as a user would write it in Java: the amount, doubled for a remote
 * transaction, for transactions with a positive amount. It comes as a SQL function ({@link #risk}) and as a typed
 * record transform ({@link #score}); their invokers and specs are written as the annotation processor generates them,
 * so that the engine calls the methods as it calls users' code.
 */
final class RiskScore {

    /** The source's record: {@code amount} and {@code is_remote} primitive, as a user would declare them. */
    record Transaction(String user_id, double amount, boolean is_remote, Instant timestamp) {
    }

    /** {@link #score}'s output: the row the SQL contenders select. */
    record Scored(String user_id, double risk, Instant timestamp) {
    }

    /** {@link #risk} as the processor lists it for a feature set whose SQL calls it. */
    static final SqlFunctionSpec RISK_FUNCTION = new SqlFunctionSpec("risk",
            List.of(new SqlFunctionParameter("amount", SqlFunctionType.DOUBLE, true),
                    new SqlFunctionParameter("remote", SqlFunctionType.BOOLEAN, true)),
            SqlFunctionType.DOUBLE, "dev.freshet.benchmarks.RiskScore.risk(double, boolean)", Functions.RISK);

    /** {@link #score} as the processor describes it for a feature set that runs it on the source records. */
    static final RecordTransformSpec SCORE_TRANSFORM = new RecordTransformSpec(
            "dev.freshet.benchmarks.RiskScore.score(dev.freshet.benchmarks.RiskScore.Transaction)",
            "dev.freshet.benchmarks.RiskScore.Transaction", "dev.freshet.benchmarks.RiskScore.Scored",
            List.of(column("user_id", ValueType.STRING), column("amount", ValueType.DOUBLE),
                    column("is_remote", ValueType.BOOLEAN), column("timestamp", ValueType.TIMESTAMP)),
            List.of("amount", "is_remote"), ScoreInvoker.INSTANCE);

    private RiskScore() {}

    /** The amount, doubled when remote: what {@code amount * IF(is_remote, 2, 1)} computes. */
    static double risk(double amount, boolean remote) {
        return remote ? amount * 2 : amount;
    }

    /** The risk of a transaction with a positive amount; nothing for the others, as the SQL's WHERE drops them. */
    static Optional<Scored> score(Transaction t) {
        if (t.amount() <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Scored(t.user_id(), risk(t.amount(), t.is_remote()), t.timestamp()));
    }

    /** The SQL functions' invokers, as the processor generates them: one constant per function. */
    enum Functions implements SqlFunctionInvoker {
        /** {@code risk}: {@link RiskScore#risk}. */
        RISK {
            @Override
            public Object invoke(Object[] arguments) {
                return RiskScore.risk((double) (Double) arguments[0], (boolean) (Boolean) arguments[1]);
            }
        }
    }

    /** The invoker the processor generates for {@link #score}. */
    enum ScoreInvoker implements RecordTransformInvoker {
        INSTANCE;

        @Override
        public void apply(Object[] input, Consumer<Object[]> output) {
            Optional<Scored> result = RiskScore.score(new Transaction((String) input[0], (Double) input[1],
                    (Boolean) input[2], (Instant) input[3]));
            if (result == null) {
                output.accept(null);
                return;
            }
            result.ifPresent(r -> output.accept(new Object[] {r.user_id(), r.risk(), r.timestamp()}));
        }
    }
}
