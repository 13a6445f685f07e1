package dev.freshet.spark.function;

import dev.freshet.api.spec.SqlFunctionParameter;
import dev.freshet.api.spec.SqlFunctionSpec;
import dev.freshet.api.spec.SqlFunctionType;
import dev.freshet.api.spi.SqlFunctionInvoker;
import java.util.List;
import java.util.Locale;

/**
 * SQL functions of the engine's tests, written as the processor generates them: an enum constant per function calling
 * a static method, and the spec the processor would list.
 */
public enum TestFunctions implements SqlFunctionInvoker {
    /** {@code normalize_user(String)}: stripped, lower case. */
    NORMALIZE_USER {
        @Override
        public Object invoke(Object[] arguments) {
            return normalizeUser((String) arguments[0]);
        }
    },
    /** {@code risk(double, boolean)}: the amount, doubled when remote. */
    RISK {
        @Override
        public Object invoke(Object[] arguments) {
            return risk((double) (Double) arguments[0], (boolean) (Boolean) arguments[1]);
        }
    },
    /** {@code checked_amount(double)}: the amount; throws on a negative one. */
    CHECKED_AMOUNT {
        @Override
        public Object invoke(Object[] arguments) {
            return checkedAmount((double) (Double) arguments[0]);
        }
    },
    /** {@code is_large(double)}: above 100; throws above 1000. */
    IS_LARGE {
        @Override
        public Object invoke(Object[] arguments) {
            return isLarge((double) (Double) arguments[0]);
        }
    };

    /** The spec of {@code normalize_user}. */
    public static final SqlFunctionSpec NORMALIZE_USER_SPEC = new SqlFunctionSpec("normalize_user",
            List.of(new SqlFunctionParameter("user", SqlFunctionType.STRING, false)), SqlFunctionType.STRING,
            "test.Functions.normalizeUser(java.lang.String)", NORMALIZE_USER);
    /** The spec of {@code risk}. */
    public static final SqlFunctionSpec RISK_SPEC = new SqlFunctionSpec("risk",
            List.of(new SqlFunctionParameter("amount", SqlFunctionType.DOUBLE, true),
                    new SqlFunctionParameter("remote", SqlFunctionType.BOOLEAN, true)),
            SqlFunctionType.DOUBLE, "test.Functions.risk(double, boolean)", RISK);
    /** The spec of {@code checked_amount}. */
    public static final SqlFunctionSpec CHECKED_AMOUNT_SPEC = new SqlFunctionSpec("checked_amount",
            List.of(new SqlFunctionParameter("amount", SqlFunctionType.DOUBLE, true)), SqlFunctionType.DOUBLE,
            "test.Functions.checkedAmount(double)", CHECKED_AMOUNT);
    /** The spec of {@code is_large}. */
    public static final SqlFunctionSpec IS_LARGE_SPEC = new SqlFunctionSpec("is_large",
            List.of(new SqlFunctionParameter("amount", SqlFunctionType.DOUBLE, true)), SqlFunctionType.BOOLEAN,
            "test.Functions.isLarge(double)", IS_LARGE);

    static String normalizeUser(String user) {
        return user == null ? null : user.strip().toLowerCase(Locale.ROOT);
    }

    static double risk(double amount, boolean remote) {
        return remote ? amount * 2 : amount;
    }

    static double checkedAmount(double amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("negative amount " + amount);
        }
        return amount;
    }

    static boolean isLarge(double amount) {
        if (amount > 1000) {
            throw new IllegalStateException("implausible amount " + amount);
        }
        return amount > 100;
    }
}
